// What the API offers beyond yente: an entity's profile, timeline and network, the articles
// (read one, list them, send one in), and the versions of a list and what changed between two.
import { principalOf } from '../access/principal.js';
import { articleFacts, ReviewError, reviewFact } from '../extract/review.js';
import type { FastifyInstance } from 'fastify';
import { ingestDocument, loadAnalysis } from '../extract/pipeline.js';
import { afterArticleIngest } from '../monitor/hooks.js';
import { isMatchable, model } from '../model/ftm.js';
import { versionDate } from '../store/sql-store.js';
import type { Delta, EntityChange, EntitySummary, Store } from '../store/types.js';
import { diffWithPrograms, resolveVersion } from '../store/versions.js';
import { describeSource, network, profile, timeline } from './profile.js';
import type { ApiContext } from './server.js';

const idParams = { type: 'object', properties: { id: { type: 'string' } } } as const;
const nameParams = { type: 'object', properties: { name: { type: 'string' } } } as const;

export class NotFound extends Error {}
export class BadRequest extends Error {}

// An unknown article or fact is a 404; anything else the review refuses is a 400.
function reviewAsHttp(error: unknown): never {
  if (error instanceof ReviewError) throw /^no (article|fact)/u.test(error.message) ? new NotFound(error.message) : new BadRequest(error.message);
  throw error;
}

/** What a diff counts: every record of the list (as the version table does) and, of them, the parties one can screen. */
export interface DiffCounts {
  /** Every FtM entity of the list: parties, their Sanction (listing) records, links between parties. */
  records: { added: number; removed: number; changed: number };
  /** Screenable parties (FtM matchable schemata: people, companies, organisations, vessels…). */
  parties: { added: number; removed: number; changed: number };
  /** Listing (Sanction) records. */
  listings: { added: number; removed: number; changed: number };
  /** Everything else: links between parties (UnknownLink, Ownership, Family…), identifications. */
  links: { added: number; removed: number; changed: number };
}

/** One property of a changed record, before → after (only the values that differ). */
export interface FieldChange {
  prop: string;
  label: string;
  before: string[];
  after: string[];
}

type Kind = 'party' | 'listing' | 'link';
const ABOUT_LIMIT = 500;
const kindOf = (schema: string): Kind => (isMatchable(schema) ? 'party' : schema === 'Sanction' ? 'listing' : 'link');

function propLabel(schema: string, prop: string): string {
  const s = model.schemata[schema];
  return s?.hasProperty(prop) ? s.getProperty(prop).label : prop;
}

/** The "prop: value" lines of a change, as the fields that changed with their values before and after. */
export function fieldChanges(change: EntityChange): FieldChange[] {
  const byProp = new Map<string, FieldChange>();
  const split = (line: string) => {
    const at = line.indexOf(': ');
    return at < 0 ? { prop: line, value: '' } : { prop: line.slice(0, at), value: line.slice(at + 2) };
  };
  for (const [side, lines] of [['before', change.removedValues], ['after', change.addedValues]] as const) {
    for (const line of lines) {
      const { prop, value } = split(line);
      const field = byProp.get(prop) ?? { prop, label: propLabel(change.schema, prop), before: [], after: [] };
      field[side].push(value);
      byProp.set(prop, field);
    }
  }
  return [...byProp.values()].sort((a, b) => a.label.localeCompare(b.label));
}

/** The parties a listing record or link is about (its entity-typed values), as of a version. */
async function aboutOf(store: Store, id: string, versionId: number): Promise<{ id: string; caption: string }[]> {
  const record = await store.getEntity(id, versionId);
  if (!record) return [];
  const out: { id: string; caption: string }[] = [];
  for (const s of record.statements) {
    if (s.propType !== 'entity' || out.some((o) => o.id === s.value)) continue;
    const party = await store.getEntity(s.value, versionId);
    out.push({ id: s.value, caption: party?.caption ?? s.value });
  }
  return out;
}

/** A diff with its counts named, each changed record's fields before → after, and the parties each listing record or link is about. */
export async function explainDiff(store: Store, delta: Delta) {
  const count = (items: EntitySummary[], kind?: Kind) => items.filter((i) => !kind || kindOf(i.schema) === kind).length;
  const counts = (kind?: Kind) => ({ added: count(delta.added, kind), removed: count(delta.removed, kind), changed: count(delta.changed, kind) });
  // Looking up what a record is about reads it: done for the first ABOUT_LIMIT listing records and links of each side, which is what a reader pages through.
  const withAbout = async <T extends EntitySummary>(items: T[], versionId: number) => {
    let looked = 0;
    const out: (T & { kind: Kind; about?: { id: string; caption: string }[] })[] = [];
    for (const i of items) {
      const kind = kindOf(i.schema);
      out.push(kind === 'party' || looked++ >= ABOUT_LIMIT ? { ...i, kind } : { ...i, kind, about: await aboutOf(store, i.id, versionId) });
    }
    return out;
  };
  const counted: DiffCounts = { records: counts(), parties: counts('party'), listings: counts('listing'), links: counts('link') };
  return {
    counts: counted,
    added: await withAbout(delta.added, delta.to.id),
    removed: await withAbout(delta.removed, delta.from.id),
    changed: (await withAbout(delta.changed, delta.to.id)).map((c) => ({ ...c, fields: fieldChanges(c) })),
  };
}

