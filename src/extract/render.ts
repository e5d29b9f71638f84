// `sanctrace article`: the cleaned text with the parties marked, then what was extracted from
// it: designations (reported, next to the list entries they are linked to), parties and
// relations, each with its evidence.
import type { ArticleAnalysis } from './analyze.js';

function marked(analysis: ArticleAnalysis): string {
  // Mark every party mention in the kept lines as [name]{n}, n the party's number below.
  const marks = analysis.entities.flatMap((e) => e.mentions.map((m) => ({ ...m, id: e.id }))).sort((a, b) => a.start - b.start);
  const out: string[] = [];
  for (const line of analysis.lines) {
    if (line.furniture) continue;
    let text = '';
    let at = line.start;
    const end = line.start + line.text.length;
    for (const m of marks) {
      if (m.start < at || m.end > end) continue;
      text += analysis.text.slice(at, m.start) + `[${analysis.text.slice(m.start, m.end)}]{${m.id}}`;
      at = m.end;
    }
    out.push(text + analysis.text.slice(at, end));
  }
  return out.join('\n').replace(/\n{3,}/gu, '\n\n');
}

export function renderArticle(analysis: ArticleAnalysis): string {
  const party = (id: number | null) => analysis.entities.find((e) => e.id === id);
  const link = (id: number | null) => {
    const l = party(id)?.link;
    return l ? ` → ${l.entityId} "${l.caption}" (${l.dataset}, ${l.score.toFixed(2)}: ${l.reason})` : ' → not in the lists (new)';
  };
  const furniture = analysis.lines.filter((l) => l.furniture && l.text.trim());
  const lines = [
    `${analysis.id}  ${analysis.title ?? '(no title)'}`,
    `  source: ${analysis.source}`,
    `  published: ${analysis.publication.date ?? 'not stated'}${analysis.publication.evidence ? ` (from ${analysis.publication.evidence === 'metadata' ? 'metadata' : `"${analysis.publication.evidence}"`})` : ''}`,
    '',
    `designations reported (${analysis.designations.length}):`,
    ...analysis.designations.map((d) =>
      [
        `  ${d.action === 'other' ? 'HISTORY' : d.action.toUpperCase()} ${d.target.text} [${d.targetType}${d.country ? `, ${d.country}` : ''}] by ${d.authority}${d.date ? ` on ${d.date}` : ''}${link(d.entity)}`,
        ...(d.reason ? [`      reason: ${d.reason}`] : []),
        `      evidence: "${d.evidence.text}" (chars ${d.evidence.start}–${d.evidence.end})`,
      ].join('\n'),
    ),
    '',
    `parties (${analysis.entities.length}):`,
    ...analysis.entities.map((e) => `  {${e.id}} ${e.name} [${e.type}]${e.aliases.length > 1 ? ` also: ${e.aliases.filter((a) => a !== e.name).join(', ')}` : ''}${e.link ? link(e.id) : ''}`),
    '',
    `relations (${analysis.relations.length}):`,
    ...analysis.relations.map((r) => `  ${r.subject} —${r.predicate}→ ${r.object}\n      evidence: "${r.evidence.text}" (chars ${r.evidence.start}–${r.evidence.end})`),
    '',
    `page furniture dropped (${furniture.length} lines): ${furniture.map((l) => `"${l.text.trim().slice(0, 50)}" (${l.furniture})`).join('; ')}`,
    '',
    '--- text ---',
    marked(analysis),
  ];
  return lines.join('\n');
}
