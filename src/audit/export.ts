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

// ---- one screening of record, as the analyst who ran it exports it ----
// Rebuilt from the audit record alone (never from the lists as they are now), so the file says
// what was screened, against which list versions, and what came back, exactly as recorded.

interface RecordedResult {
  entityId: string;
  caption: string;
  dataset: string;
  score: number;
  match: boolean;
  matchedName?: string | null;
  explanation?: string;
  suppressed?: boolean;
  suppressedBy?: number;
}
interface RecordedQuery {
  key: string;
  customer: string | null;
  query: { schema?: string; names: string[]; birthDates?: string[]; countries?: string[]; identifiers?: string[] };
  threshold?: number;
  filters?: { datasets?: string[] } & Record<string, unknown>;
  results: RecordedResult[];
}
type RecordedScreening = Omit<ScreeningPayload, 'queries'> & { queries: RecordedQuery[] };

/** Scores under this round to 0.00: no resemblance at all, left out of the report as of the page (still in the record). */
export const REPORT_MIN_SCORE = 0.01;
/** Scores as the page shows them: cut (not rounded) to two decimals, so 0.697 never reads as the threshold 0.70. */
export const shownScore = (score: number) => (Math.floor(score * 100 + 1e-9) / 100).toFixed(2);

export const SCREENING_CSV_COLUMNS = ['audit_seq', 'screened_at', 'actor', 'source', 'query_key', 'customer', 'query_schema', 'query_names', 'query_countries', 'query_birth_dates', 'query_identifiers', 'threshold', 'lists_screened', 'rank', 'entity_id', 'entity_caption', 'list', 'list_version', 'score', 'match', 'suppressed', 'matched_name', 'explanation', 'record_hash'];

/** The lists a query was screened against: the record's versions, narrowed to the query's datasets when it named some. */
function listsOf(versions: Record<string, { id: number; date: string }>, q: RecordedQuery): [string, { id: number; date: string }][] {
  const scope = q.filters?.datasets;
  return Object.entries(versions).filter(([name]) => !scope || scope.includes(name));
}

const listText = (lists: [string, { id: number; date: string }][]) => lists.map(([name, v]) => `${name} v${v.id} (${v.date})`).join('; ');
const shown = (q: RecordedQuery) => q.results.filter((r) => r.score >= REPORT_MIN_SCORE);

/** A screening record as CSV: one row per result (one row when nothing came back), each carrying the audit id, query and list versions. */
export function screeningCsv(record: AuditRecord): string {
  const p = record.payload as RecordedScreening;
  const rows: string[][] = [];
  for (const q of p.queries) {
    const lists = listsOf(p.versions, q);
    const base = [String(record.seq), record.at, record.actor, p.source, q.key, q.customer ?? '', q.query.schema ?? '', q.query.names.join(' / '), (q.query.countries ?? []).join(' '), (q.query.birthDates ?? []).join(' '), (q.query.identifiers ?? []).join(' '), q.threshold === undefined ? '' : q.threshold.toFixed(2), listText(lists)];
    const results = shown(q);
    if (results.length === 0) rows.push([...base, '', '', '', '', '', '', '', '', '', '', record.hash]);
    results.forEach((r, i) => {
      const version = p.versions[r.dataset];
      rows.push([...base, String(i + 1), r.entityId, r.caption, r.dataset, version ? `v${version.id} (${version.date})` : '', String(r.score), String(r.match), String(r.suppressed === true), r.matchedName ?? '', r.explanation ?? '', record.hash]);
    });
  }
  return csvText([SCREENING_CSV_COLUMNS, ...rows]);
}

