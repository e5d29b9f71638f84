// Sanction events a text reports: who was listed (or delisted, or had a listing extended) by
// which authority, when, why, and tied to which country. A sentence announces an event with a
// trigger ("imposed sanctions on", "were sanctioned", "include"); its targets are the names on
// the trigger's object side, or the bullet list the sentence opens. Sanctions told as history
// ("already subject to EU sanctions since December 2020") are events of action `other`.
import { sentenceDates, type Precision } from './dates.js';
import { authoritiesIn, countryOf, DELISTING, DESIGNATION_TRIGGERS, EXTENSION, HISTORY, REASON, TARGETS_END, type AuthorityMention } from './lexicon.js';
import { findNames, type NameSpan } from './names.js';
import type { Sentence } from './sentences.js';
import { AUTHORITY } from '../sources/authorities.js';
import { isGivenName } from '../text/name-equivalence.js';

export type Action = 'designated' | 'delisted' | 'extended' | 'other';
export type TargetType = 'Person' | 'Organization' | 'Vessel' | 'Other';

export interface Designation {
  target: NameSpan;
  targetType: TargetType;
  authority: string;
  action: Action;
  date: string | null;
  datePrecision: Precision | null;
  reason: string | null;
  country: string | null;
  /** The sentence that reports it (for a bullet target: the bullet). */
  evidence: Sentence;
  /** How sure the reader is (0–1): the product of its learned decisions; absent for rule-only output. */
  confidence?: number;
  /** The authority as the text names it ("the Office of Foreign Assets Control"). */
  authorityText?: string | null;
  /** Set when a hand rule, not a learned decision, read this event (several past listings in one sentence). */
  byRule?: boolean;
}

interface EventContext {
  authority: string | null;
  date: { value: string; precision: Precision } | null;
  country: string | null;
  reason: string | null;
  targetType: TargetType;
  action: Action;
  sentence: number;
}

// "Chinese companies", "Russian entities", "US defense companies": a country for the targets.
const GROUP_COUNTRY = /\b([\p{Lu}][\p{L}.]+)(?:\s+(?:state|defense|defence|military|state-owned|related))?\s+(?:companies|enterprises|entities|entity|firms|individuals|individual|citizens|nationals|persons|officials|businessmen|banks|vessels)\b/gu;
const AGAINST_COUNTRY = /\bsanctions (?:against|on) ([\p{Lu}][\p{L}]+)\b/u;
const PERSON_CONTEXT = /\b(individuals?|citizens?|nationals?|officials?|persons?|people|businessm[ae]n|judges?|prosecutors?|propagandists?|ministers?|oligarchs?|head|director|chairman)\b/iu;
// Laws, orders and programmes are the basis of a listing, never its target.
const PROGRAMME = /\b(Regulations?|Act|Order|Decree|Resolution|Law|Directive|Programme|Program|Sanctions|Measures)$/u;
const VESSEL_CONTEXT = /\b(vessels?|ships?|tankers?|carriers?)\b/iu;

function actionOf(text: string): Action {
  if (DELISTING.test(text)) return 'delisted';
  if (EXTENSION.test(text)) return 'extended';
  if (HISTORY.test(text)) return 'other';
  return 'designated';
}

function bestAuthority(mentions: AuthorityMention[]): AuthorityMention | null {
  return mentions.reduce<AuthorityMention | null>((best, m) => (!best || m.specificity > best.specificity ? m : best), null);
}

export function groupCountry(text: string): { code: string; at: number } | null {
  for (const m of text.matchAll(GROUP_COUNTRY)) {
    const code = countryOf(m[1]);
    if (code) return { code, at: m.index };
  }
  const against = AGAINST_COUNTRY.exec(text);
  const code = against ? countryOf(against[1]) : null;
  return code ? { code, at: against!.index } : null;
}

export function typeOf(name: NameSpan, context: string, fallback: TargetType): TargetType {
  if (VESSEL_CONTEXT.test(context) && name.text === name.text.toUpperCase()) return 'Vessel';
  if (/\b(LLC|Ltd|Inc|Corp|Co|Company|Limited|Group|Corporation|Plant|Factory|Bureau|Academy|Agency|Ministry|Holdings?|Technolog\w*|Services|Systems?|Shipping|Enterprises|Bank|Institute|Committee|Department|Unit|Council|Concern|Works|Union|Association|Fund|Foundation)\b/u.test(name.text) || name.form) return 'Organization';
  if (name.role) return 'Person';
  const words = name.text.split(/\s+/u);
  if (words.length >= 2 && words.length <= 5 && isGivenName(words[0].toLowerCase()) && !/\b(LLC|Ltd|Inc|Corp|Co|Company|Limited|Group|Holdings?|Services|Technolog\w*)\b/u.test(name.text)) return 'Person';
  return fallback;
}

