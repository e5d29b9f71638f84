// Monitoring alerts, newest first, with what caused them; and the audit trail with its
// verification and the exports for a regulator.
import { useEffect, useState } from 'react';
import { acknowledge, downloadAudit, alerts as fetchAlerts, auditRecords, portfolios as fetchPortfolios, verifyAudit, type Alert, type AuditRecord, type PortfolioSummary, type Verification } from './api';

const causeText = (a: Alert) => (a.cause.kind === 'list' ? `${a.cause.dataset} version of ${a.cause.versionDate}` : a.cause.kind === 'article' ? `article: ${a.cause.title ?? a.cause.articleId}` : `run by ${a.cause.actor}`);

export function AlertsPage() {
  const [list, setList] = useState<Alert[]>([]);
  const [folios, setFolios] = useState<PortfolioSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = () => {
    fetchAlerts().then(setList).catch((e: Error) => setError(e.message));
    fetchPortfolios().then(setFolios).catch((e: Error) => setError(e.message));
  };
  useEffect(load, []);
  return (
    <section>
      <h1>Alerts</h1>
      {error ? <p className="error">{error}</p> : null}
      <p>{folios.map((p) => `${p.name} (${p.members} members)`).join(' · ') || 'No portfolios yet (sanctrace portfolio create).'}</p>
      <table className="alerts">
        <thead>
          <tr>
            <th>When</th>
            <th>Kind</th>
            <th>Portfolio / customer</th>
            <th>Hit</th>
            <th>Score</th>
            <th>Caused by</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.map((a) => (
            <tr key={a.id}>
              <td>{a.createdAt.slice(0, 16).replace('T', ' ')}</td>
              <td>{a.kind}</td>
              <td>
                {a.portfolio} / {a.memberKey}
              </td>
              <td>
                <a href={`#/entity/${encodeURIComponent(a.entityId)}`}>{a.detail.caption}</a>
                <div className="meta">{a.detail.explanation}</div>
              </td>
              <td>{a.score.toFixed(2)}</td>
              <td>{causeText(a)}</td>
              <td>{a.acknowledgedAt ? `acknowledged by ${a.acknowledgedBy}` : <button type="button" onClick={() => void acknowledge(a.id).then(load, (e: Error) => setError(e.message))}>Acknowledge</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function AuditPage() {
  const [records, setRecords] = useState<AuditRecord[]>([]);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    auditRecords().then(setRecords).catch((e: Error) => setError(e.message));
    verifyAudit().then(setVerification).catch((e: Error) => setError(e.message));
  }, []);
  const summary = (r: AuditRecord) =>
    r.payload.queries
      ? r.payload.queries.map((q) => `${q.customer ? `[${q.customer}] ` : ''}${q.query.names.join(' / ')}: ${q.results.filter((x) => x.match && !x.suppressed).length} matches${q.results.some((x) => x.suppressed) ? ', suppressed hits' : ''}`).join('; ')
      : r.payload.decision
        ? `${r.payload.customer} × ${r.payload.entityId}: ${r.payload.decision}${r.payload.comment ? ` (${r.payload.comment})` : ''}`
        : `${r.payload.rows ?? 0} rows, ${r.payload.matches ?? 0} matches`;
  return (
    <section>
      <h1>Audit trail</h1>
      {error ? <p className="error">{error}</p> : null}
      {verification ? (
        <p className={verification.ok ? 'ok' : 'error'} role="status">
          {verification.ok ? `Chain verified: ${verification.records} records, head #${verification.head?.seq ?? 0}` : `Chain broken: ${verification.problems.map((p) => `record ${p.seq}: ${p.reason}`).join('; ')}`}
        </p>
      ) : null}
      <p>
        Export for a regulator:{' '}
        {(['csv', 'json', 'html'] as const).map((format) => (
          <button key={format} type="button" onClick={() => void downloadAudit(format).catch((e: Error) => setError(e.message))}>
            {format === 'html' ? 'printable report' : format.toUpperCase()}
          </button>
        ))}
      </p>
      <table className="audit">
        <thead>
          <tr>
            <th>#</th>
            <th>When</th>
            <th>Who</th>
            <th>Kind</th>
            <th>What</th>
          </tr>
        </thead>
        <tbody>
          {records.map((r) => (
            <tr key={r.seq}>
              <td>{r.seq}</td>
              <td>{r.at.slice(0, 19).replace('T', ' ')}</td>
              <td>{r.actor}</td>
              <td>{r.kind}</td>
              <td>{summary(r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
