// The API as the UI calls it: small typed wrappers over fetch, errors as thrown messages.
export interface Hit {
  id: string;
  caption: string;
  schema: string;
  datasets: string[];
  score: number;
  match: boolean;
  properties: Record<string, string[]>;
  explanations: Record<string, string>;
  referents?: string[];
  suppressed?: { decided_by: string; decided_at: string; audit_seq: number; comment: string | null };
}

export interface Entity {
  id: string;
  caption: string;
  schema: string;
  datasets: string[];
  properties: Record<string, string[]>;
}

export interface TimelineEntry {
  date: string | null;
  authority: string;
  action: string;
  program: string | null;
  reason: string | null;
  source: { kind: 'list'; dataset: string; versionId: number; versionDate: string } | { kind: 'news'; articleId: string; evidence: string };
}

export interface Edge {
  subject: { id: string; name: string };
  predicate: string;
  object: { id: string; name: string };
  source: { kind: 'list'; dataset: string } | { kind: 'news'; articleId: string; evidence: string };
}

export interface ArticleSummary {
  id: string;
  title: string | null;
  published: string | null;
  source: string;
}

export interface Span {
  start: number;
  end: number;
  text: string;
}

export interface Article {
  id: string;
  title: string | null;
  source: string;
  text: string;
  publication: { date: string | null };
  lines: { index: number; start: number; text: string; furniture: string | null }[];
  entities: { id: number; name: string; type: string; aliases: string[]; mentions: Span[]; link: { entityId: string; caption: string; score: number; reason: string } | null }[];
  designations: { target: Span; targetType: string; authority: string; action: string; date: string | null; reason: string | null; country: string | null; entity: number | null; evidence: Span; confidence?: number }[];
  relations: { subject: string; predicate: string; object: string; evidence: Span; confidence?: number }[];
}

export interface FactReview {
  factId: string;
  decision: 'accepted' | 'rejected';
  actor: string;
  decidedAt: string;
}

export interface Fact {
  id: string;
  kind: 'designation' | 'relation';
  summary: string;
  confidence: number | null;
  review: FactReview | null;
}

export const facts = (id: string) => call<{ facts: Fact[] }>(`/articles/${encodeURIComponent(id)}/facts`).then((r) => r.facts);

export const reviewFact = (articleId: string, factId: string, decision: 'accepted' | 'rejected') =>
  call<FactReview>(`/articles/${encodeURIComponent(articleId)}/facts/${encodeURIComponent(factId)}/review`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ decision }) });

export interface Version {
  id: number;
  date: string;
  entityCount: number;
  added: number;
  changed: number;
  removed: number;
}

export interface Diff {
  added: { id: string; schema: string; caption: string }[];
  removed: { id: string; schema: string; caption: string }[];
  changed: { id: string; schema: string; caption: string }[];
}

// The API key (pasted in the header's key box) is kept in this browser only and sent with every
// request; reads work without one when the server allows anonymous reading.
const KEY_STORAGE = 'sanctraceKey';
export const apiKey = () => localStorage.getItem(KEY_STORAGE) ?? '';
export const setApiKey = (key: string) => (key ? localStorage.setItem(KEY_STORAGE, key) : localStorage.removeItem(KEY_STORAGE));