/** Names on the object side of a trigger, split into list items where the text lists them. */
function targetNames(region: string, offset: number): NameSpan[] {
  const names: NameSpan[] = [];
  const items = region.includes(';') ? region.split(';') : [region];
  let itemOffset = offset;
  for (const item of items) {
    const found = findNames(item, itemOffset).filter((n) => !isDescriptor(item, n.start - itemOffset) && !isAuthority(n.text) && !isAlias(n, names));
    // In a ";" list each item is "descriptor, Name": the name is the item's last.
    if (items.length > 1) {
      const last = found.filter((n) => !found.some((o) => o.alias && o.alias.start === n.start)).pop();
      if (last) names.push(last);
    } else names.push(...found.filter((n) => !found.some((o) => o.alias && o.alias.start === n.start)));
    itemOffset += item.length + 1;
  }
  return names;
}

// "heads of the Main Department…", "members of the Council": the name describes an unnamed target.
function isDescriptor(text: string, at: number): boolean {
  const before = text.slice(0, at);
  if (/\b(of|at|from|with|by|to|in|on|against|for|under|within|about|over|towards?) (the |a |an )?$/u.test(before)) return true;
  // "the Lukashenka regime", "the Kremlin government": a name used as an adjective.
  const name = /^[^\s,;.()]+(?:\s[\p{Lu}][^\s,;.()]*)*/u.exec(text.slice(at))?.[0] ?? '';
  return /^\s+(regime|government|administration|authorities|forces|army|family|clan|era|side)\b/u.test(text.slice(at + name.length));
}

export function isAuthority(name: string): boolean {
  const found = authoritiesIn(name);
  return found.some((a) => a.end - a.start >= name.length - 4);
}

function isAlias(name: NameSpan, names: NameSpan[]): boolean {
  return names.some((n) => n.alias?.start === name.start);
}

/** A list item's name: the item's text when it is a name throughout ("Black Stone Oil and Gas", "Boeing in St. Louis"). */
function itemNames(region: string, offset: number): NameSpan[] {
  const out: NameSpan[] = [];
  let at = 0;
  // "X and Y Holdings" splits, "Black Stone Oil and Gas" does not: the part after "and" must be two words or more.
  for (const part of region.split(/(,\s*(?:and\s+|as well as\s+)?|;\s*(?:and\s+)?|\s+and\s+(?=[\p{Lu}"“«][^\s,]*\s+[^,]*?[\p{Lu}"“«]))/u)) {
    const start = at;
    at += part.length;
    const raw = part.replace(/^\s*(?:and|as well as)\s+/u, '');
    const lead = part.length - raw.length;
    const text = raw.trim().replace(/\.$/u, '');
    if (!text) continue;
    const found = findNames(raw, offset + start + lead);
    // A name in brackets after another is its alias, not a second target.
    const names = found.filter((n) => !isDescriptor(raw, n.start - offset - start - lead) && !isAuthority(n.text) && !found.some((o) => o.alias?.start === n.start));
    if (names.length === 0) continue;
    if (!/^[\p{Lu}\p{N}]/u.test(text) || text.split(/\s+/u).length > 8 || /^\d+\s+[a-z]/u.test(text)) {
      out.push(...names);
      continue;
    }
    const first = names[0];
    const s = offset + start + lead + (raw.length - raw.trimStart().length);
    if (first.start - s > 2) {
      out.push(...names);
      continue;
    }
    // A quoted name after its legal form is the name ("JSC “Kalashnikov Concern”" → Kalashnikov Concern).
    if (first.form) out.push(first);
    else out.push({ ...first, start: s, end: s + text.length, text: text.replace(/^[\p{Lu}][\p{L}]+-based\s+/u, '') });
  }
  return out;
}

