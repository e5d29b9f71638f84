// Canonical entities: the groups of source entities that the 'same' judgements in force join
// (union-find, so A=B and B=C make one party of three). The canonical id is the member first
// in list precedence (the authority's own list before compilations), then the lowest id: MZKT
// stays us_ofac_sdn-34769, the id analysts know. Materialised in canonical_members.
import { listPrecedence } from '../sources/registry.js';
import type { SqlDb } from '../store/sql.js';
import { judgementsInForce, type JudgementRecord } from './judgements.js';

const PRECEDENCE = listPrecedence();
const rank = (id: string) => {
  const i = PRECEDENCE.findIndex((dataset) => id.startsWith(`${dataset}-`));
  return i < 0 ? PRECEDENCE.length : i;
};

export function canonicalIdOf(members: string[]): string {
  return [...members].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))[0]!;
}

/** Entity id → all members of its group (only entities in some 'same' judgement in force). */
export function groupsInForce(judgements: JudgementRecord[]): Map<string, string[]> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let y = x; parent.get(y) !== root; ) {
      const next = parent.get(y)!;
      parent.set(y, root);
      y = next;
    }
    return root;
  };
  for (const j of judgements) {
    if (j.judgement !== 'same') continue;
    for (const id of [j.left, j.right]) if (!parent.has(id)) parent.set(id, id);
    const a = find(j.left);
    const b = find(j.right);
    if (a !== b) parent.set(a, b);
  }
  const groups = new Map<string, string[]>();
  for (const id of parent.keys()) {
    const root = find(id);
    const list = groups.get(root) ?? [];
    list.push(id);
    groups.set(root, list);
  }
  const byMember = new Map<string, string[]>();
  for (const members of groups.values()) for (const id of members) byMember.set(id, members);
  return byMember;
}

export async function rebuildCanonical(db: SqlDb): Promise<void> {
  const groups = groupsInForce(await judgementsInForce(db));
  await db.run('DELETE FROM canonical_members');
  const rows = [...groups].map(([id, members]) => [id, canonicalIdOf(members)] as const);
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    await db.run(`INSERT INTO canonical_members (entity_id, canonical_id) VALUES ${chunk.map(() => '(?, ?)').join(', ')}`, chunk.flat());
  }
}

/** The canonical id of an entity (itself when it was never merged). */
export async function canonicalOf(db: SqlDb, id: string): Promise<string> {
  const rows = await db.all<{ canonical_id: string }>('SELECT canonical_id FROM canonical_members WHERE entity_id = ?', [id]);
  return rows[0]?.canonical_id ?? id;
}

/** Every source entity of the party `id` belongs to, the canonical one first. */
export async function sourcesOf(db: SqlDb, id: string): Promise<{ canonicalId: string; members: string[] }> {
  const canonicalId = await canonicalOf(db, id);
  const rows = await db.all<{ entity_id: string }>('SELECT entity_id FROM canonical_members WHERE canonical_id = ?', [canonicalId]);
  const members = rows.length ? rows.map((r) => r.entity_id).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1)) : [id];
  return { canonicalId, members: [canonicalId, ...members.filter((m) => m !== canonicalId)] };
}

/** The whole grouping, for the matcher: entity id → canonical id. */
export async function canonicalMap(db: SqlDb): Promise<Map<string, string>> {
  const rows = await db.all<{ entity_id: string; canonical_id: string }>('SELECT entity_id, canonical_id FROM canonical_members');
  return new Map(rows.map((r) => [r.entity_id, r.canonical_id]));
}
