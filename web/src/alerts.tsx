// Monitoring alerts, newest first, with what caused them; and the audit trail with its
// verification and the exports for a regulator. Both name customers, so both need an analyst
// key even to read: without one they say so (and how to get a key) instead of loading.
import { useCallback, useEffect, useState } from 'react';
import { acknowledge, downloadAudit, auditRecords, namedAlerts, portfolios as fetchPortfolios, verifyAudit, type Alert, type AuditRecord, type NamedAlert, type PortfolioSummary, type Verification } from './api';
import { KeyNeeded, useApiKey } from './keybox';

const causeText = (a: Alert) => (a.cause.kind === 'list' ? `${a.cause.dataset} version of ${a.cause.versionDate}` : a.cause.kind === 'article' ? `article: ${a.cause.title ?? a.cause.articleId}` : `run by ${a.cause.actor}`);

export function AlertsPage() {
  const [key] = useApiKey();
  // null until loaded: a failed or pending load is not "no portfolios" or "no alerts".
  const [list, setList] = useState<NamedAlert[] | null>(null);
  const [folios, setFolios] = useState<PortfolioSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    namedAlerts().then(setList).catch((e: Error) => setError(e.message));
    fetchPortfolios().then(setFolios).catch((e: Error) => setError(e.message));
  }, []);
  useEffect(() => {
    setList(null);
    setFolios(null);
    setError(null);
    if (key) load();
  }, [key, load]);
  if (!key) {
    return (
      <section>
        <h1>Alerts</h1>
        <KeyNeeded what="Alerts" role="analyst" />
      </section>
    );
  }
  return (
    <section>
      <h1>Alerts</h1>
      {error ? <p className="error">{error}</p> : null}
      {folios ? <p>{folios.map((p) => `${p.name} (${p.members} members)`).join(' · ') || 'No portfolios yet (sanctrace portfolio create).'}</p> : null}
      {list && list.length === 0 ? <p>No alerts yet: they are raised when a list or an article changes a monitored customer&apos;s hits.</p> : null}
      {list && list.length > 0 ? (
        <div className="scroll-x">
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
                    <a href={`#/entity/${encodeURIComponent(a.entityId)}`}>{a.caption}</a>
                    <div className="meta">{a.detail.explanation}</div>
                  </td>
                  <td>{a.score.toFixed(2)}</td>
                  <td>{causeText(a)}</td>
                  <td>{a.acknowledgedAt ? `acknowledged by ${a.acknowledgedBy}` : <button type="button" onClick={() => void acknowledge(a.id).then(load, (e: Error) => setError(e.message))}>Acknowledge</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

export function AuditPage() {
  const [key] = useApiKey();
  const [records, setRecords] = useState<AuditRecord[] | null>(null);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setRecords(null);
    setVerification(null);
    setError(null);
    if (!key) return;
    auditRecords().then(setRecords).catch((e: Error) => setError(e.message));
    verifyAudit().then(setVerification).catch((e: Error) => setError(e.message));
  }, [key]);
  if (!key) {
    return (
      <section>
        <h1>Audit trail</h1>
        <KeyNeeded what="The audit trail and its exports" role="analyst" />
      </section>
    );
  }
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
      {records && records.length === 0 ? <p>No audit records yet: screenings, batch jobs and decisions are recorded here.</p> : null}
      {records && records.length > 0 ? (
        <div className="scroll-x">
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
        </div>
      ) : null}
    </section>
  );
}
