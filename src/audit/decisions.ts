// An analyst's decision on one hit for one customer (true match, false positive, needs
// escalation), recorded in hit_decisions and in the audit trail. A false positive suppresses the
// same hit for the same customer on later screenings, as long as the listed entity is unchanged.
import type { SqlDb } from '../store/sql.js';
import { appendAudit } from './log.js';
import { entityStates } from './state.js';

export const DECISIONS = ['true_match', 'false_positive', 'needs_escalation'] as const;
export type Decision = (typeof DECISIONS)[number];

export function parseDecision(text: string): Decision {
  const normalised = text.toLowerCase().replace(/[-\s]/gu, '_').replace(/^escalate$/u, 'needs_escalation');
  if (!(DECISIONS as readonly string[]).includes(normalised)) throw new Error(`unknown decision '${text}' (one of: true-match, false-positive, escalate)`);
  return normalised as Decision;
}

export interface DecisionInput {
  customer: string;
  entityId: string;
  decision: Decision;
  comment?: string | null;
  actor: string;
  /** The screening record the decision is about, when known. */
  screeningSeq?: number | null;
}

export interface DecisionRecord extends DecisionInput {
  at: string;
  entityState: string;
  auditSeq: number;
}

export async function decideHit(db: SqlDb, input: DecisionInput, anchorFile?: string | null): Promise<DecisionRecord> {
  if (!input.customer.trim()) throw new Error('a decision needs the customer it is about');
  const state = (await entityStates(db, [input.entityId])).get(input.entityId);
  if (!state) throw new Error(`no listed entity '${input.entityId}'`);
  const at = new Date().toISOString();
  const [record] = await appendAudit(
    db,
    [{ actor: input.actor, kind: 'decision', payload: { customer: input.customer, entityId: input.entityId, decision: input.decision, comment: input.comment ?? null, entityState: state, screeningSeq: input.screeningSeq ?? null } }],
    anchorFile,
  );
  await db.run('INSERT INTO hit_decisions (customer, entity_id, decision, entity_state, comment, actor, at, audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
    input.customer,
    input.entityId,
    input.decision,
    state,
    input.comment ?? null,
    input.actor,
    at,
    record!.seq,
  ]);
  return { ...input, at, entityState: state, auditSeq: record!.seq };
}

export interface Suppression {
  entityId: string;
  decidedBy: string;
  decidedAt: string;
  auditSeq: number;
  comment: string | null;
}

/** The hits of this customer that a false-positive decision on the entity's current state suppresses. */
export async function suppressions(db: SqlDb, customer: string, entityIds: string[]): Promise<Map<string, Suppression>> {
  const out = new Map<string, Suppression>();
  if (!customer || entityIds.length === 0) return out;
  const states = await entityStates(db, entityIds);
  for (const entityId of new Set(entityIds)) {
    const rows = await db.all<{ decision: string; entity_state: string; actor: string; at: string; audit_seq: number; comment: string | null }>(
      'SELECT decision, entity_state, actor, at, audit_seq, comment FROM hit_decisions WHERE customer = ? AND entity_id = ? ORDER BY id DESC LIMIT 1',
      [customer, entityId],
    );
    const latest = rows[0];
    if (latest?.decision === 'false_positive' && latest.entity_state === states.get(entityId)) {
      out.set(entityId, { entityId, decidedBy: latest.actor, decidedAt: latest.at, auditSeq: Number(latest.audit_seq), comment: latest.comment });
    }
  }
  return out;
}

export async function decisionsFor(db: SqlDb, customer?: string): Promise<DecisionRecord[]> {
  const rows = await db.all<{ customer: string; entity_id: string; decision: string; entity_state: string; comment: string | null; actor: string; at: string; audit_seq: number }>(
    `SELECT customer, entity_id, decision, entity_state, comment, actor, at, audit_seq FROM hit_decisions${customer ? ' WHERE customer = ?' : ''} ORDER BY id`,
    customer ? [customer] : [],
  );
  return rows.map((r) => ({ customer: r.customer, entityId: r.entity_id, decision: r.decision as Decision, entityState: r.entity_state, comment: r.comment, actor: r.actor, at: r.at, auditSeq: Number(r.audit_seq) }));
}
