// Batch screening: upload a CSV, name its name column, watch the live progress bar, review the
// hits in a sortable table (each row with its customer id) with their explanations, download the
// results. Jobs belong to the key that started them, so the page needs a key first.
import { useEffect, useState } from 'react';
import { cancelJob, jobCsvUrl, jobResults, jobStatus, startBatch, type CustomerRow, type Job } from './api';
import { KeyNeeded, useApiKey } from './keybox';

export function BatchPage() {
  const [key] = useApiKey();
  const [csv, setCsv] = useState<{ name: string; text: string; columns: string[] } | null>(null);
  const [column, setColumn] = useState('');
  const [job, setJob] = useState<Job | null>(null);
  const [rows, setRows] = useState<CustomerRow[]>([]);
  // The upload's customer id column, as the server found it (null: none).
  const [customerColumn, setCustomerColumn] = useState<string | null>(null);
  const [sort, setSort] = useState<'score' | 'line'>('score');
  const [error, setError] = useState<string | null>(null);
  const [csvUrl, setCsvUrl] = useState<string | null>(null);

  useEffect(() => {
    if (!job || job.status !== 'running') return;
    const timer = setTimeout(() => {
      jobStatus(job.id).then(setJob).catch((e: Error) => setError(e.message));
    }, 250);
    return () => clearTimeout(timer);
  }, [job]);
  useEffect(() => {
    if (job?.status === 'done') {
      jobResults(job.id)
        .then((r) => (setRows(r.rows), setCustomerColumn(r.customer_column)))
        .catch((e: Error) => setError(e.message));
      jobCsvUrl(job.id).then(setCsvUrl).catch((e: Error) => setError(e.message));
    }
  }, [job?.status, job?.id]);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    const text = await file.text();
    const first = text.split(/\r?\n/u)[0] ?? '';
    const delimiter = [',', ';', '\t', '|'].sort((a, b) => first.split(b).length - first.split(a).length)[0];
    setCsv({ name: file.name, text, columns: first.split(delimiter).map((c) => c.replace(/^"|"$/gu, '').trim()) });
    setJob(null);
    setRows([]);
  };
  const start = () => {
    if (!csv) return;
    setError(null);
    startBatch(csv.text, column).then(setJob).catch((e: Error) => setError(e.message));
  };
  if (!key) {
    return (
      <section>
        <h1>Batch screening</h1>
        <KeyNeeded what="Batch jobs" role="screener" />
      </section>
    );
  }
  const sorted = [...rows].sort((a, b) => (sort === 'score' ? (b.result?.score ?? 0) - (a.result?.score ?? 0) : a.line - b.line));
  return (
    <section>
      <h1>Batch screening</h1>
      <p>
        <label>
          CSV file <input aria-label="csv file" type="file" accept=".csv,text/csv" onChange={(e) => void onFile(e.target.files?.[0])} />
        </label>
      </p>
      {csv ? (
        <p>
          <label>
            Name column{' '}
            <select aria-label="name column" value={column} onChange={(e) => setColumn(e.target.value)}>
              <option value="">detect</option>
              {csv.columns.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>{' '}
          <button type="button" onClick={start} disabled={job?.status === 'running'}>
            Screen {csv.name}
          </button>
        </p>
      ) : null}
      {error ? <p className="error">{error}</p> : null}
      {job ? (
        <div className="job">
          <progress aria-label="progress" max={job.total} value={job.done} /> {job.done} / {job.total} rows · {job.matches} matches · {job.status}
          {job.status === 'running' ? (
            <button type="button" onClick={() => void cancelJob(job.id).then(setJob)}>
              Cancel
            </button>
          ) : null}
          {job.status === 'done' && csvUrl ? (
            <a className="download" href={csvUrl} download={`screened-${job.id.slice(0, 8)}.csv`}>
              Download results (CSV)
            </a>
          ) : null}
        </div>
      ) : null}
      {rows.length ? (
        <div className="scroll-x">
          <table className="results">
            <thead>
              <tr>
                <th>
                  <button type="button" onClick={() => setSort('line')}>
                    line
                  </button>
                </th>
                {customerColumn ? <th>{customerColumn}</th> : null}
                <th>name</th>
                <th>
                  <button type="button" onClick={() => setSort('score')}>
                    score
                  </button>
                </th>
                <th>best hit</th>
                <th>why</th>
              </tr>
            </thead>
            <tbody>
              {sorted.slice(0, 500).map((r) => (
                <tr key={r.line} className={r.result?.match ? 'match' : ''}>
                  <td>{r.line}</td>
                  {customerColumn ? <td>{r.customer}</td> : null}
                  <td>{r.name}</td>
                  <td>{r.result ? r.result.score.toFixed(2) : ''}</td>
                  <td>{r.result ? <a href={`#/entity/${encodeURIComponent(r.result.entityId)}`}>{r.result.caption}</a> : ''}</td>
                  <td className="meta">{r.result?.explanation ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