export function beyondYente(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: { id: string } }>(
    '/entities/:id/profile',
    { schema: { summary: "A party's profile: its source entities, names once each and every property grouped, each value with the list and versions it comes from", params: idParams } },
    async (req) => {
      const found = await profile(ctx.store, req.params.id);
      if (!found) throw new NotFound(`no entity '${req.params.id}'`);
      return found;
    },
  );

  app.get<{ Params: { id: string } }>('/entities/:id/timeline', { schema: { summary: 'Designations per authority over time: list versions and news reports', params: idParams } }, async (req) => {
    if (!(await ctx.store.getEntity(req.params.id))) throw new NotFound(`no entity '${req.params.id}'`);
    return { id: req.params.id, entries: await timeline(ctx.store, req.params.id) };
  });

  app.get<{ Params: { id: string } }>('/entities/:id/network', { schema: { summary: 'Relations with their evidence (lists and news)', params: idParams } }, async (req) => {
    if (!(await ctx.store.getEntity(req.params.id))) throw new NotFound(`no entity '${req.params.id}'`);
    return { id: req.params.id, edges: await network(ctx.store, req.params.id) };
  });

  app.get('/articles', { schema: { summary: 'The stored articles, each with its source in words (sourceInfo)' } }, async () => ({ articles: (await ctx.store.listArticles()).map((a) => ({ ...a, sourceInfo: describeSource(a.source) })) }));

  app.get<{ Params: { id: string } }>('/articles/:id', { schema: { summary: 'One article: text, furniture, parties, designations, relations with offsets', params: idParams } }, async (req) => {
    const record = await ctx.store.getArticle(req.params.id);
    if (!record) throw new NotFound(`no article '${req.params.id}'`);
    // The stored publication date (given at upload or read from the text) and the source in words.
    return { ...loadAnalysis(record.body, record.analysis), published: record.published, ingestedAt: record.ingestedAt, sourceInfo: describeSource(record.source) };
  });

  app.get<{ Params: { id: string } }>('/articles/:id/facts', { schema: { summary: "An article's extracted designations and relations, each with its confidence and review", params: idParams } }, async (req) => {
    return articleFacts(ctx.store, req.params.id).catch(reviewAsHttp);
  });

  app.post<{ Params: { id: string; factId: string }; Body: { decision: string; comment?: string } }>(
    '/articles/:id/facts/:factId/review',
    {
      // Deciding what the evidence base says is an analyst's act.
      config: { access: 'analyst' },
      schema: {
        summary: 'Accept or reject one extracted fact (who and when are recorded; a rejected fact leaves profiles and timelines)',
        params: { type: 'object', required: ['id', 'factId'], properties: { id: { type: 'string', maxLength: 200 }, factId: { type: 'string', maxLength: 200 } } },
        body: { type: 'object', required: ['decision'], additionalProperties: false, properties: { decision: { type: 'string', enum: ['accepted', 'rejected'] }, comment: { type: 'string', maxLength: 2000 } } },
      },
    },
    async (req, reply) => {
      if (!req.params.factId.startsWith(`${req.params.id}-`)) throw new NotFound(`no fact '${req.params.factId}' in article '${req.params.id}'`);
      const review = await reviewFact(ctx.store, { factId: req.params.factId, decision: req.body.decision, actor: principalOf(req).actor, comment: req.body.comment ?? null }).catch(reviewAsHttp);
      void reply.status(201);
      return review;
    },
  );

  app.post<{ Body: { text: string; source?: string; title?: string; published?: string } }>(
    '/articles',
    {
      // Adding to the evidence base is an analyst's act.
      config: { access: 'analyst' },
      schema: {
        summary: 'Read an article (plain text) and store what it reports',
        body: { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1 }, source: { type: 'string' }, title: { type: 'string' }, published: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } } },
      },
    },
    async (req, reply) => {
      const { analysis, stored } = await ingestDocument(ctx.store, { source: req.body.source ?? 'api', text: req.body.text, title: req.body.title, published: req.body.published }, ctx.screener);
      // Alerts are raised now; their webhooks are called after the answer, never inside it.
      if (stored) await afterArticleIngest(ctx.store, [analysis.id], { background: true });
      void reply.status(stored ? 201 : 200);
      return { id: analysis.id, stored, designations: analysis.designations.length, relations: analysis.relations.length };
    },
  );

  app.get<{ Params: { name: string } }>('/datasets/:name/versions', { schema: { summary: 'Every version of a list', params: nameParams } }, async (req) => {
    const versions = await ctx.store.listVersions(req.params.name);
    if (versions.length === 0) throw new NotFound(`no list '${req.params.name}'`);
    return { dataset: req.params.name, versions: versions.map((v) => ({ ...v, date: versionDate(v) })) };
  });

  app.get<{ Params: { name: string }; Querystring: { from?: string; to?: string } }>(
    '/datasets/:name/diff',
    { schema: { summary: 'What changed between two versions (ids or dates; default the last two)', params: nameParams, querystring: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } } } } },
    async (req) => {
      const versions = await ctx.store.listVersions(req.params.name);
      if (versions.length === 0) throw new NotFound(`no list '${req.params.name}'`);
      if (versions.length < 2) throw new BadRequest(`${req.params.name} has one version; a diff needs two`);
      const pick = (spec: string) => resolveVersion(ctx.store, req.params.name, spec, versions).catch((err: Error) => Promise.reject(new BadRequest(err.message)));
      const to = req.query.to ? await pick(req.query.to) : versions.at(-1)!;
      const from = req.query.from ? await pick(req.query.from) : (versions[versions.indexOf(to) - 1] ?? versions[0]);
      const { delta, programs } = await diffWithPrograms(ctx.store, from, to);
      // The records as the store gives them, with what each is (party, listing, link), the fields
      // that changed before → after, and the counts named (the version table counts records).
      return { ...delta, ...(await explainDiff(ctx.store, delta)), programs: Object.fromEntries(programs) };
    },
  );
}
