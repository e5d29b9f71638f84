// The reason a listing gives often names whom the targets served: "for transferring missile
// equipment to Pakistan", "for their support of the military modernization of the People's
// Liberation Army", "over their alleged financing of Hezbollah". Each target of that event then
// supplies that party, with the event sentence as evidence. This reads the reason the event
// reader already found, so it holds for every target of a list, however it was written.
import type { Designation } from './designations.js';
import { isCountryWord } from './lexicon.js';
import { findNames } from './names.js';
import type { Relation } from './relations.js';

// A verb of giving with its recipient after "to", or a verb of backing with the one backed after it.
const GIVING = /(?<![\p{L}])(?:transferr?\p{L}*|suppl(?:y|ies|ied|ying)|provid\p{L}*|deliver\p{L}*|export\p{L}*|sell\p{L}*|sold|ship(?:s|ped|ping)?|contribut\p{L}*)(?![\p{L}])[^.;]{0,80}?\bto\s+(?:the\s+)?/u;
const BACKING = /(?<![\p{L}])(?:support(?:ing|s|ed)?|financ(?:ing|ed|es)|fund(?:ing|ed|s)|assist(?:ing|ance|ed)?|enabl(?:ing|ed))(?![\p{L}])\s+/u;

const CAPITALISED_RUN = /^((?:[\p{Lu}][\p{L}\p{N}'’.-]*)(?:\s+(?:of\s+|and\s+|the\s+)?[\p{Lu}][\p{L}\p{N}'’.-]*)*)/u;

// A lower-case word that is not a preposition or conjunction right after the run: the run modifies it.
const MODIFIES = /^\s+(?!(?:for|in|and|or|of|to|through|via|with|by|during|since|from|as|which|that|who|at|on|under|until|after|before)(?![\p{L}]))\p{Ll}/u;

/** The party a reason names as the one served, if one stands right after the verb. */
export function beneficiaryOf(reason: string): string | null {
  for (const verb of [GIVING, BACKING]) {
    const m = verb.exec(reason);
    if (!m) continue;
    // The one served may follow a few words of what was served ("the military modernization of the …").
    const rest = reason.slice(m.index + m[0].length).replace(/^(?:[\p{Ll}-]+\s+){0,6}/u, '');
    // A capitalised run ("People’s Liberation Army", "Pakistan’s" → Pakistan): the finder of
    // names leaves country words out, and a country is the usual recipient.
    const run = CAPITALISED_RUN.exec(rest)?.[1]?.replace(/(?<!\b(?:Co|Inc|Ltd|Corp))[.,;:]+$/u, '');
    if (!run) continue;
    // "supporting the Russian intervention": an adjective before the thing served, not a party.
    if (!/[’']s$/u.test(run) && MODIFIES.test(rest.slice(run.length))) continue;
    const possessive = /^([^’']+)[’']s$/u.exec(run.split(/\s+/u)[0]);
    const text = possessive && (isCountryWord(possessive[1]) || run.split(/\s+/u).length === 1) ? possessive[1] : run.replace(/[’']s$/u, '');
    if (text.length >= 2 && findNames(text).length + (isCountryWord(text) ? 1 : 0) > 0) return text;
  }
  return null;
}

/** A supplies relation from every target (listed now or before) to the party its listing's reason names. */
export function reasonRelations(designations: Designation[]): Relation[] {
  const out: Relation[] = [];
  for (const d of designations) {
    if (!d.reason || d.action === 'delisted' || d.action === 'extended') continue;
    const object = beneficiaryOf(d.reason);
    if (!object || object === d.target.text || d.target.text.includes(object)) continue;
    out.push({ subject: d.target.text, predicate: 'supplies', object, evidence: { start: d.evidence.start, end: d.evidence.end, text: d.evidence.text }, confidence: d.confidence });
  }
  return out;
}
