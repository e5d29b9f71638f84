// Sanction events with learned decisions. Every name of the article is a candidate target; a
// logistic model (features.ts: cue words, voice, position, list structure, shapes, what the
// hand rules of designations.ts said) decides whether it is a target of an event told around
// it, a second which event (new listing, delisting, extension, history), and a third which of
// the authorities in reach acts (the sentence's own, the ones before, the document's issuer).
// Rules stay where they are plainly right: an authority, a country, a place or a law is never a target.
import { sentenceDates } from './dates.js';
import { extractDesignations, groupCountry, isAuthority, typeOf, type Action, type Designation } from './designations.js';
import type { ArticleDocument } from './document.js';
import { actionFeatures, authorityFeatures, enumerationOf, targetFeatures } from './features.js';
import { countryWordCode } from './countries.js';
import { countryCandidates, decideCountry } from './target-country.js';
import { isPlaceName } from './places.js';
import { countryOf, isCountryWord, REASON } from './lexicon.js';
import { classify, probability } from './learn/logistic.js';
import type { NewsModels } from './learn/models.js';
import type { NameSpan } from './names.js';
import { AUTHORITY, US_AGENCIES } from '../sources/authorities.js';

export interface Candidate {
  sentence: number;
  name: NameSpan;
  features: string[];
  /** What the hand rules said of this name, when they took it for a target. */
  rule: Designation | null;
}

export interface AuthorityCandidate {
  authority: string;
  text: string;
  /** Named in the target's own sentence (one of its mentions, where it has several). */
  inSentence: boolean;
  features: string[];
}

/** Every name that could be a target, with its features (hand rules' verdicts among them). */
export function targetCandidates(doc: ArticleDocument, published: string | null, period: string | null, rules = extractDesignations(doc.sentences, published, period)): Candidate[] {
  const ruled = new Map<number, Designation>();
  for (const d of rules) ruled.set(d.target.start, d);
  const out: Candidate[] = [];
  doc.sentences.forEach((s, k) => {
    for (const name of s.names) {
      if (plainlyNotTarget(name)) continue;
      const features = targetFeatures(doc, k, name);
      const rule = ruled.get(name.start) ?? rules.find((d) => d.target.start < name.end && d.target.end > name.start);
      if (rule) features.push('rule:target', `rule:action:${rule.action}`);
      out.push({ sentence: k, name, features, rule: rule ?? null });
    }
  });
  return out;
}

// Lists, laws, orders and programmes are the basis of a listing, never its target.
const PROGRAMME = /(?<![\p{L}])(?:List|Lists|Order|Ordinance|Act|Regulations?|Directives?|Директив\p{L}*|Decree|Resolution|Law|Program|Programme|Persons|Nationals|Terrorists|Organizations|Member States|Sanctions|Measures)$|^(?:SDNs?|SDGTs?|CAATSA|FTOs?|LSP|IMO|ICBM|E\.?O\.?|IEEPA|GLOMAG)$/u;

function plainlyNotTarget(name: NameSpan): boolean {
  // A city, state or region is where an event happened; one written in capitals may be a vessel ("TIANJIN").
  const place = isPlaceName(name.text) && name.text !== name.text.toUpperCase();
  return isAuthority(name.text) || isCountryWord(name.text) || countryWordCode(name.text) !== null || place || PROGRAMME.test(name.text) || name.text.length < 2 || /^\d+$/u.test(name.text);
}

/** The authorities within reach of a target in sentence k, each with its features. */
export function authorityCandidates(doc: ArticleDocument, k: number, name: NameSpan): AuthorityCandidate[] {
  const found = new Map<string, AuthorityCandidate>();
  const add = (authority: string, text: string, where: string, specificity: number, start: number, sentence: number) => {
    const features = authorityFeatures(doc, k, name, { authority, where, specificity, start, sentence });
    const had = found.get(authority);
    if (had) {
      had.features.push(...features.filter((f) => !had.features.includes(f)));
      had.inSentence ||= where === 'same';
    } else found.set(authority, { authority, text, inSentence: where === 'same', features });
  };
  for (let d = 0; d <= 3 && k - d >= 0; d++) {
    const s = doc.sentences[k - d];
    for (const a of s.authorities) {
      // "Raytheon Australia", "Bank of China": a country inside the target's own name does not act.
      if (d === 0 && s.start + a.start < name.end && s.start + a.end > name.start) continue;
      add(a.authority, a.text, d === 0 ? 'same' : `prev${d}`, a.specificity, a.start, k - d);
    }
  }
  // A list item's event is told in the sentence that announced the list, however far above.
  const s = doc.sentences[k];
  if (s.listItem) {
    for (let j = k - 1; j >= 0 && j >= k - 40; j--) {
      if (doc.sentences[j].announces) {
        for (const a of doc.sentences[j].authorities) add(a.authority, a.text, 'announcing', a.specificity, a.start, j);
        break;
      }
    }
  }
  if (doc.issuer) add(doc.issuer.authority, doc.issuer.text, 'issuer', doc.issuer.specificity, 0, -1);
  for (const h of doc.sentences.filter((x) => x.head)) for (const a of h.authorities) add(a.authority, a.text, 'head', a.specificity, a.start, h.index);
  return [...found.values()];
}

