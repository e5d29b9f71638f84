// The state of a listed entity as decisions see it: the content hashes of its statements and of
// its listing records (the Sanction entities that point at it: programmes, reasons, dates) in the
// newest version of its list that holds them. A decision is made on one state; when the list
// changes the entity or how it is listed (OFAC adding NPWMD to MZKT in 2024), the state changes
// and the decision no longer applies.
import { createHash } from 'node:crypto';
import type { SqlDb } from '../store/sql.js';

async function latestStateHash(db: SqlDb, id: string): Promise<string | null> {
  const rows = await db.all<{ hash: string }>(
    `SELECT es.hash FROM version_entities ve
       JOIN entity_states es ON es.id = ve.state_id
       JOIN versions v ON v.id = ve.version_id
      WHERE ve.entity_id = ? ORDER BY v.sort_key DESC LIMIT 1`,
    [id],
  );
  return rows[0]?.hash ?? null;
}

export async function entityStates(db: SqlDb, entityIds: string[]): Promise<Map<string, string>> {
  const states = new Map<string, string>();
  for (const id of new Set(entityIds)) {
    const own = await latestStateHash(db, id);
    if (!own) continue;
    const listings = await db.all<{ entity_id: string }>("SELECT DISTINCT entity_id FROM statements WHERE prop_type = 'entity' AND value = ? AND schema = 'Sanction'", [id]);
    const parts = [own];
    for (const listing of listings.map((l) => l.entity_id).sort()) parts.push(`${listing}=${(await latestStateHash(db, listing)) ?? 'gone'}`);
    states.set(id, createHash('sha256').update(parts.join('\n')).digest('hex'));
  }
  return states;
}
