// Naming a version of a list the way users do: by its id or by its publication date.
import { versionDate } from './sql-store.js';
import type { Delta, Store, VersionRecord } from './types.js';

/** The version of `dataset` that `spec` names (an id, or a date: the last version of that date). */
export async function resolveVersion(_store: Store, dataset: string, spec: string, versions: VersionRecord[]): Promise<VersionRecord> {
  const byId = /^\d+$/u.test(spec) ? versions.find((v) => v.id === Number(spec)) : undefined;
  const byDate = versions.filter((v) => versionDate(v) === spec);
  const found = byId ?? byDate.at(-1);
  if (!found) throw new Error(`no version '${spec}' of ${dataset} (versions: ${versions.map((v) => `${v.id}=${versionDate(v)}`).join(', ')})`);
  return found;
}

/** What changed between two versions, with the programme each added or removed party was listed under. */
export async function diffWithPrograms(store: Store, from: VersionRecord, to: VersionRecord): Promise<{ delta: Delta; programs: Map<string, string[]> }> {
  const delta = await store.diff(from.id, to.id);
  // The programme a party was added or removed under sits on its Sanction record.
  const programs = new Map<string, string[]>();
  for (const [side, items] of [[to.id, delta.added], [from.id, delta.removed]] as const) {
    for (const item of items.filter((i) => i.schema === 'Sanction')) {
      const sanction = await store.getEntity(item.id, side);
      const subject = sanction?.statements.find((s) => s.prop === 'entity')?.value;
      if (subject) programs.set(subject, sanction!.statements.filter((s) => s.prop === 'program').map((s) => s.value));
    }
  }
  return { delta, programs };
}