export function withKey(init: RequestInit = {}): RequestInit {
  const key = apiKey();
  return key ? { ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${key}` } } : init;
}

export async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, withKey(init));
  const body = (await res.json()) as T & { detail?: string };
  if (res.status === 401 || res.status === 403) throw new Error(`${body.detail ?? 'not allowed'} (paste an API key in the key box at the top)`);
  if (!res.ok) throw new Error(body.detail ?? `HTTP ${res.status}`);
  return body;
}

export async function screen(name: string, schema: string, country: string, dob: string, authority: string, customer = ''): Promise<Hit[]> {
  const properties: Record<string, string[]> = { name: [name] };
  if (country) properties.country = [country];
  if (dob) properties.birthDate = [dob];
  const body = await call<{ responses: { q: { results: Hit[] } } }>('/match/default?limit=15&threshold=0.7', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // The query id is the customer: decisions for it apply (suppressed false positives).
    body: JSON.stringify({ queries: { q: { schema, properties, ...(customer ? { id: customer } : {}) } } }),
  });
  const results = body.responses.q.results;
  return authority ? results.filter((r) => r.datasets.some((d) => d.startsWith(authority))) : results;
}

export const entity = (id: string) => call<Entity>(`/entities/${encodeURIComponent(id)}`);
export const timeline = (id: string) => call<{ entries: TimelineEntry[] }>(`/entities/${encodeURIComponent(id)}/timeline`).then((r) => r.entries);
export const network = (id: string) => call<{ edges: Edge[] }>(`/entities/${encodeURIComponent(id)}/network`).then((r) => r.edges);
export const articles = () => call<{ articles: ArticleSummary[] }>('/articles').then((r) => r.articles);
export const article = (id: string) => call<Article>(`/articles/${encodeURIComponent(id)}`);
export const catalog = () => call<{ datasets: { name: string; title: string; children: string[] }[] }>('/catalog').then((r) => r.datasets.filter((d) => d.children.length === 0 && d.name !== 'news'));
export const versions = (name: string) => call<{ versions: Version[] }>(`/datasets/${name}/versions`).then((r) => r.versions);
export const diff = (name: string, from: number, to: number) => call<Diff>(`/datasets/${name}/diff?from=${from}&to=${to}`);

export interface Job {
  id: string;
  status: 'running' | 'done' | 'cancelled' | 'failed';
  total: number;
  done: number;
  matches: number;
  error: string | null;
  seconds: number | null;
}

export interface JobRow {
  line: number;
  name: string;
  result: { score: number; match: boolean; entityId: string; caption: string; dataset: string; explanation: string } | null;
}

export const startBatch = (csv: string, nameColumn: string) =>
  call<Job>(`/screen/batch${nameColumn ? `?name_column=${encodeURIComponent(nameColumn)}` : ''}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
export const jobStatus = (id: string) => call<Job>(`/screen/batch/${id}`);
export const jobRows = (id: string) => call<{ rows: JobRow[] }>(`/screen/batch/${id}/results?format=json`).then((r) => r.rows);
/** The results CSV as a download link: fetched with the key (a job's results are its owner's), handed over as a blob. */
export async function jobCsvUrl(id: string): Promise<string> {
  const res = await fetch(`/screen/batch/${id}/results`, withKey());
  if (!res.ok) throw new Error(`results: HTTP ${res.status}`);
  return URL.createObjectURL(await res.blob());
}
export const cancelJob = (id: string) => call<Job>(`/screen/batch/${id}`, { method: 'DELETE' });

// Resolution, monitoring and audit (write calls need a key with the analyst role).
export interface Side {
  id: string;
  schema: string;
  caption: string;
  dataset: string;
  properties: Record<string, string[]>;
}
export interface QueueItem {
  left: Side;
  right: Side;
  score: number;
  strong: string | null;
  features: { feature: string; value: number; detail: string }[];
}
export interface QueueCounts {
  open: number;
  decided: number;
  autoMerged: number;
}
export const reviewQueue = () => call<{ items: QueueItem[]; counts: QueueCounts }>('/xref/queue?limit=50');
export const judgePair = (left: string, right: string, judgement: 'same' | 'not_same' | 'unsure') =>
  call<{ id: number }>('/xref/judgements', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ left, right, judgement }) });

export interface Alert {
  id: number;
  portfolio: string;
  memberKey: string;
  entityId: string;
  kind: string;
  score: number;
  cause: { kind: 'list'; dataset: string; versionDate: string; versionId: number } | { kind: 'article'; articleId: string; title: string | null } | { kind: 'manual'; actor: string };
  detail: { caption: string; explanation: string };
  createdAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}
export interface PortfolioSummary {
  name: string;
  members: number;
  threshold: number | null;
  webhook: string | null;
}
export const alerts = () => call<{ alerts: Alert[] }>('/alerts').then((r) => r.alerts);
export const portfolios = () => call<{ portfolios: PortfolioSummary[] }>('/portfolios').then((r) => r.portfolios);
export const acknowledge = (id: number) => call<Alert>(`/alerts/${id}/ack`, { method: 'POST' });