/** The events of a text, from its sentences (in order) and publication date. */
export function extractDesignations(sentences: Sentence[], published: string | null, period: string | null = null): Designation[] {
  const designations: Designation[] = [];
  let context: EventContext | null = null;
  let openList: { context: EventContext; depth: number; until: number } | null = null;
  let defaultAuthority: string | null = null;

  sentences.forEach((sentence, k) => {
    const text = sentence.text;
    if (openList && sentence.bullet && sentence.depth > openList.depth) {
      const name = findNames(text, sentence.start)[0];
      const head = /^([^:–—(]+?)\s*(?:[:–—(]|$)/u.exec(text)?.[1] ?? '';
      if (name && name.start - sentence.start <= 3) {
        const target = head && name.end - sentence.start < head.length + 2 && head.split(/\s+/u).length <= 8 ? { ...name, text: head.replace(/[.,]$/u, ''), end: sentence.start + head.replace(/[.,]$/u, '').length } : name;
        const own = /\b([\p{Lu}][\p{L}]+) (?:national|citizen)\b/u.exec(text);
        designations.push({
          target,
          targetType: typeOf(target, text, openList.context.targetType),
          authority: openList.context.authority ?? defaultAuthority ?? 'US',
          action: openList.context.action,
          date: openList.context.date?.value ?? null,
          datePrecision: openList.context.date?.precision ?? null,
          reason: openList.context.reason,
          country: (own && countryOf(own[1])) ?? openList.context.country,
          evidence: sentence,
        });
      }
      return;
    }
    if (!sentence.bullet || (openList && sentence.depth <= openList.depth)) openList = null;

    const authorities = authoritiesIn(text);
    const trigger = findTrigger(text, context !== null && k - context.sentence <= 2);
    const history = HISTORY.test(text) && /\bsanction|\brestrictive measures|\blist\b/iu.test(text);
    const opensList = /:\s*$/u.test(text) && (trigger !== null || (context !== null && k - context.sentence <= 2) || /\bsanction/iu.test(text));
    if (!trigger && !history && !opensList) return;

    const recent = context && k - context.sentence <= 3 ? context : null;
    const said = bestAuthority(authorities);
    // "American sanctions" after "the US State Department imposed…" is the same agency's action;
    // a sentence naming no authority continues the last event's.
    const authority = said && !(said.authority === AUTHORITY.US && context?.authority?.startsWith('US ')) ? said.authority : (context?.authority ?? said?.authority ?? defaultAuthority);
    if (trigger && said && (!defaultAuthority || said.specificity > 1)) defaultAuthority = said.authority;
    const dates = sentenceDates(sentence, published).filter((d) => d.value);
    const action = actionOf(text);
    const reasonMatch = trigger ? REASON.exec(text.slice(trigger.passive ? trigger.end : trigger.end)) : null;
    const reason = reasonMatch ? text.slice(trigger!.end + reasonMatch.index + reasonMatch[0].length).replace(/[.;:]\s*$/u, '').trim() : null;
    const ownCountry = groupCountry(text);
    const here: EventContext = {
      authority,
      // An undated sentence continues the last event's date when it continues its authority's action.
      date: dates[0] ? { value: dates[0].value!, precision: dates[0].precision! } : context && action !== 'other' && context.action !== 'other' && context.authority === authority ? context.date : null,
      // A country carries over only to a list that continues the event ("These include…").
      country: ownCountry?.code ?? (recent && (trigger?.list || opensList) ? recent.country : null),
      reason,
      targetType: VESSEL_CONTEXT.test(text) ? 'Vessel' : PERSON_CONTEXT.test(text) ? 'Person' : 'Organization',
      action,
      sentence: k,
    };

    if (history && action === 'other' && authorities.length > 0 && (!trigger || trigger.passive)) {
      designations.push(...historyEvents(sentence, authorities, published, trigger));
    } else if (trigger) {
      let region = trigger.passive ? text.slice(0, trigger.start) : text.slice(trigger.end, reasonMatch ? trigger.end + reasonMatch.index : text.length);
      // A headline's "| Update 30 January" or "via BICom" is not part of the target list, nor is the legal basis.
      region = region.replace(/\s(?:\||via\s)[^]*$/u, '');
      const basis = trigger.passive ? null : TARGETS_END.exec(region);
      if (basis) region = region.slice(0, basis.index);
      const regionOffset = sentence.start + (trigger.passive ? 0 : trigger.end);
      const listLike = trigger.list || /,.*,/u.test(region);
      const names = listLike && !region.includes(';') ? itemNames(region, regionOffset) : targetNames(region, regionOffset);
      for (const name of names) {
        if (isAuthority(name.text) || PROGRAMME.test(name.text)) continue;
        designations.push({
          target: name,
          targetType: typeOf(name, text, here.targetType),
          authority: authority ?? 'US',
          action,
          date: here.date?.value ?? null,
          datePrecision: here.date?.precision ?? null,
          reason,
          // "the Russian entities X" ties X to RU; "X, …, and three Chinese companies" does not.
          country: name.country ?? (ownCountry && ownCountry.at > name.start - sentence.start ? null : here.country),
          evidence: sentence,
        });
      }
    }
    // Named parties said in passing to be listed already ("OJSC “Peleng,” already on the US sanctions list").
    designations.push(...inPassing(sentence));
    if (trigger || opensList) context = here;
    if (opensList) openList = { context: here, depth: sentence.depth, until: k };
  });
  // A digest's events happened in the period it covers: undated new actions get that date, to its precision.
  if (period) for (const d of designations) if (!d.date && d.action !== 'other') Object.assign(d, { date: period, datePrecision: period.length === 7 ? 'month' : 'year' });
  return dedupe(designations);
}

interface Trigger {
  start: number;
  end: number;
  passive: boolean;
  /** "include", "are": a list follows. */
  list: boolean;
}

function findTrigger(text: string, continuing: boolean): Trigger | null {
  // "The blacklisted companies include A, B…": the list verb, not the adjective, opens the targets.
  const ordered = /\binclud(e|es|ed|ing)\b/iu.test(text) ? [DESIGNATION_TRIGGERS[DESIGNATION_TRIGGERS.length - 1], ...DESIGNATION_TRIGGERS] : DESIGNATION_TRIGGERS;
  for (const { pattern, passive } of ordered) {
    pattern.lastIndex = 0;
    const m = pattern.exec(text);
    if (!m) continue;
    const list = /^(include|includes|included|including|are|were)/iu.test(m[0]);
    // "include"/"are" announce targets only right after an event or beside a sanction word.
    if (list && !continuing && !/\b(sanction|designat|blacklist|listed|listings?|target)/iu.test(text)) continue;
    return { start: m.index, end: m.index + m[0].length, passive, list };
  }
  return null;
}

/** "X has been subject to EU sanctions since December 2020, as well as US sanctions since 2022". */
function historyEvents(sentence: Sentence, authorities: AuthorityMention[], published: string | null, trigger: Trigger | null): Designation[] {
  const text = sentence.text;
  const verb = /\b(has|have|had|was|were|is|are)\b/u.exec(text);
  const subjectEnd = Math.min(verb?.index ?? text.length, authorities[0].start);
  const subjects = findNames(text.slice(0, trigger && trigger.passive ? trigger.start : subjectEnd), sentence.start).filter((n) => !isAuthority(n.text));
  if (subjects.length === 0) return [];
  const target = subjects[subjects.length - 1];
  const dates = sentenceDates(sentence, published).filter((d) => d.value);
  return authorities
    .filter((a) => a.start >= subjectEnd)
    .map((a, i, list) => {
      const next = list[i + 1]?.start ?? text.length;
      const date = dates.find((d) => d.start - sentence.start > a.start && d.start - sentence.start < next) ?? null;
      const reason = REASON.exec(text.slice(a.end, next));
      return {
        target,
        targetType: typeOf(target, text, 'Organization'),
        authority: a.authority,
        action: 'other' as const,
        date: date?.value ?? null,
        datePrecision: date?.precision ?? null,
        reason: reason ? text.slice(a.end + reason.index + reason[0].length, next).replace(/[,.;]?\s*(as well as)?\s*$/u, '').trim() : null,
        country: target.country ?? null,
        evidence: sentence,
      };
    });
}

const IN_PASSING = /(?:,?\s*(?:which|who) (?:is|are|was|were)|,)\s+(?:already\s+)?(?:on|under)\s+(?:the\s+)?((?:U\.?S\.?|US|EU|UK|UN|American|European|British|Canadian)\b)\s*(?:sanctions?)(?:\s+list)?/gu;

function inPassing(sentence: Sentence): Designation[] {
  const out: Designation[] = [];
  for (const m of sentence.text.matchAll(IN_PASSING)) {
    const before = findNames(sentence.text.slice(0, m.index), sentence.start).filter((n) => !isAuthority(n.text));
    const target = before[before.length - 1];
    const authority = authoritiesIn(m[1])[0]?.authority;
    if (!target || !authority) continue;
    out.push({ target, targetType: typeOf(target, sentence.text, 'Organization'), authority, action: 'other', date: null, datePrecision: null, reason: null, country: target.country ?? null, evidence: sentence });
  }
  return out;
}

function dedupe(designations: Designation[]): Designation[] {
  const seen = new Set<string>();
  // A headline's "US sanctions against X" and the body's "the State Department imposed sanctions on X" are one event.
  const agency = new Set(designations.filter((d) => d.authority.startsWith('US ')).map((d) => `${d.target.text.toLowerCase()}|${d.action}`));
  return designations.filter((d) => {
    if (d.authority === AUTHORITY.US && agency.has(`${d.target.text.toLowerCase()}|${d.action}`)) return false;
    const key = `${d.target.text.toLowerCase()}|${d.authority}|${d.action}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
