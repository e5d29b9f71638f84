// The parties of one article: every name found, grouped so that the mentions of one party
// (Minsk Wheel Tractor Plant, Minsk Wheeled Tractor Plant, MZKT; Viktar Chenin, Chenin,
// Chrenin) are one entity, and each entity linked to the store through the screening matcher.
import { compareNames } from '../match/compare.js';
import { analyzeName, type AnalyzedName } from '../match/names.js';
import { jaroWinkler } from '../match/strings.js';
import type { Screener } from '../screen/screen.js';
import { linkParty } from './linking.js';
import type { NameSpan } from './names.js';

export interface Mention {
  start: number;
  end: number;
  text: string;
}

export interface StoreLink {
  entityId: string;
  caption: string;
  dataset: string;
  score: number;
  /** The matcher's explanation of the name feature. */
  reason: string;
}

export interface ArticleEntity {
  id: number;
  name: string;
  type: 'Person' | 'Organization' | 'Vessel' | 'Other';
  mentions: Mention[];
  aliases: string[];
  link: StoreLink | null;
}

// Two names in one article this alike are one party.
const SAME_PARTY = 0.9;

function surname(text: string): string {
  return text.split(/\s+/u).pop()!.toLowerCase();
}

// Each name of an article is compared with every party so far: analyse it once.
const analyzed = new Map<string, AnalyzedName>();
function analysisOf(text: string): AnalyzedName {
  let name = analyzed.get(text);
  if (!name) {
    if (analyzed.size > 50_000) analyzed.clear();
    name = analyzeName(text, false);
    analyzed.set(text, name);
  }
  return name;
}

function samePartyByName(a: string, b: string): boolean {
  if (a.toLowerCase() === b.toLowerCase()) return true;
  const aw = a.split(/\s+/u);
  const bw = b.split(/\s+/u);
  // "Chenin" / "Chrenin" for "Viktar Chenin": a lone surname refers to the full name.
  if ((aw.length === 1) !== (bw.length === 1) && /^\p{Lu}\p{Ll}+$/u.test(aw.length === 1 ? a : b)) {
    const one = (aw.length === 1 ? a : b).toLowerCase();
    return jaroWinkler(one, surname(aw.length === 1 ? b : a)) >= 0.92;
  }
  const na = analysisOf(a);
  const nb = analysisOf(b);
  // A legal form of another kind makes another party, as in screening.
  if (na.forms.length > 0 && nb.forms.length > 0 && !na.forms.some((f) => nb.forms.some((g) => f.compare === g.compare || (f.generic !== null && f.generic === g.generic)))) return false;
  return compareNames(na, nb, false).score >= SAME_PARTY;
}

/** Group the names of an article into parties, then link each party to the store. */
export function groupEntities(names: NameSpan[], screener: Screener | null, types: Map<string, ArticleEntity['type']>): ArticleEntity[] {
  const entities: ArticleEntity[] = [];
  const find = (text: string) => entities.find((e) => e.aliases.some((a) => samePartyByName(a, text)));
  for (const span of names) {
    const texts = [span.text, ...(span.alias ? [span.alias.text] : [])];
    let entity = texts.map(find).find((e) => e !== undefined);
    if (!entity) {
      entity = { id: entities.length + 1, name: span.text, type: types.get(span.text) ?? (span.role ? 'Person' : 'Other'), mentions: [], aliases: [], link: null };
      entities.push(entity);
    }
    entity.mentions.push({ start: span.start, end: span.end, text: span.text });
    if (span.alias) entity.mentions.push({ ...span.alias });
    for (const t of texts) if (!entity.aliases.includes(t)) entity.aliases.push(t);
    if (entity.type === 'Other' && types.has(span.text)) entity.type = types.get(span.text)!;
    // A longer full name is the better label ("Viktar Chenin" over "Chenin").
    if (span.text.split(/\s+/u).length > entity.name.split(/\s+/u).length && !span.alias) entity.name = span.text;
  }
  return screener ? linkEntities(entities, screener) : entities;
}

/** Link each party to the store; parties linked to one store entity are one party (Minsk Wheel Tractor Plant and MZKT). */
export function linkEntities(entities: ArticleEntity[], screener: Screener): ArticleEntity[] {
  for (const entity of entities) entity.link = linkEntity(entity, screener);
  return mergeByLink(entities);
}

// A party links to a listed entity only with screening's discipline (linking.ts): its type can
// be the entity's schema, every word of its name is in the listed name, one-word names and
// acronyms only exactly and when rare; the article's country for the party, when known, moves
// the score a little.
function linkEntity(entity: ArticleEntity, screener: Screener, countries: string[] = []): StoreLink | null {
  return linkParty(screener, entity.type, entity.aliases, countries);
}

function mergeByLink(entities: ArticleEntity[]): ArticleEntity[] {
  const out: ArticleEntity[] = [];
  for (const entity of entities) {
    const same = entity.link && out.find((e) => e.link?.entityId === entity.link!.entityId);
    if (!same) {
      out.push(entity);
      continue;
    }
    same.mentions.push(...entity.mentions);
    for (const a of entity.aliases) if (!same.aliases.includes(a)) same.aliases.push(a);
    if (same.type === 'Other') same.type = entity.type;
  }
  out.forEach((e, i) => (e.id = i + 1));
  return out;
}
