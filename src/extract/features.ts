// Features of the decisions the news reader learns: "is this name a target of the event told
// here", "which event (new listing, delisting, extension, history)", "is this authority the one
// acting", "is this line page furniture", "is this name a party worth keeping", "which relation
// holds between these two names". Each feature is a short string; the weights of
// data/models/news.json say how much each counts. Nothing here names a file or a party: only
// shapes, cue words, positions and list structure, so what is learned carries over.
import type { Line } from './clean.js';
import type { ArticleDocument, DocSentence } from './document.js';
import { countryWordCode } from './countries.js';
import { sentenceDates } from './dates.js';
import { isPlaceName } from './places.js';
import { countryOf, isCountryWord } from './lexicon.js';
import type { NameSpan } from './names.js';
import { isGivenName } from '../text/name-equivalence.js';
import { tagEnglish } from './language.js';
import { LISTED_KIND, listedKinds, listedName } from '../text/listed-names.js';
import { AUTHORITY, US_AGENCIES } from '../sources/authorities.js';

const bucket = (n: number, edges: number[]) => {
  const i = edges.findIndex((e) => n <= e);
  return i < 0 ? `>${edges[edges.length - 1]}` : `<=${edges[i]}`;
};
const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

const LEGAL = /(?<![\p{L}])(LLC|Ltd|Limited|Inc|Corp|Corporation|Co|Company|Group|Holdings?|GmbH|AG|SA|S\.A|JSC|OJSC|PJSC|CJSC|OOO|OAO|ZAO|ООО|ОАО|АО|ПАО|ТОВ|Bank|Plant|Factory|Institute|Bureau|Academy|University|Ministry|Agency|Committee|Council|Department|Service|Services|Systems?|Technolog\p{L}*|Industr\p{L}*|Shipping|Trading|Enterprises?|Organi[sz]ation|Foundation|Fund|Union|Association|Party|Army|Guard|Corps|Front|Brigade|Cartel|Cártel|Police|Media|Network|Center|Centre|Unit|Office|Commission|Государственн\p{L}*|Министерств\p{L}*|завод\p{L}*|компани\p{L}*)(?![\p{L}])/u;
const ROLE_BEFORE = /(minister|president|secretary|director|chairman|chair|head|chief|ceo|commander|officer|official|spokes\w*|leader|founder|owner|general|colonel|governor|ambassador|deputy|businessman|national|citizen|oligarch|judge|manager|executive|member)\W*$/iu;
const PREPOSITION_BEFORE = /(?:^|\s)(of|at|from|with|by|to|in|on|for|under|within|about|over|toward|towards|into|via|de|del|du|des|la|le|von|der|für|при|в|во|на|из|от|с|со|для|по|у|з|із|від|до)\s+(?:the\s+|a\s+|an\s+)?$/iu;

// Where, not whom: "in", "at", "from" (not "on" or "against", which name a listing's targets).
const LOCATIVE_BEFORE = /(?:^|\s)(?:in|at|from|near|в|во|у|из|із|з|en|dans|im|bei|aus)\s+(?:the\s+)?(?:ports?\s+of\s+)?$/iu;
const NUMBER_WORDS = String.raw`\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|several|двое|трое|два|две|три|четыре|пять|дві|чотири|п'ять|deux|trois|quatre|cinq|dos|tres|cuatro|cinco|zwei|drei|vier|fünf`;
const GROUP_NOUNS = String.raw`individuals?|persons?|people|entities|entity|companies|firms|organi[sz]ations|vessels|ships|tankers|banks|officials|nationals|citizens|oligarchs|businessmen|осіб|особ\p{L}*|лиц|человек|физическ\p{L}*|юридическ\p{L}*|компани\p{L}*|организаци\p{L}*|суд\p{L}*|фізичн\p{L}*|юридичн\p{L}*|души|лица|организации|Personen|Unternehmen|Organisationen|Schiffe|personnes|entités|sociétés|navires|personas|entidades|empresas|buques`;
const COUNTED_GROUP = new RegExp(String.raw`(?<![\p{L}])(?:${NUMBER_WORDS})\s+(?:\p{L}+\s+){0,2}?(?:${GROUP_NOUNS})(?![\p{L}])`, 'iu');

// The cue word itself only in English: in the other languages a handful of texts each would
// teach the words of those texts (German capitalises every noun next to "Sanktionen").
const cueWords = (doc: ArticleDocument, s: DocSentence) => (doc.language === 'en' ? new Set(s.sanctionCues) : new Set<string>());