export interface AuditRecord {
  seq: number;
  at: string;
  actor: string;
  kind: string;
  hash: string;
  payload: { source?: string; queries?: { customer: string | null; query: { names: string[] }; results: { entityId: string; score: number; match: boolean; suppressed?: boolean }[] }[]; customer?: string; entityId?: string; decision?: string; comment?: string | null; rows?: number; matches?: number };
}
export interface Verification {
  ok: boolean;
  records: number;
  head: { seq: number; hash: string } | null;
  problems: { seq: number; reason: string }[];
}
export const auditRecords = () => call<{ records: AuditRecord[] }>('/audit?limit=10000').then((r) => r.records.slice(-100).reverse());
export const verifyAudit = () => call<Verification>('/audit/verify');
export const decide = (customer: string, entityId: string, decision: 'true_match' | 'false_positive' | 'needs_escalation', comment: string) =>
  call<{ auditSeq: number }>('/screening/decisions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customer, entity_id: entityId, decision, comment }) });

/** The export needs the key in the request, so it is fetched and handed to the browser as a file. */
export async function downloadAudit(format: 'csv' | 'json' | 'html'): Promise<void> {
  const res = await fetch(`/audit/export?format=${format}`, withKey());
  if (!res.ok) throw new Error(((await res.json()) as { detail?: string }).detail ?? `HTTP ${res.status}`);
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `sanctrace-audit.${format}`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// The profile page's reads: every property with its sources, the graph's nodes, the timeline
// with the articles' titles and dates, readable article sources, field-level list diffs.
export interface VersionRef {
  versionId: number;
  date: string;
}
export interface ValueSource {
  entityId: string;
  dataset: string;
  datasetTitle: string;
  prop: string;
  propLabel: string;
  firstSeen: VersionRef;
  lastSeen: VersionRef;
}
export interface ProfileValue {
  value: string;
  display: string;
  sources: ValueSource[];
}
export interface ProfileProperty {
  prop: string;
  label: string;
  type: string;
  group: string;
  values: ProfileValue[];
}
export interface ProfileSource {
  id: string;
  dataset: string;
  datasetTitle: string;
  schema: string;
  caption: string;
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
  names: (ProfileValue & { script: string })[];
  groups: { group: string; label: string; properties: ProfileProperty[] }[];
}
export const profile = (id: string) => call<Profile>(`/entities/${encodeURIComponent(id)}/profile`);

export interface SourceInfo {
  kind: 'web' | 'feed' | 'file' | 'api' | 'bundled';
  label: string;
  url: string | null;
  file: string | null;
}
export interface ArticleRef {
  title: string | null;
  published: string | null;
  source: SourceInfo;
}
export type DatedEntry = Omit<TimelineEntry, 'source'> & {
  dated: 'event' | 'first_seen' | 'reported' | null;
  source: { kind: 'list'; dataset: string; versionId: number; versionDate: string } | { kind: 'news'; articleId: string; evidence: string; article: ArticleRef | null };
};
export const datedTimeline = (id: string) => call<{ entries: DatedEntry[] }>(`/entities/${encodeURIComponent(id)}/timeline`).then((r) => r.entries);

export interface GraphNode {
  key: string;
  label: string;
  kind: 'party' | 'authority' | 'country' | 'reported';
  expandable: boolean;
}
export interface GraphEdge {
  subject: { id: string; name: string; node: GraphNode };
  predicate: string;
  label: string;
  directed?: boolean;
  object: { id: string; name: string; node: GraphNode };
  source: { kind: 'list'; dataset: string; title?: string; versionDate?: string; record?: string } | { kind: 'news'; articleId: string; evidence: string; article?: ArticleRef | null };
}
export const graph = (id: string) => call<{ edges: GraphEdge[] }>(`/entities/${encodeURIComponent(id)}/network`).then((r) => r.edges);

export type ArticleListing = ArticleSummary & { sourceInfo: SourceInfo; ingestedAt: string };
export const articleListings = () => call<{ articles: ArticleListing[] }>('/articles').then((r) => r.articles);
export type ArticleDetail = Article & { published: string | null; ingestedAt: string; sourceInfo: SourceInfo };
export const articleDetail = (id: string) => call<ArticleDetail>(`/articles/${encodeURIComponent(id)}`);

export interface Counts {
  added: number;
  removed: number;
  changed: number;
}
export interface DiffRecord {
  id: string;
  schema: string;
  caption: string;
  kind: 'party' | 'listing' | 'link';
  about?: { id: string; caption: string }[];
}
export interface FieldChange {
  prop: string;
  label: string;
  before: string[];
  after: string[];
}
export interface DetailedDiff {
  counts: { records: Counts; parties: Counts; listings: Counts; links: Counts };
  added: DiffRecord[];
  removed: DiffRecord[];
  changed: (DiffRecord & { fields: FieldChange[] })[];
  programs: Record<string, string[]>;
}
export const detailedDiff = (name: string, from: number, to: number) => call<DetailedDiff>(`/datasets/${name}/diff?from=${from}&to=${to}`);

// Alerts with the hit party's name as the lists name it now (caption): an alert's own detail may
// hold only the entity id ('removed' alerts, older news alerts).
export type NamedAlert = Alert & { caption: string };
export const namedAlerts = () => call<{ alerts: NamedAlert[] }>('/alerts').then((r) => r.alerts);
// Batch results with each row's customer id, read from the upload's id column (customer_column).
export type CustomerRow = JobRow & { customer: string | null };
export const jobResults = (id: string) => call<{ customer_column: string | null; rows: CustomerRow[] }>(`/screen/batch/${id}/results?format=json`);

// The screening page: a preview while typing (/search: scored by name, never audited) and one
// audited screening when the analyst submits (/match, which answers with its audit record's seq).
/** One listing of a hit, from its Sanction record (/match?sanctions=true). */
export interface Listing {
  id: string;
  dataset: string;
  authority: string | null;
  programs: string[];
  /** As the list states it; null when the list gives no date. */
  listing_date: string | null;
  /** The first list version this server holds the listing in. */
  first_seen: string | null;
  countries: string[];
}
export type ScreenedHit = Hit & { sanctions?: Listing[] };
export interface PreviewHit {
  id: string;
  caption: string;
  schema: string;
  datasets: string[];
  score: number;
  properties: Record<string, string[]>;
}
export interface ScreenQuery {
  name: string;
  schema: string;
  country: string;
  dob: string;
  customer: string;
  /** The lists to screen against; empty: every list. */
  datasets: string[];
}
export interface Screening {
  auditSeq: number | null;
  threshold: number;
  listVersions: Record<string, { id: number; date: string }>;
  hits: ScreenedHit[];
}
const scopeParams = (datasets: string[]) => datasets.map((d) => `&include_dataset=${encodeURIComponent(d)}`).join('');

/** The threshold /match applies by default, as the server states it. */
export const matchThreshold = () => call<{ algorithms: { name: string; threshold?: number }[]; default: string }>('/algorithms').then((r) => r.algorithms.find((a) => a.name === r.default)?.threshold ?? null);

export const previewSearch = (q: ScreenQuery) =>
  call<{ results: PreviewHit[] }>(`/search/default?q=${encodeURIComponent(q.name)}&limit=15&schema=${encodeURIComponent(q.schema)}${scopeParams(q.datasets)}`).then((r) => r.results);

/** One screening of record: the server's own threshold (none sent), each hit with its listings. */
export async function screenOfRecord(q: ScreenQuery): Promise<Screening> {
  const properties: Record<string, string[]> = { name: [q.name] };
  if (q.country) properties.country = [q.country];
  if (q.dob) properties.birthDate = [q.dob];
  const body = await call<{ responses: { q: { results: ScreenedHit[] } }; audit_seq: number | null; threshold: number; list_versions: Record<string, { id: number; date: string }> }>(`/match/default?limit=15&sanctions=true${scopeParams(q.datasets)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // The query id is the customer: decisions for it apply (suppressed false positives).
    body: JSON.stringify({ queries: { q: { schema: q.schema, properties, ...(q.customer ? { id: q.customer } : {}) } } }),
  });
  return { auditSeq: body.audit_seq, threshold: body.threshold, listVersions: body.list_versions, hits: body.responses.q.results };
}

/** A screening's export, rebuilt by the server from its audit record (needs the key of whoever ran it, or an analyst's). */
export async function screeningReport(seq: number, format: 'csv' | 'html'): Promise<Blob> {
  const res = await fetch(`/audit/screenings/${seq}/report?format=${format}`, withKey());
  if (!res.ok) {
    const detail = ((await res.json().catch(() => ({}))) as { detail?: string }).detail ?? `HTTP ${res.status}`;
    throw new Error(res.status === 401 ? `${detail} (paste an API key in the key box at the top)` : detail);
  }
  return res.blob();
}

/** A decision on a hit of a screening of record (the decision names the screening it was made on). */
export const decideOn = (customer: string, entityId: string, decision: 'true_match' | 'false_positive' | 'needs_escalation', screeningSeq: number | null) =>
  call<{ auditSeq: number }>('/screening/decisions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customer, entity_id: entityId, decision, comment: '', ...(screeningSeq ? { screening_seq: screeningSeq } : {}) }) });
