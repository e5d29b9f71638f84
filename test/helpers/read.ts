// Run a list format over real files and collect what it produces, for importer tests.
import type { SourceEntity } from '../../src/model/entity.js';
import type { ImportWarning, ListFormat } from '../../src/sources/types.js';

export interface ReadResult {
  entities: SourceEntity[];
  byId: Map<string, SourceEntity>;
  warnings: ImportWarning[];
  published: string | null;
}

export async function readAll(format: ListFormat, files: string[], dataset = format.dataset): Promise<ReadResult> {
  const entities: SourceEntity[] = [];
  const warnings: ImportWarning[] = [];
  let published: string | null = null;
  const ctx = {
    files,
    dataset,
    warn: (w: ImportWarning) => warnings.push(w),
    setPublished: (d: string) => {
      published = d;
    },
    progress: () => {},
  };
  for await (const entity of format.read(ctx)) entities.push(entity);
  return { entities, byId: new Map(entities.map((e) => [e.id, e])), warnings, published };
}

/** All values of `prop` in an entity. */
export function values(entity: SourceEntity | undefined, prop: string): string[] {
  return entity ? entity.statements.filter((s) => s.prop === prop).map((s) => s.value) : [];
}

/** The Sanction entities that point at `subjectId`. */
export function sanctionsOf(result: ReadResult, subjectId: string): SourceEntity[] {
  return result.entities.filter((e) => e.schema === 'Sanction' && values(e, 'entity').includes(subjectId));
}

export function countBySchema(result: ReadResult): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of result.entities) counts[e.schema] = (counts[e.schema] ?? 0) + 1;
  return counts;
}
