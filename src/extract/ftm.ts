// What an article says, as FtM entities: the Article, one entity per party (with the list
// entity it was linked to), a Sanction per reported designation and a relationship entity per
// relation, each pointing back at the article (`proof`) with its evidence sentence.
import { EntityBuilder, type SourceEntity } from '../model/entity.js';
import type { ArticleAnalysis } from './analyze.js';
import type { Predicate } from './relations.js';

export interface ArticleEntity extends SourceEntity {
  /** The list entity this entity is about, when the extraction linked it. */
  linkedId: string | null;
}

const PARTY_SCHEMA = { Person: 'Person', Organization: 'Organization', Vessel: 'Vessel', Other: 'LegalEntity' } as const;

// FtM's own relationship schemata where one fits; UnknownLink with the predicate as its role otherwise.
const RELATION_SCHEMA: Partial<Record<Predicate, { schema: string; subject: string; object: string }>> = {
  director_of: { schema: 'Directorship', subject: 'director', object: 'organization' },
  employee_of: { schema: 'Employment', subject: 'employee', object: 'employer' },
  part_of: { schema: 'Membership', subject: 'member', object: 'organization' },
  owns: { schema: 'Ownership', subject: 'owner', object: 'asset' },
};

export function articleToFtm(analysis: ArticleAnalysis): ArticleEntity[] {
  const out: ArticleEntity[] = [];
  const article = new EntityBuilder(analysis.id, 'Article')
    .add('title', analysis.title)
    .add('publishedAt', analysis.publication.date)
    .add('sourceUrl', /^https?:\/\//u.test(analysis.source) ? analysis.source : null)
    .add('fileName', /^https?:\/\//u.test(analysis.source) ? null : analysis.source)
    .add('bodyText', analysis.lines.filter((l) => !l.furniture).map((l) => l.text).join('\n'));
  out.push({ ...article.build(), linkedId: null });

  const partyId = (id: number) => `${analysis.id}-party-${id}`;
  for (const party of analysis.entities) {
    const b = new EntityBuilder(partyId(party.id), PARTY_SCHEMA[party.type])
      .add('name', party.name)
      .add('alias', party.aliases.filter((a) => a !== party.name))
      .add('proof', analysis.id);
    out.push({ ...b.build(), linkedId: party.link?.entityId ?? null });
  }
  analysis.designations.forEach((d, i) => {
    const party = analysis.entities.find((e) => e.id === d.entity);
    const b = new EntityBuilder(`${analysis.id}-sanction-${i + 1}`, 'Sanction')
      .add('entity', party ? partyId(party.id) : null)
      .add('authority', d.authority)
      .add('reason', d.reason)
      .add('startDate', d.date)
      .add('country', d.country)
      // Reported by the article, not an official listing: the status says so.
      .add('status', d.action === 'other' ? 'reported (history)' : `reported: ${d.action}`)
      .add('summary', d.evidence.text)
      .add('proof', analysis.id);
    out.push({ ...b.build(), linkedId: party?.link?.entityId ?? null });
  });
  analysis.relations.forEach((r, i) => {
    const subject = analysis.entities.find((e) => e.id === r.subjectEntity);
    const object = analysis.entities.find((e) => e.id === r.objectEntity);
    if (!subject || !object) return;
    const shape = RELATION_SCHEMA[r.predicate] ?? { schema: 'UnknownLink', subject: 'subject', object: 'object' };
    const b = new EntityBuilder(`${analysis.id}-relation-${i + 1}`, shape.schema)
      .add(shape.subject, partyId(subject.id))
      .add(shape.object, partyId(object.id))
      .add(shape.schema === 'UnknownLink' ? 'role' : 'summary', r.predicate)
      .add('description', r.evidence.text)
      .add('proof', analysis.id);
    out.push({ ...b.build(), linkedId: subject.link?.entityId ?? object.link?.entityId ?? null });
  });
  return out;
}