/** Shape of a name: legal forms, person-like, all capitals, length. */
export function nameShape(name: NameSpan): string[] {
  const f: string[] = [];
  const ws = name.text.split(/\s+/u).filter(Boolean);
  f.push(`nwords:${bucket(ws.length, [1, 2, 3, 4, 6])}`);
  if (LEGAL.test(name.text) || name.form) f.push('shape:org');
  if (ws.length >= 2 && ws.length <= 5 && isGivenName(ws[0].toLowerCase())) f.push('shape:given-first');
  if (ws.length >= 2 && isGivenName(ws[ws.length - 1].toLowerCase())) f.push('shape:given-last');
  if (name.text === name.text.toUpperCase() && /\p{Lu}{2}/u.test(name.text)) f.push(ws.length === 1 && name.text.length <= 6 ? 'shape:acronym' : 'shape:capitals');
  if (/\d/u.test(name.text)) f.push('shape:digit');
  if (name.role) f.push('shape:role');
  if (name.country) f.push('shape:country-adjective');
  if (name.alias) f.push('shape:has-alias');
  if (name.part) f.push('shape:part');
  if (/\s(?:and|y|et|und|и|та|і|&)\s/u.test(name.text)) f.push('shape:joined');
  if (isCountryWord(name.text) || countryOf(name.text) || countryWordCode(name.text)) f.push('shape:country');
  else if (isPlaceName(name.text)) f.push('shape:place');
  if (/[’']s$/u.test(name.text)) f.push('shape:possessive');
  if (/[\p{Script=Cyrillic}]/u.test(name.text)) f.push('shape:cyrillic');
  if (/^(?:Mr|Ms|Mrs|Dr)\.?\s/u.test(name.text)) f.push('shape:honorific');
  // The lists as a gazetteer: a span that is a listed name is a party; one no list carries, of
  // one word, is more likely a common word or a cut name ("Trade", "Development Office").
  const listed = listedKinds(name.text);
  if (listed & LISTED_KIND.person) f.push('gaz:person');
  if (listed & LISTED_KIND.organization) f.push('gaz:organization');
  if (listed & LISTED_KIND.vessel) f.push('gaz:vessel');
  if (!listed) f.push(ws.length === 1 ? 'gaz:none-one-word' : 'gaz:none');
  return f;
}

const SAY = String.raw`said|says|stated|states|told|tells|announced|added|noted|warned|wrote|commented|remarked|declared|заявил\p{L}*|заявив\p{L}*|сказал\p{L}*|сказав\p{L}*|сообщил\p{L}*|повідомив\p{L}*|отметил\p{L}*|зазначив\p{L}*|dijo|declaró|afirmó|a déclaré|a dit|sagte|erklärte|каза`;
const SPEAKER_AFTER = new RegExp(String.raw`^\s*,?\s*(?:[\p{L}’'.-]+\s+){0,5}?(?:${SAY})(?![\p{L}])`, 'u');
const SPEAKER_BEFORE = new RegExp(String.raw`(?:(?:${SAY})|according to|по словам|за словами|según|selon|laut)\s+(?:[\p{L}’'.-]+\s+){0,4}$`, 'iu');

/** Where a name stands in its sentence and what is around it. */
function context(s: DocSentence, name: NameSpan): string[] {
  const f: string[] = [];
  const at = name.start - s.start;
  const before = s.text.slice(0, at);
  const after = s.text.slice(name.end - s.start);
  const bw = words(before);
  const aw = words(after);
  f.push(`prev1:${bw[bw.length - 1] ?? '^'}`, `prev2:${bw.slice(-2).join('_') || '^'}`, `next1:${aw[0] ?? '$'}`);
  f.push(`charbefore:${before.trimEnd().slice(-1) || '^'}`, `charafter:${after.trimStart().slice(0, 1) || '$'}`);
  if (PREPOSITION_BEFORE.test(before)) f.push('ctx:after-preposition');
  if (ROLE_BEFORE.test(before)) f.push('ctx:after-role');
  if (/^\s*,\s+(?:a|an|the|who|which|based|one|its|his|her)\b/iu.test(after)) f.push('ctx:apposition');
  if (/^\s*\(/u.test(after)) f.push('ctx:bracket-after');
  // Who speaks is rarely whom the sanctions hit: "X said", "X, the spokesperson, told", "according to X".
  if (SPEAKER_AFTER.test(after) || SPEAKER_BEFORE.test(before)) f.push('ctx:speaker');
  if (/^\s*(?:’s|'s)\b/u.test(after)) f.push('ctx:possessive');
  if (/^\s*\([^)]*(?:China|Russia|Iran|Belarus|Hong Kong|Turkey|UAE|India|Korea|Syria|Pakistan|Türkiye|[A-Z]{2})[^)]*\)/u.test(after)) f.push('ctx:country-bracket');
  if (at <= 3) f.push('ctx:sentence-start');
  if (/^\s*[;,]/u.test(after) || /[;,]\s*(?:and\s+|y\s+|et\s+|und\s+|и\s+|та\s+)?$/u.test(before)) f.push('ctx:in-list');
  if (/^\s*(?:and|y|et|und|и|та|і)\s/iu.test(after) || /\s(?:and|y|et|und|и|та|і)\s+$/iu.test(before)) f.push('ctx:conjunction');
  if (s.text.includes(';')) f.push('sent:semicolons');
  if (s.bullet) f.push('sent:bullet');
  if (s.listItem) f.push(at <= 3 ? 'sent:list-item-start' : 'sent:list-item');
  if (s.head) f.push('sent:head');
  if (s.text.split(/\s+/u).length <= 12) f.push('sent:short');
  return f;
}

// Between two members of one enumeration: a comma or semicolon (or "and"), then at most a few
// words that describe the next member ("громадяни Росії олігарх", "the composer").
const ENUMERATION_GAP = /^\s*(?:[,;]|,?\s*(?:and|or|as well as|y|e|et|und|sowie|и|а также|та|і|й)(?![\p{L}]))\s*(?:(?:and|y|et|und|и|та|і)\s+)?(?:[\p{L}'’.-]+\s+){0,4}$/u;

/** The names of the sentence that stand in one enumeration with this one ("A, B, C and D"), in order; alone, just itself. */
export function enumerationOf(s: DocSentence, name: NameSpan): NameSpan[] {
  const names = s.names.filter((n) => !n.part).sort((a, b) => a.start - b.start);
  const runs: NameSpan[][] = [];
  for (const n of names) {
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    if (last && ENUMERATION_GAP.test(s.text.slice(last.end - s.start, n.start - s.start))) run.push(n);
    else runs.push([n]);
  }
  return runs.find((r) => r.some((n) => n.start <= name.start && name.end <= n.end)) ?? [name];
}

/** Features of "is this name a target of a sanction event", for a name in sentence k. */
export function targetFeatures(doc: ArticleDocument, k: number, name: NameSpan): string[] {
  const s = doc.sentences[k];
  // No language prior: with a few texts per language it would learn those texts, not the language.
  const f = [...nameShape(name), ...context(s, name)];
  const at = name.start - s.start;
  const near = (d: number) => doc.sentences[k - d];
  // "18 осіб. Серед них A, B, C", "seven individuals: A; B": a counted group told here or just
  // before, whose members are then named.
  const counted = [0, 1, 2].find((d) => near(d) && COUNTED_GROUP.test(near(d).text));
  if (counted !== undefined) f.push(`counted-group:${counted}`);
  const cueHere = s.sanctionCues.length > 0;
  f.push(cueHere ? 'cue:here' : near(1)?.sanctionCues.length ? 'cue:prev1' : near(2)?.sanctionCues.length ? 'cue:prev2' : 'cue:none');
  for (const c of cueWords(doc, s)) f.push(`cueword:${c}`);
  if (cueHere) {
    const cueAt = s.text.toLowerCase().indexOf(s.sanctionCues[0]);
    f.push(cueAt >= 0 && cueAt < at ? 'cue:before-name' : 'cue:after-name');
    f.push(`cue:dist:${bucket(Math.abs(at - cueAt), [10, 30, 80, 200])}`);
    if (/(?<![\p{L}])(?:was|were|been|be|are|is|being|fue|fueron|ont été|wurden|был\p{L}*|були)\s+(?:also\s+|now\s+)?\S*$/iu.test(s.text.slice(0, Math.max(0, cueAt)))) f.push('cue:passive');
  }
  if (s.delist) f.push('cue:delist');
  if (s.extend) f.push('cue:extend');
  if (s.history) f.push('cue:history');
  if (s.firstPerson) f.push('cue:first-person');
  if (k > 0 && near(1)?.announces) f.push('prev:announces');
  // Authorities: a name that is one is the actor, not the target.
  if (s.authorities.some((a) => a.start <= at && a.end >= name.end - s.start)) f.push('is:authority');
  else if (s.authorities.some((a) => a.start < name.end - s.start && a.end > at)) f.push('overlaps:authority');
  if (s.authorities.some((a) => a.end <= at)) f.push('authority:before');
  if (s.authorities.some((a) => a.start >= name.end - s.start)) f.push('authority:after');
  if (/(Regulations?|Act|Order|Decree|Resolution|Law|Directive|Programme|Program|Sanctions|Measures|List|E\.O\.)$/u.test(name.text)) f.push('is:programme');
  // POS of the words around the name (English).
  if (s.tokens) {
    const i = s.tokens.findIndex((t) => t.end > at);
    const prev = s.tokens[i - 1];
    if (prev) f.push(`prevpos:${prev.pos}`, `prevlemma:${prev.lemma}`);
    const verb = s.tokens.slice(0, Math.max(0, i)).reverse().find((t) => t.pos === 'VERB');
    if (verb) f.push(`verb-before:${verb.lemma}`);
    const verbAfter = s.tokens.slice(i).find((t) => t.pos === 'VERB' && t.start >= name.end - s.start);
    if (verbAfter) f.push(`verb-after:${verbAfter.lemma}`);
    const voice = subjectVoice(s.tokens.filter((t) => t.start >= name.end - s.start));
    if (voice) f.push(`subject:${voice}`);
  }
  f.push(`mentions:${bucket(doc.nameCounts.get(name.text) ?? 0, [1, 2, 4])}`);
  // A member of an enumeration plays the role of the list: its size, and whether a cue is near.
  const list = enumerationOf(s, name);
  if (list.length >= 2) {
    f.push(`enum:${bucket(list.length, [2, 3, 5])}`);
    f.push(`enum-cue:${cueHere ? 'here' : near(1)?.sanctionCues.length ? 'prev1' : 'none'}`);
    // "in Novorossiysk, Ust-Luga and Primorsk", "в Новоросійську, Усть-Лузі та Приморську": a
    // preposition before the first member governs the whole list (places, not parties).
    if (LOCATIVE_BEFORE.test(s.text.slice(0, list[0].start - s.start))) f.push('enum:after-locative');
  }
  return f;
}

/**
 * The name as the subject of the verb right after it: "Trump signed", "Treasury has imposed"
 * (active: the one who acts, rarely the target) or "X was designated", "X were also added"
 * (passive: the one acted on). Adverbs between are skipped; anything else (a comma, a noun)
 * means the name is not that verb's subject.
 */
function subjectVoice(after: { pos: string; lemma: string; text: string }[]): 'active' | 'passive' | null {
  const words = after.filter((t) => t.pos !== 'ADV' && t.pos !== 'PART').slice(0, 3);
  const [first, second] = words;
  if (!first) return null;
  if (first.pos === 'VERB') return 'active';
  if (first.pos !== 'AUX') return null;
  if (second?.pos !== 'VERB') return null;
  const participle = /(?:ed|en|wn|ne|lt|pt|ught|id)$/iu.test(second.text);
  return first.lemma === 'be' && participle ? 'passive' : first.lemma === 'be' || first.lemma === 'have' || /^(?:will|would|can|could|may|might|shall|should|must|do)$/iu.test(first.lemma) ? 'active' : null;
}

const HISTORY_CLAUSE = /(?<![\p{L}])(?:already|previously|earlier|originally|formerly|remains?|since (?:\p{L}+ )?(?:19|20)\d{2}|in (?:\p{L}+ )?(?:19|20)\d{2}|(?:was|were|had been|has been|have been) (?:\p{Ll}+ )?(?:designated|sanctioned|listed|blacklisted))(?![\p{L}])/u;

/** Features of which event a target's sentence tells: designated, delisted, extended, other (history). */
export function actionFeatures(doc: ArticleDocument, k: number, name: NameSpan, published: string | null, ruleAction: string | null = null, authority: string | null = null, asOf: string | null = published): string[] {
  const s = doc.sentences[k];
  const f: string[] = [`lang:${doc.language}`];
  // What the hand rules read here, and the event the document leads with: most targets of an
  // article share the event of its title and first paragraph; a history mention stands apart
  // by its own cue words, so those are also crossed with the lead event.
  if (ruleAction) f.push(`rule:action:${ruleAction}`);
  f.push(`lead:${doc.leadEvent ?? 'none'}`);
  if (!s.history && !s.delist && !s.extend) f.push(`lead-plain:${doc.leadEvent ?? 'none'}`);
  if (s.history) f.push(`lead-history:${doc.leadEvent ?? 'none'}`);
  f.push(`sentpos:${bucket(k, [0, 2, 5, 10, 20])}`);
  if (k === doc.firstEventSentence) f.push('sent:first-event');
  else if (doc.firstEventSentence !== null && k < doc.firstEventSentence) f.push('sent:before-first-event');
  if (s.delist) f.push('cue:delist');
  if (s.extend) f.push('cue:extend');
  if (s.history) f.push('cue:history');
  if (s.firstPerson) f.push('cue:first-person');
  if (/(?<![\p{L}])(today|this week|on (?:monday|tuesday|wednesday|thursday|friday)|new|newly|latest|fresh|сегодня|сьогодні|hoy|aujourd'hui|heute)(?![\p{L}])/iu.test(s.text)) f.push('cue:now');
  const title = doc.sentences.find((x) => x.head);
  if (title && /(?<![\p{L}])(delist|remov|lift|revok|исключ|виключ|levant)/iu.test(title.text)) f.push('title:delist');
  if (title && /(?<![\p{L}])(extend|prolong|renew|продл|продовж|prorrog|verlänger)/iu.test(title.text)) f.push('title:extend');
  const year = published ? Number(published.slice(0, 4)) : null;
  for (const m of s.text.matchAll(/(?<!\d)(19|20)\d{2}(?!\d)/gu)) {
    const y = Number(m[0]);
    f.push(year === null ? 'year:some' : y < year ? 'year:past' : 'year:current');
  }
  for (const w of words(s.text).filter((w) => /^(already|previously|since|earlier|last|had|has|have|under|was|were|remain|remains|remained|still|past|ago|originally|first|prior|formerly|once|continue|prolong|extend|renew|remove|removed|lift|lifted|delist|delisted|added|designated|sanctioned|imposed|blacklisted|ya|уже|ранее|раніше)$/u.test(w))) f.push(`w:${w}`);
  for (const c of cueWords(doc, s)) f.push(`cueword:${c}`);
  const before = s.text.slice(0, name.start - s.start);
  if (/(?<![\p{L}])(already|previously|earlier)(?![\p{L}])/iu.test(s.text.slice(name.end - s.start))) f.push('history-after-name');
  if (/(?<![\p{L}])(against|on|против|проти|contra|contre|gegen)\s+(?:the\s+)?(?:\S+\s+){0,3}$/iu.test(before)) f.push('after:against');
  if (s.listItem) f.push('sent:list-item');
  // History told of the name itself, in the clause right after it: "OJSC Peleng, already on the
  // US sanctions list, …", "the Reconnaissance General Bureau, which was designated by OFAC in January 2015".
  const clause = /^[^.;:]{0,120}/u.exec(s.text.slice(name.end - s.start))?.[0] ?? '';
  if (/^[”"»’)\s]*,\s*(?:which|who|that)?\s*/u.test(clause) && HISTORY_CLAUSE.test(clause.split(/,\s*(?=(?:and|but|were|was|are|is)\b)/u)[0]!)) f.push('clause-after:history');
  // The aspect of the verb that governs the name: "had sanctioned" (before the event told), "has imposed".
  if (s.tokens) {
    const at = name.start - s.start;
    const before = s.tokens.filter((t) => t.end <= at && t.pos !== 'ADV' && t.pos !== 'PART');
    const v = before.map((t, i) => [t, i] as const).reverse().find(([t]) => t.pos === 'VERB');
    const aux = v ? before[v[1] - 1] : undefined;
    if (v && aux?.pos === 'AUX') f.push(`gov-aux:${aux.lemma === 'have' ? (/^had$/iu.test(aux.text) ? 'had' : 'has') : aux.lemma === 'be' ? 'be' : 'other'}`);
    else if (v) f.push(`gov-verb:${/ed$/u.test(v[0].text) ? 'past' : 'other'}`);
  }
  f.push(...listingFeatures(name.text, asOf, authority));
  f.push(sentenceDateFeature(doc, k, published));
  return f;
}

// A month's slack: "in late March" against an early-April dateline is still this event.
const PAST_DAYS = 31;
const leadDates = new WeakMap<ArticleDocument, string | null>();

/**
 * Does the sentence date its event before the article's own? Against the publication date, or
 * without one the date of the first event sentence: "designated CJNG in February 2025" in an
 * article of April, "the first sanctions were imposed in November 1999", are history.
 */
function sentenceDateFeature(doc: ArticleDocument, k: number, published: string | null): string {
  let reference = published;
  if (!reference) {
    if (!leadDates.has(doc)) {
      const lead = doc.firstEventSentence !== null ? doc.sentences[doc.firstEventSentence] : null;
      leadDates.set(doc, lead ? (sentenceDates(lead, null).map((d) => d.value).filter((v): v is string => v !== null).sort().pop() ?? null) : null);
    }
    reference = leadDates.get(doc) ?? null;
  }
  if (!reference) return 'sent-date:no-reference';
  const s = doc.sentences[k];
  const values = sentenceDates(s, published).map((d) => d.value).filter((v): v is string => v !== null);
  if (values.length === 0) return 'sent-date:none';
  // A year or month compares by its end: "in 2023" is not before a 2023-06 article.
  const end = (v: string) => (v.length === 4 ? `${v}-12-31` : v.length === 7 ? `${v}-31` : v);
  const cutoff = new Date(Date.parse(reference.length === 4 ? `${reference}-01-01` : reference.length === 7 ? `${reference}-01` : reference) - PAST_DAYS * 86_400_000).toISOString().slice(0, 10);
  return values.every((v) => end(v) < cutoff) ? 'sent-date:past' : 'sent-date:current';
}

// Two months: a listing that old when the article was written is history, not its news.
const LISTED_BEFORE_DAYS = 60;

/**
 * What the lists say of the name at the article's date: already listed well before it (by
 * this authority, by another), or listed around or after it (the lists' dates say "listed on
 * or before", so a date near or past the article's is what a new listing looks like).
 */
export function listingFeatures(text: string, published: string | null, authority: string | null): string[] {
  const listed = listedName(text);
  if (!listed.kinds) return ['listed:no'];
  if (!published) return ['listed:undated-article'];
  const cutoff = new Date(Date.parse(published) - LISTED_BEFORE_DAYS * 86_400_000).toISOString().slice(0, 10);
  const dates = Object.entries(listed.since);
  const f = [dates.some(([, d]) => d < cutoff) ? 'listed-any:before' : 'listed-any:around'];
  if (authority) {
    // The US agencies count as one: a party OFAC lists is "already on the US sanctions list"
    // whichever agency the article credits (and the lists republish each other's US entries).
    const asOne = (a: string) => (US_AGENCIES.has(a) ? AUTHORITY.US : a);
    const wanted = authority.split(';').map((a) => asOne(a.trim()));
    const own = dates.filter(([a]) => wanted.includes(asOne(a))).map(([, d]) => d).sort()[0];
    f.push(own === undefined ? 'listed-authority:no' : own < cutoff ? 'listed-authority:before' : 'listed-authority:around');
  }
  return f;
}

/** Features of "is this authority mention the one acting on the target in sentence k". */
export function authorityFeatures(doc: ArticleDocument, k: number, name: NameSpan, candidate: { authority: string; where: string; specificity: number; start: number; sentence: number }): string[] {
  const f = [`where:${candidate.where}`, `spec:${candidate.specificity}`, `where-spec:${candidate.where}:${candidate.specificity}`];
  if (doc.issuer?.authority === candidate.authority) f.push('is:issuer');
  const count = doc.authorityCounts.get(candidate.authority) ?? 0;
  f.push(`count:${bucket(count, [1, 2, 4, 8])}`);
  const max = Math.max(...doc.authorityCounts.values(), 0);
  if (count === max) f.push('most-frequent');
  const s = doc.sentences[candidate.sentence];
  if (s) {
    const before = s.text.slice(0, candidate.start);
    if (/(?:^|\s)(by|of|from|with|por|par|von|от|від)\s+(?:the\s+)?$/iu.test(before)) f.push(`prev:${/(\S+)\s+(?:the\s+)?$/u.exec(before)?.[1]?.toLowerCase()}`);
    if (candidate.start <= 15) f.push('at-sentence-start');
    if (/(?:^|\s)(with|and|together)\s+(?:the\s+)?$/iu.test(before)) f.push('joint');
    // The actor stands before the sanction verb ("China announced countermeasures", "OFAC
    // designated"); a country after "against"/"on" is the targets' country, not the actor.
    const rest = s.text.slice(candidate.start, candidate.start + 90);
    if (/^\S+(?:\s+\S+){0,6}?\s+(?:\S+\s+){0,3}(?:sanction|designat|impos|announc|list|add|blacklist|countermeasure|freez|decid|adopt|target|санкц|ввел|ввёл|запровад|sancion|désign|verhäng)/iu.test(rest)) f.push('acts');
    if (/(?:against|on|targeting|contra|contre|gegen|против|проти)\s+(?:the\s+)?(?:\S+\s+)?$/iu.test(before)) f.push('object-side');
    if (/^[^\s]+\s*(?:’s|'s)?\s*(?:military|defen[cs]e|companies|firms|nationals|citizens|entities|individuals)/iu.test(rest)) f.push('adjective-of-targets');
  }
  const ts = doc.sentences[k];
  if (ts.history) f.push('target:history');
  if (candidate.sentence === k) {
    const at = name.start - ts.start;
    f.push(candidate.start < at ? 'before-target' : 'after-target');
    f.push(`dist:${bucket(Math.abs(at - candidate.start), [20, 60, 150])}`);
  }
  return f;
}

/** Features of "is this line page furniture" (menus, bylines, captions, share rows, teasers). */
export function lineFeatures(lines: Line[], i: number, ruleVerdict: string | null): string[] {
  const line = lines[i];
  const t = line.text.trim();
  const ws = t.split(/\s+/u).filter(Boolean);
  const content = lines.filter((l) => l.text.trim());
  const position = content.findIndex((l) => l.index === line.index);
  const f = [`words:${bucket(ws.length, [1, 2, 3, 5, 8, 12, 20, 40])}`, `chars:${bucket(t.length, [10, 25, 50, 100, 200])}`];
  if (ruleVerdict) f.push(`rule:${ruleVerdict}`);
  if (/[.!?…]["”’»)]?$/u.test(t)) f.push('ends:sentence');
  if (/:$/u.test(t)) f.push('ends:colon');
  if (/[.!?]\s+[\p{Lu}"“«]/u.test(t)) f.push('has:inner-sentence');
  const lower = ws.filter((w) => /^\p{Ll}/u.test(w)).length;
  f.push(`lower:${bucket(ws.length ? lower / ws.length : 0, [0, 0.2, 0.4, 0.6, 0.8])}`);
  if (/[|•·»›]/u.test(t)) f.push('has:separator');
  if ((t.match(/[|•·»›]/gu) ?? []).length >= 2) f.push('has:separators');
  if (/https?:|www\.|\.com\b|@\w/u.test(t)) f.push('has:url');
  if (/©|copyright|all rights/iu.test(t)) f.push('has:copyright');
  if (/^\d{1,2}[:.]\d{2}\b|\b\d{1,2}:\d{2}\b/u.test(t)) f.push('has:time');
  if (/\b(19|20)\d{2}\b/u.test(t) && ws.length <= 8) f.push('short-with-year');
  if (/^(by|por|par|von|автор|photo|foto|image|credit|source|fuente|quelle)\b/iu.test(t)) f.push(`starts:${ws[0].toLowerCase()}`);
  f.push(`first:${(ws[0] ?? '').toLowerCase().replace(/[^\p{L}]/gu, '').slice(0, 12)}`);
  f.push(`last:${(ws[ws.length - 1] ?? '').toLowerCase().replace(/[^\p{L}]/gu, '').slice(0, 12)}`);
  if (t === t.toUpperCase() && /\p{Lu}/u.test(t)) f.push('all-capitals');
  if (ws.length > 1 && ws.every((w) => /^[\p{Lu}\d&]/u.test(w) || w.length <= 3)) f.push('title-case');
  if (/^([•·▪◦‣*-]|\d{1,2}[.)])\s/u.test(t)) f.push('bullet');
  f.push(`pos:${position === 0 ? 'first' : position <= 2 ? 'head' : position >= content.length - 3 ? 'tail' : 'body'}`);
  // Is any article sentence (8+ words ending a sentence) after this line? Teasers come after the last.
  const laterSentence = content.slice(position + 1).some((l) => l.text.trim().split(/\s+/u).length >= 8 && /[.!?"”]\s*$/u.test(l.text.trim()));
  f.push(laterSentence ? 'text-follows' : 'no-text-follows');
  const repeated = content.filter((l) => l.text.trim() === t).length;
  if (repeated > 1) f.push('repeated');
  const prevLine = content[position - 1];
  const nextLine = content[position + 1];
  const prev = prevLine?.text.trim() ?? '';
  const next = nextLine?.text.trim() ?? '';
  f.push(`prev-words:${bucket(prev.split(/\s+/u).filter(Boolean).length, [0, 3, 8, 20])}`, `next-words:${bucket(next.split(/\s+/u).filter(Boolean).length, [0, 3, 8, 20])}`);
  if (ws.length <= 4 && !/[.!?]$/u.test(t) && next.split(/\s+/u).length <= 4) f.push('short-run');
  for (const w of new Set(words(t).slice(0, 6))) if (w.length > 2) f.push(`w:${w}`);
  // What a line is, by kinds common to many sites: a photo caption or credit, a wire byline, a
  // "Key: value" metadata row, a "Read more" teaser, a bare date; and text wrapped over lines
  // (a line that starts in lower case after one that did not end a sentence continues it).
  if (/(?<![\p{L}])(?:REUTERS|Reuters|AFP|Getty|AP Photo|File Photo|pictured|photo|Photo|archive|Фото|фото|Foto|Bild|Imagen|Image|Credit)(?![\p{L}])|©/u.test(t)) f.push('kind:caption');
  if (/^\(?(?:reporting|writing|editing|additional reporting|compiled) by\b/iu.test(t)) f.push('kind:byline');
  if (isKeyValueRow(t, 10)) f.push('kind:key-value');
  if (/^(?:read more|read also|see also|related|more on|also read|читайте|читать также|дивіться також|lesen sie auch|lire aussi|leer más|вижте още)\b/iu.test(t)) f.push('kind:read-more');
  if (/^(?:\d{1,2}[ ./-])?(?:\d{1,2}|[\p{L}]{3,9})[ ./-]\d{1,2}(?:st|nd|rd|th)?,?[ ./-]?(?:\d{4})?$|^\d{4}-\d{2}-\d{2}|^[\p{L}]{3,9} \d{1,2}, \d{4}$|^\d{1,2} [\p{L}]{3,9} \d{4}$/u.test(t)) f.push('kind:date');
  const previous = lines.slice(0, i).reverse().find((l) => l.text.trim())?.text.trim() ?? '';
  if (/^\p{Ll}/u.test(t) && previous && !/[.!?:"”]$/u.test(previous)) f.push('kind:continues-previous');
  if (/^\p{Ll}/u.test(t)) f.push('starts:lower');
  // Furniture comes in clusters: a line between menus, prompts and teasers is likely one more.
  if (prevLine?.furniture) f.push('prev:furniture');
  if (nextLine?.furniture) f.push('next:furniture');
  if (prevLine?.furniture && nextLine?.furniture) f.push('between:furniture');
  // An embedded social post ("— Name (@handle) August 15, 2023", "pic.twitter.com/…").
  if (/\(@\w{2,}\)|pic\.twitter\.com|^[—–-]\s*\p{Lu}[^.!?]*@\w+/u.test(t)) f.push('kind:social-post');
  // A caption repeated with its credit glued on ("Hezbollah supporters (archive)Reuters" after
  // "Hezbollah supporters (archive)"): one line the start of its neighbour.
  const near = [prev, next].filter((n) => n && n !== t);
  if (near.some((n) => (n.startsWith(t) || t.startsWith(n)) && Math.min(n.length, t.length) >= 8)) f.push('kind:echoes-neighbour');
  if (/[\p{Ll})][\p{Lu}][\p{Ll}]+$/u.test(t) && ws.length <= 12) f.push('kind:glued-credit');
  // Runs of "Key: value" rows are a metadata block, even the long rows among them.
  if (isKeyValueRow(t, 16) && (isKeyValueRow(prev, 16) || isKeyValueRow(next, 16))) f.push('kind:key-value-run');
  // A short English line without a verb is a label, a caption or a section name ("Press
  // Releases", "U.S. Treasury building in Washington, D.C."); a headline has one.
  if (ws.length <= 16 && /^[\p{Script=Latin}\p{N}\p{P}\p{Zs}\p{S}]+$/u.test(t)) f.push(hasVerb(t) ? 'verb:some' : 'verb:none');
  return f;
}

/** A "Key: value" row ("- Status: Effective", "Date issued:01-01-2018") of at most maxWords words. */
function isKeyValueRow(text: string, maxWords: number): boolean {
  return /^[-•]?\s*[\p{L}][\p{L} .]{1,30}:\s*\S/u.test(text) && text.split(/\s+/u).filter(Boolean).length <= maxWords;
}

const VERB_TAGS = new Set(['VERB', 'AUX']);
function hasVerb(text: string): boolean {
  return tagEnglish(text).some((tok) => VERB_TAGS.has(tok.pos));
}

/** Features of "is this name a party of the article" (not a section label, a country or a cut name). */
export function entityFeatures(doc: ArticleDocument, mentions: { sentence: number; span: NameSpan }[], isTarget: boolean): string[] {
  const first = mentions[0];
  const f = [...nameShape(first.span), `lang:${doc.language}`, `mentions:${bucket(mentions.length, [1, 2, 4])}`];
  if (isTarget) f.push('is:target');
  for (const m of mentions.slice(0, 3)) {
    const s = doc.sentences[m.sentence];
    for (const c of context(s, m.span)) if (c.startsWith('ctx:') || c.startsWith('sent:')) f.push(c);
    if (s.authorities.some((a) => a.start <= m.span.start - s.start && a.end >= m.span.end - s.start)) f.push('is:authority');
  }
  const w = first.span.text.split(/\s+/u);
  f.push(`firstword:${w[0].toLowerCase()}`, `lastword:${w[w.length - 1].toLowerCase()}`);
  return f;
}

/** Features of a relation between two names of one sentence: the words between, order, shapes. */
export function relationFeatures(s: DocSentence, a: NameSpan, b: NameSpan, ruleVerdict: string | null): string[] {
  const [first, second] = a.start < b.start ? [a, b] : [b, a];
  const between = s.text.slice(first.end - s.start, second.start - s.start);
  const bw = words(between);
  const f = [`order:${a.start < b.start ? 'subject-first' : 'object-first'}`, `gap:${bucket(bw.length, [0, 1, 3, 6, 12, 25])}`];
  if (ruleVerdict) f.push(`rule:${ruleVerdict}`);
  for (const w of new Set(bw.slice(0, 12))) f.push(`btw:${w}`);
  if (bw.length) f.push(`btw-first:${bw[0]}`, `btw-last:${bw[bw.length - 1]}`);
  if (bw.length >= 2) f.push(`btw-last2:${bw.slice(-2).join('_')}`);
  const after = words(s.text.slice(second.end - s.start)).slice(0, 2);
  const before = words(s.text.slice(0, first.start - s.start)).slice(-2);
  f.push(`before:${before.join('_') || '^'}`, `after:${after.join('_') || '$'}`);
  for (const x of nameShape(a)) f.push(`subj-${x}`);
  for (const x of nameShape(b)) f.push(`obj-${x}`);
  if (/^\s*,\s*$/u.test(between)) f.push('comma-only');
  if (/\(/u.test(between)) f.push('bracket-between');
  if (s.sanctionCues.length) f.push('sentence:sanction');
  return f;
}