/** What the hand rules tie a target to: an adjective on the name, a bracket after it, the event's country, "the Russian entities …". */
export function ruleCountry(doc: ArticleDocument, c: Candidate): string | null {
  const s = doc.sentences[c.sentence];
  const bracketCountry = /^\s*\(([^)]{2,30})\)/u.exec(s.text.slice(c.name.end - s.start));
  const around = (s.listItem ? [s, doc.sentences[c.sentence - 1]] : [s]).filter((x) => x !== undefined);
  // "the Russian entities X" ties X to RU; "X, …, and three Chinese companies" does not.
  const groupBefore = (x: typeof s) => {
    const g = groupCountry(x.text);
    return g && (x !== s || g.at < c.name.start - s.start) ? g.code : null;
  };
  return c.name.country ?? (bracketCountry ? countryOf(bracketCountry[1].trim()) : null) ?? c.rule?.country ?? describedAs(s.text.slice(0, c.name.start - s.start)) ?? around.map(groupBefore).find((x) => x) ?? null;
}

// "Russian commercial bank Transkapitalbank", "Iranian national Ali X", "Russian ransomware
// actor Alexander Ermakov": a nationality adjective on a lower-case descriptor right before the name.
const DESCRIBED_AS = /(?<![\p{L}])(\p{Lu}[\p{L}-]+)\s+((?:\p{Ll}[\p{Ll}-]*\s+){1,3})$/u;

function describedAs(before: string): string | null {
  const m = DESCRIBED_AS.exec(before);
  if (!m || /(?<![\p{L}])(?:and|or|of|with|by|against|from|to|in|on|the)\s/u.test(m[2])) return null;
  return countryOf(m[1]);
}

/** The target's country: the learned choice among the sentence's country words; the rules' where the text has none in reach. */
function targetCountry(doc: ArticleDocument, c: Candidate, models: NewsModels): string | null {
  const byRule = ruleCountry(doc, c);
  if (!models.country) return byRule;
  const candidates = countryCandidates(doc, c.sentence, c.name, byRule);
  return (candidates.length ? decideCountry(models.country, candidates) : null) ?? byRule;
}

/** The events of an article, decided by the models. */
export function learnedDesignations(doc: ArticleDocument, published: string | null, period: string | null, models: NewsModels): Designation[] {
  const chosen: Designation[] = [];
  const rules = extractDesignations(doc.sentences, published, period);
  const candidates = targetCandidates(doc, published, period, rules);
  const shared = enumerationShared(doc, candidates, candidates.map((c) => probability(models.target, c.features)));
  for (const [i, c] of candidates.entries()) {
    const p = shared[i];
    if (p < models.target.threshold) continue;
    const s = doc.sentences[c.sentence];
    const authorities = authorityCandidates(doc, c.sentence, c.name).map((a) => ({ ...a, p: probability(models.authority, a.features) }));
    const best = authorities.sort((a, b) => b.p - a.p)[0];
    const specific = specificUs(doc, c.sentence, best);
    const action = classify(models.action, actionFeatures(doc, c.sentence, c.name, published, c.rule?.action ?? null, specific?.authority ?? null, published ?? period));
    // History is told as written: "already on the US sanctions list" is the US, not the agency
    // the article's own event names.
    const authority = action.label === 'other' && best?.authority === AUTHORITY.US && best.inSentence ? best : specific;
    const dates = sentenceDates(s, published).filter((d) => d.value);
    const after = s.text.slice(c.name.end - s.start);
    const reason = REASON.exec(after);
    // Date, country, reason and type: the rules' reading where they took this name too (they
    // carry an event's country and date over its list), else from the sentence (and the one announcing a list item).
    const rule = c.rule;
    const country = targetCountry(doc, c, models);
    const ruleDate = rule && rule.action === action.label ? rule.date : null;
    // A history sentence naming several authorities ("EU sanctions since 2020, as well as US
    // sanctions since 2022") is one past event per authority: the rules read those apart.
    const ruleHistory = rules.filter((d) => d.action === 'other' && d.target.start === c.name.start && d.date !== null);
    if (ruleHistory.length > 1) {
      for (const d of ruleHistory) chosen.push({ ...d, confidence: Math.round(p * 1000) / 1000, authorityText: null, byRule: true });
      continue;
    }
    chosen.push({
      target: c.name,
      targetType: rule?.targetType ?? typeOf(c.name, s.text, /\b(individuals?|persons?|nationals?|citizens?|officials?)\b/iu.test(s.text) ? 'Person' : 'Organization'),
      authority: authority?.authority ?? mostFrequentAuthority(doc) ?? 'US',
      action: action.label as Action,
      date: ruleDate ?? dates[0]?.value ?? (period && action.label !== 'other' ? period : null),
      datePrecision: ruleDate ? rule!.datePrecision : (dates[0]?.precision ?? (period && action.label !== 'other' ? (period.length === 7 ? 'month' : 'year') : null)),
      reason: rule?.reason ?? (reason ? after.slice(reason.index + reason[0].length).replace(/[.;:"”’]+\s*$/u, '').replace(/^["“]/u, '').trim().slice(0, 300) || null : null),
      country,
      evidence: s,
      confidence: Math.round(p * action.probability * (authority?.p ?? 0.5) * 1000) / 1000,
      authorityText: authority?.text ?? null,
    });
  }
  const regime = extendedRegime(doc, models);
  return dedupe(resolveParts([...chosen, ...sameTargets(doc, chosen), ...(regime ? [regime] : [])]));
}

