// The audit trail for a regulator: CSV (one row per screening result and per decision), JSON
// (the records as stored, with their hashes) and a printable HTML report with the chain's
// verification. Names are escaped in HTML: list data never becomes markup.
import { csvText } from '../text/csv.js';
import type { AuditRecord, PrunePayload, Verification } from './log.js';

export const AUDIT_CSV_COLUMNS = ['seq', 'at', 'actor', 'kind', 'source', 'customer', 'query_name', 'entity_id', 'entity_caption', 'list', 'list_version_date', 'score', 'match', 'suppressed', 'decision', 'comment', 'record_hash'];

interface ScreeningPayload {
  source: string;
  versions: Record<string, { id: number; date: string }>;
  queries: { key: string; customer: string | null; query: { names: string[] }; results: { entityId: string; caption: string; dataset: string; score: number; match: boolean; suppressed?: boolean }[] }[];
}
interface DecisionPayload {
  customer: string;
  entityId: string;
  decision: string;
  comment: string | null;
}
interface BatchPayload {
  source: string;
  input: string;
  rows: number;
  matches: number;
  versions: Record<string, { id: number; date: string }>;
}

export function auditRows(records: AuditRecord[]): string[][] {
  const rows: string[][] = [];
  for (const r of records) {
    const base = [String(r.seq), r.at, r.actor, r.kind];
    if (r.kind === 'screening') {
      const p = r.payload as ScreeningPayload;
      for (const q of p.queries) {
        const name = q.query.names.join(' / ');
        if (q.results.length === 0) rows.push([...base, p.source, q.customer ?? '', name, '', '', '', '', '', 'false', '', '', '', r.hash]);
        for (const hit of q.results) {
          rows.push([...base, p.source, q.customer ?? '', name, hit.entityId, hit.caption, hit.dataset, p.versions[hit.dataset]?.date ?? '', hit.score.toFixed(3), String(hit.match), String(hit.suppressed === true), '', '', r.hash]);
        }
      }
    } else if (r.kind === 'decision') {
      const p = r.payload as DecisionPayload;
      rows.push([...base, 'analyst', p.customer, '', p.entityId, '', '', '', '', '', '', p.decision, p.comment ?? '', r.hash]);
    } else if (r.kind === 'prune') {
      // Columns as for a batch: the archive in query_name, what went there in entity_caption.
      const p = r.payload as PrunePayload;
      rows.push([...base, 'retention', '', `archive ${p.archive} sha256 ${p.archiveSha256}`, '', `records ${p.firstSeq}–${p.throughSeq} (${p.records}, before ${p.before}) pruned`, '', '', '', '', '', '', '', r.hash]);
    } else {
      const p = r.payload as BatchPayload;
      rows.push([...base, p.source, '', p.input, '', `${p.rows} rows, ${p.matches} matches`, Object.keys(p.versions ?? {}).join(' '), '', '', '', '', '', '', r.hash]);
    }
  }
  return rows;
}

export const auditCsv = (records: AuditRecord[]) => csvText([AUDIT_CSV_COLUMNS, ...auditRows(records)]);

const escapeHtml = (text: string) => text.replace(/[&<>"']/gu, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function auditHtml(records: AuditRecord[], verification: Verification, generatedAt = new Date().toISOString()): string {
  const rows = auditRows(records);
  const kinds = new Map<string, number>();
  for (const r of records) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
  const status = verification.ok
    ? `<p class="ok">Chain verified: ${verification.records} records, head #${verification.head?.seq ?? 0} <code>${verification.head?.hash ?? '-'}</code>${verification.anchor ? ', matching the anchor' : ''}.</p>`
    : `<p class="bad">Chain BROKEN:</p><ul>${verification.problems.map((p) => `<li>record ${p.seq}: ${escapeHtml(p.reason)}</li>`).join('')}</ul>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sanctrace screening audit report</title>
<style>body{font:12px/1.4 'Noto Sans',sans-serif;margin:2em}table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:2px 4px;text-align:left;vertical-align:top}th{background:#eee}.ok{color:#060}.bad{color:#a00;font-weight:bold}code{font-size:10px}@media print{a{color:inherit}}</style>
</head><body>
<h1>Screening audit report</h1>
<p>Generated ${escapeHtml(generatedAt)} · ${records.length} records (${[...kinds].map(([k, n]) => `${n} ${escapeHtml(k)}`).join(', ')})</p>
${status}
<table><thead><tr>${AUDIT_CSV_COLUMNS.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>
${rows.map((row) => `<tr>${row.map((cell, i) => `<td>${i === row.length - 1 ? `<code>${escapeHtml(cell.slice(0, 16))}…</code>` : escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n')}
</tbody></table>
</body></html>
`;
}
