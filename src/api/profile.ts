// An entity's history and connections as the profile page shows them: designations per
// authority over time, from the official lists (with the list version each was seen in) and
// from news reports (with the article sentence, title and publication date), relations with
// their evidence, and every property of the party with the source entities each value comes from.
import { basename } from 'node:path';
import { countryWordCode } from '../extract/countries.js';
import { authoritiesIn } from '../extract/lexicon.js';
import { reviewsByFact, type FactReview } from '../extract/review.js';
import { model } from '../model/ftm.js';
import { canonicalOf, sourcesOf } from '../resolve/canonical.js';
import { AUTHORITY } from '../sources/authorities.js';
import { officialSource } from '../sources/registry.js';
import type { ArticleRecord, StatementRecord, Store, VersionRef } from '../store/types.js';
import { scriptOf } from '../text/script.js';

/** Where an article came from, in words: a web site, a feed, an uploaded file, the API. */
export interface ArticleSourceInfo {
  kind: 'web' | 'feed' | 'file' | 'api' | 'bundled';
  /** "mzkt.by", "uploaded file seed_000.txt", "sent through the API". */
  label: string;
  /** The page, for web sources. */
  url: string | null;
  /** The file's name, for files and feeds read from a file. */
  file: string | null;
}

/** The stored `source` of an article (a URL, a path, `path#item-N`, 'api') as a reader would name it. */
export function describeSource(source: string): ArticleSourceInfo {
  const feedItem = /^(.*)#item-(\d+)$/u.exec(source);
  const base = feedItem ? feedItem[1]! : source;
  const web = /^https?:\/\//iu.test(base) ? safeUrl(base) : null;
  if (web) {
    const site = web.hostname.replace(/^www\./u, '');
    return feedItem ? { kind: 'feed', label: `${site} feed, item ${feedItem[2]}`, url: base, file: null } : { kind: 'web', label: site, url: source, file: null };
  }
  if (source === 'api' || source === '') return { kind: 'api', label: 'sent through the API', url: null, file: null };
  const file = basename(base.replace(/\\/gu, '/'));
  if (feedItem) return { kind: 'feed', label: `feed file ${file}, item ${feedItem[2]}`, url: null, file };
  if (/^data\/default\/news\//u.test(base)) return { kind: 'bundled', label: `bundled seed article ${file}`, url: null, file };
  return { kind: 'file', label: `uploaded file ${file}`, url: null, file };
}

function safeUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/** What the profile and timeline say about an article: its title, publication date and source. */
export interface ArticleRef {
  title: string | null;
  published: string | null;
  source: ArticleSourceInfo;
}

const articleRef = (article: Pick<ArticleRecord, 'title' | 'published' | 'source'> | null): ArticleRef | null => (article ? { title: article.title, published: article.published, source: describeSource(article.source) } : null);

export interface TimelineEntry {
  /** The source entity (list record) this entry is about: one of the party's sources. */
  entityId?: string;
  /** The event's date; for a news report that does not date the event, the article's publication date (see `dated`). */
  date: string | null;
  /**
   * What `date` is: the date of the event itself ('event': the listing date a list states, or
   * the date a report gives), the date a list version first showed it ('first_seen'), the
   * article's publication date because the report does not date the event ('reported'), or
   * null when nothing dates it.
   */
  dated: 'event' | 'first_seen' | 'reported' | null;
  authority: string;
  action: string;
  program: string | null;
  reason: string | null;
  source: { kind: 'list'; dataset: string; versionId: number; versionDate: string } | { kind: 'news'; articleId: string; evidence: string; factId: string; article: ArticleRef | null };
  /** For a news fact an analyst accepted: who and when (rejected facts are left out). */
  reviewed?: { decision: 'accepted'; actor: string; at: string };
}

const reviewedMark = (review: FactReview | undefined) => (review?.decision === 'accepted' ? { reviewed: { decision: 'accepted' as const, actor: review.actor, at: review.decidedAt } } : {});

/**
 * One end of a relation. `id` and `name` are as the source gives them (a list entity, or an
 * article's party and the name it is written with there); `node` is the party the graph draws:
 * a listed party by its canonical id, an authority or a country once however it is written
 * ("US", "United States", "Washington" are one node), any other reported party by its name.
 */
export interface NetworkEnd {
  id: string;
  name: string;
  node?: NetworkNode;
}

export interface NetworkNode {
  key: string;
  label: string;
  kind: 'party' | 'authority' | 'country' | 'reported';
  /** A listed party: its own network can be loaded (expand). */
  expandable: boolean;
}

export interface NetworkEdge {
  subject: NetworkEnd;
  predicate: string;
  /** The predicate in words: "sanctioned by", "supplies", "linked to". */
  label?: string;
  /** False for a relation that has no direction (met with, linked to, family). */
  directed?: boolean;
  object: NetworkEnd;
  source: { kind: 'list'; dataset: string; title?: string; versionDate?: string; record?: string } | { kind: 'news'; articleId: string; evidence: string; factId: string; article?: ArticleRef | null };
  reviewed?: { decision: 'accepted'; actor: string; at: string };
}

// The predicates news extraction gives (src/extract/relations.ts), in words.
const PREDICATE_LABELS: Record<string, string> = {
  sanctioned_by: 'sanctioned by',
  part_of: 'part of',
  director_of: 'director of',
  employee_of: 'employee of',
  met_with: 'met with',
  agreement_with: 'agreement with',
  related: 'related to',
};

const UNDIRECTED = new Set(['met_with', 'agreement_with', 'related']);

/** A relation's predicate in words: the FtM edge label of a list link ("linked to", "owns"), else the predicate without underscores. */
export function predicateLabel(predicate: string): string {
  if (PREDICATE_LABELS[predicate]) return PREDICATE_LABELS[predicate];
  const schema = model.schemata[predicate];
  if (schema?.edge?.label) return schema.edge.label;
  return predicate.replace(/_/gu, ' ').replace(/\s+/gu, ' ').trim().toLowerCase();
}

interface FtmJson {
  id: string;
  schema: string;
  statements: { prop: string; value: string }[];
}

const first = (e: FtmJson, prop: string) => e.statements.find((s) => s.prop === prop)?.value ?? null;

async function sourceTimeline(store: Store, id: string, reviews: Map<string, FactReview>): Promise<TimelineEntry[]> {
  const entries: TimelineEntry[] = [];
  for (const ref of await store.getReferencing(id)) {
    if (ref.schema !== 'Sanction') continue;
    const get = (prop: string) => ref.statements.find((s) => s.prop === prop)?.value ?? null;
    const seen = ref.statements.reduce((d, s) => (!d || s.firstSeen.date < d.date ? s.firstSeen : d), ref.statements[0]?.firstSeen);
    const stated = get('listingDate') ?? get('startDate');
    entries.push({
      // The listing date when the list states it, else when this store first saw the listing.
      date: stated ?? seen?.date ?? null,
      dated: stated ? 'event' : seen ? 'first_seen' : null,
      authority: get('authority') ?? ref.dataset,
      action: 'listed',
      program: ref.statements.filter((s) => s.prop === 'program').map((s) => s.value).join('; ') || null,
      reason: get('reason'),
      source: { kind: 'list', dataset: ref.dataset, versionId: seen?.versionId ?? ref.version.versionId, versionDate: seen?.date ?? ref.version.date },
    });
  }
  for (const reported of await store.articleEntitiesLinkedTo(id)) {
    if (reported.schema !== 'Sanction') continue;
    // An analyst rejected this reported designation: it is not part of the party's history.
    if (reviews.get(reported.entityId)?.decision === 'rejected') continue;
    const e = JSON.parse(reported.data) as FtmJson;
    const article = await store.getArticle(reported.articleId);
    const status = first(e, 'status') ?? 'reported';
    const eventDate = first(e, 'startDate');
    entries.push({
      // A report that does not date the event is dated by the article's publication, and says so.
      date: eventDate ?? article?.published ?? null,
      dated: eventDate ? 'event' : article?.published ? 'reported' : null,
      authority: first(e, 'authority') ?? 'unknown',
      action: status.replace(/^reported:?\s*/u, '').replace(/^\((.*)\)$/u, '$1') || 'reported',
      program: null,
      reason: first(e, 'reason'),
      source: { kind: 'news', articleId: reported.articleId, evidence: first(e, 'summary') ?? '', factId: reported.entityId, article: articleRef(article) },
      ...reviewedMark(reviews.get(reported.entityId)),
    });
  }
  // Undated entries last, the rest in date order.
  return entries.sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999'));
}

async function sourceNetwork(store: Store, id: string, reviews: Map<string, FactReview>): Promise<NetworkEdge[]> {
  const edges: NetworkEdge[] = [];
  const articles = new Map<string, ArticleRecord | null>();
  const articleOf = async (articleId: string) => {
    if (!articles.has(articleId)) articles.set(articleId, await store.getArticle(articleId));
    return articles.get(articleId)!;
  };
  const self = await store.getEntity(id);
  const name = (ent: { caption: string } | null, fallback: string) => ent?.caption ?? fallback;
  // Links the lists state (UnknownLink, Ownership…): the other end is another listed party.
  for (const ref of await store.getReferencing(id)) {
    if (ref.schema === 'Sanction') continue;
    const ends = ref.statements.filter((s) => s.propType === 'entity');
    const other = ends.find((s) => s.value !== id);
    if (!other) continue;
    const subjectFirst = ends[0]?.value === id;
    const otherEntity = await store.getEntity(other.value);
    const me = { id, name: name(self, id) };
    const them = { id: other.value, name: name(otherEntity, other.value) };
    const role = ref.statements.find((s) => s.prop === 'role' || s.prop === 'relationship')?.value ?? null;
    const predicate = ref.statements.find((s) => s.prop === 'role')?.value ?? ref.schema;
    const label = role && role.toLowerCase() !== 'linked to' ? `${predicateLabel(ref.schema)} (${role.toLowerCase()})` : predicateLabel(ref.schema);
    edges.push({ subject: subjectFirst ? me : them, predicate, label, directed: model.schemata[ref.schema]?.edge?.directed ?? false, object: subjectFirst ? them : me, source: { kind: 'list', dataset: ref.dataset, title: officialSource(ref.dataset)?.title ?? ref.dataset, versionDate: ref.version.date, record: ref.id } });
  }
  // Relations news reports, between the article's parties.
  for (const linked of await store.articleEntitiesLinkedTo(id)) {
    if (['Sanction', 'Article'].includes(linked.schema) || !['UnknownLink', 'Directorship', 'Employment', 'Membership', 'Ownership'].includes(linked.schema)) continue;
    if (reviews.get(linked.entityId)?.decision === 'rejected') continue;
    const e = JSON.parse(linked.data) as FtmJson;
    const parties = await store.getArticleEntities(linked.articleId);
    const party = (partyId: string | null) => {
      const p = parties.find((x) => x.entityId === partyId);
      const data = p ? (JSON.parse(p.data) as FtmJson) : null;
      return { id: p?.linkedId ?? partyId ?? '', name: data ? (first(data, 'name') ?? partyId ?? '') : (partyId ?? '') };
    };
    const ends = e.statements.filter((s) => ['subject', 'director', 'employee', 'member', 'owner'].includes(s.prop)).map((s) => s.value);
    const objects = e.statements.filter((s) => ['object', 'organization', 'employer', 'asset'].includes(s.prop)).map((s) => s.value);
    const predicate = first(e, 'role') ?? first(e, 'summary') ?? linked.schema;
    edges.push({
      subject: party(ends[0] ?? null),
      predicate,
      label: predicateLabel(predicate),
      directed: !UNDIRECTED.has(predicate),
      object: party(objects[0] ?? null),
      source: { kind: 'news', articleId: linked.articleId, evidence: first(e, 'description') ?? '', factId: linked.entityId, article: articleRef(await articleOf(linked.articleId)) },
      ...reviewedMark(reviews.get(linked.entityId)),
    });
  }
  return edges;
}

/**
 * The timeline of a party: the entries of every source entity resolved into it (its list
 * records on every list, and the articles linked to any of them), each saying which source it
 * comes from; a news report linked to two of its sources is shown once.
 */
export async function timeline(store: Store, id: string): Promise<TimelineEntry[]> {
  const { members } = await sourcesOf(store.sql, id);
  const seen = new Set<string>();
  const entries: TimelineEntry[] = [];
  // The analysts' reviews are read once per profile, not once per source.
  const reviews = await reviewsByFact(store);
  for (const member of members) {
    for (const entry of await sourceTimeline(store, member, reviews)) {
      const key = entry.source.kind === 'news' ? `${entry.source.articleId}|${entry.authority}|${entry.action}|${entry.date}|${entry.source.evidence}` : `${member}|${entry.source.dataset}|${entry.program}|${entry.date}`;
      if (seen.has(key)) continue;
      seen.add(key);
      entries.push({ entityId: member, ...entry });
    }
  }
  return entries.sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999'));
}

// Authorities that are a country's government: drawn as that country's node.
const COUNTRY_OF_AUTHORITY: Record<string, string> = {
  [AUTHORITY.US]: 'US', [AUTHORITY.UK]: 'GB', [AUTHORITY.CANADA]: 'CA', [AUTHORITY.AUSTRALIA]: 'AU', [AUTHORITY.JAPAN]: 'JP',
  [AUTHORITY.SWITZERLAND]: 'CH', [AUTHORITY.NEW_ZEALAND]: 'NZ', [AUTHORITY.UKRAINE]: 'UA', [AUTHORITY.RUSSIA]: 'RU',
};
const AUTHORITY_OF_COUNTRY = Object.fromEntries(Object.entries(COUNTRY_OF_AUTHORITY).map(([authority, code]) => [code, authority]));

const countryLabel = (code: string) => AUTHORITY_OF_COUNTRY[code] ?? model.getType('country').getLabel(code.toLowerCase());
const normalName = (name: string) => name.normalize('NFKC').toLowerCase().replace(/[’']s$/u, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** The node a party an article names but no list holds is drawn as: its country or authority when it is one, else its name. */
export function reportedNode(name: string): NetworkNode {
  const text = name.trim().replace(/^the\s+/iu, '');
  const code = countryWordCode(text);
  if (code) return { key: `country:${code}`, label: countryLabel(code), kind: 'country', expandable: false };
  const mentions = authoritiesIn(text);
  const whole = mentions.length === 1 && mentions[0]!.start === 0 && mentions[0]!.end === text.length ? mentions[0]!.authority : null;
  if (whole && COUNTRY_OF_AUTHORITY[whole]) return { key: `country:${COUNTRY_OF_AUTHORITY[whole]}`, label: whole, kind: 'country', expandable: false };
  if (whole) return { key: `authority:${whole}`, label: whole, kind: 'authority', expandable: false };
  return { key: `reported:${normalName(text)}`, label: text, kind: 'reported', expandable: false };
}

/** The relations of a party: those of all its sources, without links between its own sources. */
export async function network(store: Store, id: string): Promise<NetworkEdge[]> {
  const { canonicalId, members } = await sourcesOf(store.sql, id);
  const own = new Set(members);
  const seen = new Set<string>();
  const edges: NetworkEdge[] = [];
  const reviews = await reviewsByFact(store);
  const root = await store.getEntity(canonicalId);
  const nodes = new Map<string, NetworkNode>();
  // A listed party is drawn once, by its canonical id and caption, whichever of its sources the edge names.
  const nodeOf = async (end: NetworkEnd): Promise<NetworkNode> => {
    if (own.has(end.id) || end.id === canonicalId) return { key: canonicalId, label: root?.caption ?? end.name, kind: 'party', expandable: true };
    if (end.id && !end.id.startsWith('article-')) {
      if (!nodes.has(end.id)) {
        const key = await canonicalOf(store.sql, end.id);
        const entity = await store.getEntity(key);
        nodes.set(end.id, entity ? { key, label: entity.caption, kind: 'party', expandable: true } : { key: end.id, label: end.name, kind: 'reported', expandable: false });
      }
      return nodes.get(end.id)!;
    }
    return reportedNode(end.name || end.id);
  };
  for (const member of members) {
    for (const edge of await sourceNetwork(store, member, reviews)) {
      if (own.has(edge.subject.id) && own.has(edge.object.id)) continue;
      // Either end that is one of the party's sources is shown as the party.
      const subject = own.has(edge.subject.id) ? { ...edge.subject, id: canonicalId } : edge.subject;
      const object = own.has(edge.object.id) ? { ...edge.object, id: canonicalId } : edge.object;
      const key = `${subject.id}|${edge.predicate}|${object.id}|${edge.source.kind === 'news' ? edge.source.articleId : edge.source.dataset}`;
      if (seen.has(key)) continue;
      seen.add(key);
      edges.push({ ...edge, subject: { ...subject, node: await nodeOf(subject) }, object: { ...object, node: await nodeOf(object) } });
    }
  }
  return edges;
}

// ---- The profile: every property of the party, each value with the sources that state it.

export interface ValueSource {
  /** The source entity (list record) that states the value. */
  entityId: string;
  dataset: string;
  /** The list's title ("OFAC Specially Designated Nationals (SDN) list"). */
  datasetTitle: string;
  /** The property it is stated under there (a name may be `name` on one list and `alias` on another). */
  prop: string;
  propLabel: string;
  /** The first and last list version of that source that state it. */
  firstSeen: VersionRef;
  lastSeen: VersionRef;
}

export interface ProfileValue {
  value: string;
  /** The value as a reader reads it: a country's name for its code, a topic's label. */
  display: string;
  sources: ValueSource[];
}

export type ProfileGroup = 'identity' | 'contacts' | 'identifiers' | 'addresses' | 'other';

export interface ProfileProperty {
  prop: string;
  /** The FtM label ("Birth date", "Nationality", "Incorporation date"). */
  label: string;
  /** The FtM property type ('date', 'country', 'identifier', 'url'…). */
  type: string;
  group: ProfileGroup;
  values: ProfileValue[];
}

export interface ProfileName extends ProfileValue {
  script: string;
}

export interface ProfileSource {
  id: string;
  dataset: string;
  datasetTitle: string;
  schema: string;
  caption: string;
  /** The list version this view of the source is from (its latest), and when the source was first and last seen. */
  version: VersionRef;
  firstSeen: VersionRef | null;
  lastSeen: VersionRef | null;
}

export interface Profile {
  id: string;
  caption: string;
  schema: string;
  schemaLabel: string;
  sources: ProfileSource[];
  /** Every name of the party once (case, order and punctuation aside), with the sources of each. */
  names: ProfileName[];
  groups: { group: ProfileGroup; label: string; properties: ProfileProperty[] }[];
}

const NAME_PROPS = new Set(['name', 'alias', 'weakAlias', 'previousName', 'abbreviation']);
// Properties that say who or what the party is, beyond their type.
const IDENTITY_PROPS = new Set([
  'firstName', 'middleName', 'secondName', 'lastName', 'fatherName', 'motherName', 'title', 'position', 'gender', 'birthPlace', 'religion', 'ethnicity', 'education',
  'political', 'appearance', 'legalForm', 'sector', 'classification', 'status', 'type', 'model', 'flag', 'mainCountry', 'jurisdiction', 'country', 'nationality', 'citizenship',
]);
const CONTACT_PROPS = new Set(['email', 'phone', 'website']);
const GROUP_LABELS: Record<ProfileGroup, string> = { identity: 'Identity', contacts: 'Contacts', identifiers: 'Identifiers', addresses: 'Addresses', other: 'Other' };
// The order a reader looks for them in.
const IDENTITY_ORDER = ['birthDate', 'deathDate', 'birthPlace', 'birthCountry', 'nationality', 'citizenship', 'country', 'gender', 'position', 'title', 'incorporationDate', 'dissolutionDate', 'legalForm', 'jurisdiction', 'sector', 'status'];

function groupOf(prop: string, type: string): ProfileGroup {
  if (CONTACT_PROPS.has(prop) || type === 'email' || type === 'phone') return 'contacts';
  if (type === 'identifier' || type === 'checksum') return 'identifiers';
  if (type === 'address' || prop === 'addressEntity') return 'addresses';
  if (IDENTITY_PROPS.has(prop) || type === 'date' && prop !== 'modifiedAt' && prop !== 'createdAt' || type === 'country' || type === 'gender') return 'identity';
  return 'other';
}

const nameKey = (name: string) => normalName(name).split(' ').filter(Boolean).sort().join(' ');

function displayValue(type: string, value: string): string {
  if (['country', 'topic', 'gender', 'language'].includes(type)) {
    const label = model.getType(type).getLabel(value);
    return label && label !== value ? label : value;
  }
  return value;
}

const earlier = (a: VersionRef | null, b: VersionRef) => (!a || b.date < a.date ? b : a);
const later = (a: VersionRef | null, b: VersionRef) => (!a || b.date > a.date ? b : a);

/**
 * The profile of a party: its source entities (one per list record resolved into it), its
 * names once each, and every other property grouped (identity, contacts, identifiers,
 * addresses, other) with FtM labels; each value lists the sources that state it and the list
 * versions they were seen in. Links to other entities are left to the network.
 */
export async function profile(store: Store, id: string): Promise<Profile | null> {
  const { canonicalId, members } = await sourcesOf(store.sql, id);
  const entities = (await Promise.all(members.map((m) => store.getEntity(m)))).filter((e) => e !== null);
  const main = entities.find((e) => e.id === canonicalId) ?? entities[0];
  if (!main) return null;
  const sources: ProfileSource[] = entities.map((e) => ({
    id: e.id,
    dataset: e.dataset,
    datasetTitle: officialSource(e.dataset)?.title ?? e.dataset,
    schema: e.schema,
    caption: e.caption,
    version: e.version,
    firstSeen: e.statements.reduce<VersionRef | null>((d, s) => earlier(d, s.firstSeen), null),
    lastSeen: e.statements.reduce<VersionRef | null>((d, s) => later(d, s.lastSeen), null),
  }));
  const sourceOf = (entity: (typeof entities)[number], s: StatementRecord, label: string): ValueSource => ({
    entityId: entity.id,
    dataset: entity.dataset,
    datasetTitle: officialSource(entity.dataset)?.title ?? entity.dataset,
    prop: s.prop,
    propLabel: label,
    firstSeen: s.firstSeen,
    lastSeen: s.lastSeen,
  });
  const names = new Map<string, ProfileName>();
  const props = new Map<string, ProfileProperty>();
  const addSource = (list: ValueSource[], source: ValueSource) => {
    if (!list.some((x) => x.entityId === source.entityId && x.prop === source.prop)) list.push(source);
  };
  for (const entity of entities) {
    const schema = model.getSchema(entity.schema);
    for (const s of entity.statements) {
      if (!schema.hasProperty(s.prop)) continue;
      const property = schema.getProperty(s.prop);
      const type = property.type.name;
      if (type === 'entity' && s.prop !== 'addressEntity') continue;
      if (NAME_PROPS.has(s.prop)) {
        const key = nameKey(s.value);
        const entry = names.get(key) ?? { value: s.value, display: s.value, script: scriptOf(s.value), sources: [] };
        // The form a list gives as the name is the one shown.
        if (s.prop === 'name' && !entry.sources.some((x) => x.prop === 'name')) Object.assign(entry, { value: s.value, display: s.value });
        addSource(entry.sources, sourceOf(entity, s, property.label));
        names.set(key, entry);
        continue;
      }
      const entry = props.get(s.prop) ?? { prop: s.prop, label: property.label, type, group: groupOf(s.prop, type), values: [] };
      props.set(s.prop, entry);
      // Dates and identifiers are compared as written; other texts case and spacing aside.
      const same = (v: string) => v === s.value || (type !== 'date' && type !== 'identifier' && normalName(v) !== '' && normalName(v) === normalName(s.value));
      let value = entry.values.find((v) => same(v.value));
      if (!value) {
        value = { value: s.value, display: displayValue(type, s.value), sources: [] };
        entry.values.push(value);
      }
      addSource(value.sources, sourceOf(entity, s, property.label));
    }
  }
  const order = (prop: string) => {
    const i = IDENTITY_ORDER.indexOf(prop);
    return i < 0 ? IDENTITY_ORDER.length : i;
  };
  const groups = (['identity', 'contacts', 'identifiers', 'addresses', 'other'] as const)
    .map((group) => ({
      group,
      label: GROUP_LABELS[group],
      properties: [...props.values()].filter((p) => p.group === group).sort((a, b) => order(a.prop) - order(b.prop) || a.label.localeCompare(b.label)),
    }))
    .filter((g) => g.properties.length > 0);
  return {
    id: canonicalId,
    caption: main.caption,
    schema: main.schema,
    schemaLabel: model.getSchema(main.schema).label,
    sources,
    names: [...names.values()],
    groups,
  };
}
