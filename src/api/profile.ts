// An entity's history and connections as the profile page shows them: designations per
// authority over time, from the official lists (with the list version each was seen in) and
// from news reports (with the article sentence), and relations with their evidence.
import { reviewsByFact, type FactReview } from '../extract/review.js';
import { sourcesOf } from '../resolve/canonical.js';
import type { Store } from '../store/types.js';

export interface TimelineEntry {
  /** The source entity (list record) this entry is about: one of the party's sources. */
  entityId?: string;
  date: string | null;
  authority: string;
  action: string;
  program: string | null;
  reason: string | null;
  source: { kind: 'list'; dataset: string; versionId: number; versionDate: string } | { kind: 'news'; articleId: string; evidence: string; factId: string };
  /** For a news fact an analyst accepted: who and when (rejected facts are left out). */
  reviewed?: { decision: 'accepted'; actor: string; at: string };
}

const reviewedMark = (review: FactReview | undefined) => (review?.decision === 'accepted' ? { reviewed: { decision: 'accepted' as const, actor: review.actor, at: review.decidedAt } } : {});

export interface NetworkEdge {
  subject: { id: string; name: string };
  predicate: string;
  object: { id: string; name: string };
  source: { kind: 'list'; dataset: string } | { kind: 'news'; articleId: string; evidence: string; factId: string };
  reviewed?: { decision: 'accepted'; actor: string; at: string };
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
    entries.push({
      // The listing date when the list states it, else when this store first saw the listing.
      date: get('listingDate') ?? get('startDate') ?? seen?.date ?? null,
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
    entries.push({
      date: first(e, 'startDate') ?? article?.published ?? null,
      authority: first(e, 'authority') ?? 'unknown',
      action: status.replace(/^reported:?\s*/u, '').replace(/^\((.*)\)$/u, '$1') || 'reported',
      program: null,
      reason: first(e, 'reason'),
      source: { kind: 'news', articleId: reported.articleId, evidence: first(e, 'summary') ?? '', factId: reported.entityId },
      ...reviewedMark(reviews.get(reported.entityId)),
    });
  }
  // Undated entries last, the rest in date order.
  return entries.sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999'));
}

async function sourceNetwork(store: Store, id: string, reviews: Map<string, FactReview>): Promise<NetworkEdge[]> {
  const edges: NetworkEdge[] = [];
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
    edges.push({ subject: subjectFirst ? me : them, predicate: ref.statements.find((s) => s.prop === 'role')?.value ?? ref.schema, object: subjectFirst ? them : me, source: { kind: 'list', dataset: ref.dataset } });
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
    edges.push({
      subject: party(ends[0] ?? null),
      predicate: first(e, 'role') ?? first(e, 'summary') ?? linked.schema,
      object: party(objects[0] ?? null),
      source: { kind: 'news', articleId: linked.articleId, evidence: first(e, 'description') ?? '', factId: linked.entityId },
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

/** The relations of a party: those of all its sources, without links between its own sources. */
export async function network(store: Store, id: string): Promise<NetworkEdge[]> {
  const { canonicalId, members } = await sourcesOf(store.sql, id);
  const own = new Set(members);
  const seen = new Set<string>();
  const edges: NetworkEdge[] = [];
  const reviews = await reviewsByFact(store);
  for (const member of members) {
    for (const edge of await sourceNetwork(store, member, reviews)) {
      if (own.has(edge.subject.id) && own.has(edge.object.id)) continue;
      // Either end that is one of the party's sources is shown as the party.
      const subject = own.has(edge.subject.id) ? { ...edge.subject, id: canonicalId } : edge.subject;
      const object = own.has(edge.object.id) ? { ...edge.object, id: canonicalId } : edge.object;
      const key = `${subject.id}|${edge.predicate}|${object.id}|${edge.source.kind === 'news' ? edge.source.articleId : edge.source.dataset}`;
      if (seen.has(key)) continue;
      seen.add(key);
      edges.push({ ...edge, subject, object });
    }
  }
  return edges;
}