/** A screening record as a printable page: who, when, the query, the list versions, the threshold and every result with its reasons. */
export function screeningHtml(record: AuditRecord, generatedAt = new Date().toISOString()): string {
  const p = record.payload as RecordedScreening;
  const queries = p.queries.map((q) => {
    const lists = listsOf(p.versions, q);
    const results = shown(q);
    const threshold = q.threshold === undefined ? null : q.threshold.toFixed(2);
    const passed = results.filter((r) => r.match);
    const hidden = q.results.length - results.length;
    const facts: [string, string][] = [
      ['Names', q.query.names.join(' / ')],
      ['Type', q.query.schema ?? ''],
      ['Countries', (q.query.countries ?? []).join(', ')],
      ['Birth dates', (q.query.birthDates ?? []).join(', ')],
      ['Identifiers', (q.query.identifiers ?? []).join(', ')],
      ['Customer', q.customer ?? ''],
    ];
    const verdict = threshold === null ? '' : passed.length ? `<p class="verdict hit">${passed.length} match${passed.length === 1 ? '' : 'es'} at or above ${threshold}</p>` : `<p class="verdict">No match above ${threshold}</p>`;
    return `<section class="query">
<h2>Query ${escapeHtml(q.key)}</h2>
<table class="facts">${facts
      .filter(([, v]) => v !== '')
      .map(([k, v]) => `<tr><th>${k}</th><td>${escapeHtml(v)}</td></tr>`)
      .join('')}</table>
<h3>Lists screened against</h3>
<table><thead><tr><th>List</th><th>Version</th><th>Version date</th></tr></thead><tbody>${lists.map(([name, v]) => `<tr><td>${escapeHtml(name)}</td><td>${v.id}</td><td>${escapeHtml(v.date)}</td></tr>`).join('')}</tbody></table>
<h3>Results${threshold === null ? '' : ` (threshold ${threshold})`}</h3>
${verdict}
${
  results.length
    ? `<table class="results"><thead><tr><th>#</th><th>Score</th><th>Match</th><th>Listed party</th><th>List</th><th>Matched name</th><th>Reasons</th></tr></thead><tbody>
${results.map((r, i) => `<tr class="${r.match ? 'match' : ''}"><td>${i + 1}</td><td>${shownScore(r.score)}</td><td>${r.match ? 'MATCH' : r.suppressed ? `suppressed (false positive, record #${r.suppressedBy ?? '?'})` : 'below threshold'}</td><td>${escapeHtml(r.caption)}<br><code>${escapeHtml(r.entityId)}</code></td><td>${escapeHtml(r.dataset)}</td><td>${escapeHtml(r.matchedName ?? '')}</td><td>${escapeHtml(r.explanation ?? '')}</td></tr>`).join('\n')}
</tbody></table>`
    : '<p>No result.</p>'
}
${hidden ? `<p class="note">${hidden} further candidate${hidden === 1 ? '' : 's'} scored below ${REPORT_MIN_SCORE.toFixed(2)} (no resemblance); ${hidden === 1 ? 'it is' : 'they are'} in the audit record only.</p>` : ''}
</section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sanctrace screening of record #${record.seq}</title>
<style>body{font:12px/1.4 'Noto Sans',sans-serif;margin:2em;color:#111}table{border-collapse:collapse;width:100%;margin:.4em 0 1em}th,td{border:1px solid #999;padding:2px 4px;text-align:left;vertical-align:top}th{background:#eee}table.facts{width:auto}table.facts th{width:9em}tr.match td{background:#fde0e6}.verdict{font-weight:bold;font-size:14px}.verdict.hit{color:#a00}code{font-size:10px}.note{color:#555}.screen-only{background:#fff3c4;padding:.4em;border:1px solid #e0c060}@media print{body{margin:0}.screen-only{display:none}tr{break-inside:avoid}a{color:inherit}}</style>
</head><body>
<p class="screen-only">Printable report: print this page (Ctrl+P / ⌘P) or save it as PDF for the file.</p>
<h1>Screening of record #${record.seq}</h1>
<table class="facts">
<tr><th>Screened at</th><td>${escapeHtml(record.at)}</td></tr>
<tr><th>By</th><td>${escapeHtml(record.actor)} (${escapeHtml(p.source)})</td></tr>
<tr><th>Record hash</th><td><code>${escapeHtml(record.hash)}</code></td></tr>
<tr><th>Previous hash</th><td><code>${escapeHtml(record.prevHash)}</code></td></tr>
<tr><th>Report generated</th><td>${escapeHtml(generatedAt)}</td></tr>
</table>
${queries.join('\n')}
</body></html>
`;
}