// Halfway: a member's own context still counts as much as its list's.
const SMOOTHING = 0.5;

/**
 * Names of one enumeration ("A, B, C and D") play one role: each member's target probability is
 * drawn towards the mean (in log-odds) of the list of three or more it stands in, so a list is
 * taken or left whole rather than member by member on small differences of context.
 */
function enumerationShared(doc: ArticleDocument, candidates: Candidate[], p: number[]): number[] {
  const logit = (x: number) => Math.log(Math.max(1e-6, x) / Math.max(1e-6, 1 - x));
  const at = new Map(candidates.map((c, i) => [`${c.sentence}|${c.name.start}|${c.name.end}`, i] as const));
  return candidates.map((c, i) => {
    if (c.name.part) return p[i];
    const run = enumerationOf(doc.sentences[c.sentence], c.name)
      .map((n) => at.get(`${c.sentence}|${n.start}|${n.end}`))
      .filter((j): j is number => j !== undefined);
    if (run.length < 3) return p[i];
    const mean = run.reduce((t, j) => t + logit(p[j]), 0) / run.length;
    return 1 / (1 + Math.exp(-((1 - SMOOTHING) * logit(p[i]) + SMOOTHING * mean)));
  });
}

// What an extension extends is a regime, written in lower case, so the name finder misses it:
// "the national emergency with respect to Syria", "anti-Russia sanctions", "антироссийские санкции".
const REGIME = new RegExp(
  [
    String.raw`national emergency with respect to (?:the )?[\p{Lu}][\p{L}]+(?: [\p{Lu}][\p{L}]+)?`,
    String.raw`(?:anti-[\p{L}]+|[\p{Lu}][\p{L}]+-related|economic|sectoral) (?:sanctions|restrictive measures)`,
    String.raw`(?:sanctions|restrictive measures) (?:against|on) [\p{Lu}][\p{L}]+`,
    String.raw`антироссийские санкции|антиросійські санкції|санкци\p{L}* против [\p{Lu}]\p{L}+|санкці\p{L}* проти [\p{Lu}]\p{L}+`,
    String.raw`(?:sanciones|Sanktionen|sanctions) (?:contra|gegen|contre) [\p{Lu}][\p{L}]+`,
  ].join('|'),
  'u',
);

/** The regime the first extension sentence extends, its authority ranked as for any target. */
function extendedRegime(doc: ArticleDocument, models: NewsModels): Designation | null {
  for (const s of doc.sentences) {
    if (!s.extend || s.delist) continue;
    const m = REGIME.exec(s.text);
    if (!m) continue;
    const start = s.start + m.index;
    const name: NameSpan = { start, end: start + m[0].length, text: m[0] };
    const authorities = authorityCandidates(doc, s.index, name).map((a) => ({ ...a, p: probability(models.authority, a.features) }));
    const authority = specificUs(doc, s.index, authorities.sort((a, b) => b.p - a.p)[0]);
    return {
      target: name,
      targetType: 'Other',
      authority: authority?.authority ?? mostFrequentAuthority(doc) ?? 'US',
      action: 'extended',
      date: null,
      datePrecision: null,
      reason: null,
      country: null,
      evidence: s,
      confidence: Math.round((authority?.p ?? 0.5) * 1000) / 1000,
      authorityText: authority?.text ?? null,
      byRule: true,
    };
  }
  return null;
}

// "The U.S. Treasury Department had earlier announced fresh sanctions against the same four
// individuals": a sentence that sanctions a group it refers back to, with an authority of its own.
const SAME_GROUP = /(?<![\p{L}])(?:the same|these|those|both|all)\s+(?:\p{L}+\s+)?(?:individuals|persons|people|entities|companies|firms|targets|vessels|men|gang leaders|leaders)(?![\p{L}])/iu;

/** The targets of the event just told, credited also to the authority of a sentence that refers back to them. */
function sameTargets(doc: ArticleDocument, chosen: Designation[]): Designation[] {
  const out: Designation[] = [];
  for (const s of doc.sentences) {
    if (s.sanctionCues.length === 0 || s.authorities.length === 0 || !SAME_GROUP.test(s.text)) continue;
    if (chosen.some((d) => d.evidence.start === s.start)) continue;
    const earlier = [1, 2].map((d) => chosen.filter((c) => c.evidence.start === doc.sentences[s.index - d]?.start && c.action === 'designated')).find((x) => x.length > 0);
    if (!earlier) continue;
    const actor = specificUs(doc, s.index, [...s.authorities].sort((a, b) => b.specificity - a.specificity)[0]);
    if (!actor) continue;
    for (const d of earlier) {
      if (d.authority === actor.authority) continue;
      out.push({ ...d, authority: actor.authority, authorityText: actor.text, evidence: s, confidence: d.confidence, byRule: true });
    }
  }
  return out;
}

/** A joined name and its parts both chosen: the parts win unless the whole is much surer. */
function resolveParts(chosen: Designation[]): Designation[] {
  const drop = new Set<Designation>();
  for (const whole of chosen.filter((d) => !d.target.part)) {
    const parts = chosen.filter((d) => d.target.part && d.target.start >= whole.target.start && d.target.end <= whole.target.end);
    if (parts.length === 0) continue;
    const best = Math.max(...parts.map((d) => d.confidence ?? 0));
    if (best >= (whole.confidence ?? 0) * 0.8) drop.add(whole);
    else for (const d of parts) drop.add(d);
  }
  return chosen.filter((d) => !drop.has(d));
}


/** "US sanctions" a few sentences after "the Treasury designated…" are that agency's: the nearest agency named before (gold convention: US only where no agency is named). */
function specificUs<T extends { authority: string; text: string }>(doc: ArticleDocument, k: number, chosen: T | undefined): T | undefined {
  if (!chosen || chosen.authority !== AUTHORITY.US) return chosen;
  for (let j = k; j >= 0 && j >= k - 6; j--) {
    const agency = [...doc.sentences[j].authorities].reverse().find((a) => US_AGENCIES.has(a.authority));
    if (agency) return { ...chosen, authority: agency.authority, text: agency.text };
  }
  if (doc.issuer && US_AGENCIES.has(doc.issuer.authority)) return { ...chosen, authority: doc.issuer.authority, text: doc.issuer.text };
  return chosen;
}

function mostFrequentAuthority(doc: ArticleDocument): string | null {
  return [...doc.authorityCounts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

// A second event for the same target (a new listing and its history) only when this sure.
const SECOND_EVENT = 0.7;

/**
 * One event per target, action and authority: its first report speaks for it unless a later one
 * is much surer (the story's lead names the event; later mentions recall it); another action
 * only when confident.
 */
function dedupe(designations: Designation[]): Designation[] {
  const groups = new Map<string, Designation[]>();
  for (const d of designations) {
    const key = `${d.target.text.toLowerCase()}|${d.action}|${d.authority}`;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  const best = new Map<string, Designation>();
  for (const [key, group] of groups) {
    const top = Math.max(...group.map((d) => d.confidence ?? 0));
    const first = group.filter((d) => (d.confidence ?? 0) >= 0.8 * top).sort((a, b) => a.evidence.start - b.evidence.start)[0];
    best.set(key, { ...first, confidence: top });
  }
  const top = new Map<string, number>();
  for (const d of best.values()) top.set(d.target.text.toLowerCase(), Math.max(top.get(d.target.text.toLowerCase()) ?? 0, d.confidence ?? 0));
  return [...best.values()]
    .filter((d) => (d.confidence ?? 0) >= top.get(d.target.text.toLowerCase())! || (d.confidence ?? 0) >= SECOND_EVENT || d.byRule === true)
    .sort((a, b) => a.target.start - b.target.start);
}
