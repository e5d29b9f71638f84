// Alerts sent to a portfolio's webhook as JSON, retried with exponential backoff. Every attempt
// is recorded (webhook_deliveries), a delivery that keeps failing ends 'failed' and is retried
// by `sanctrace alerts deliver`; none of it can fail or hold up the import that raised the alert
// beyond the attempts' time limits.
import { createHmac } from 'node:crypto';
import type { SqlDb } from '../store/sql.js';
import { listAlerts } from './alerts.js';
import { allowPrivateWebhooks, checkWebhookTarget } from './webhook-guard.js';
import { postWebhook } from './webhook-post.js';

export interface DeliveryOptions {
  maxAttempts?: number;
  /** Wait before the 2nd attempt; doubled for each further one. */
  baseDelayMs?: number;
  timeoutMs?: number;
  /**
   * Signs deliveries of portfolios made before hooks had their own secret (env
   * SANCTRACE_WEBHOOK_SECRET); a portfolio's own secret, made with its hook, comes first.
   */
  secret?: string | null;
  /** Queue and return at once; the sending happens after (the API: no request waits on a hook). */
  background?: boolean;
}

export interface DeliveryResult {
  alertId: number;
  url: string;
  status: 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Deliveries being sent by this process: a second run (a background one) leaves them alone. */
const inFlight = new Set<number>();

/**
 * The signature headers: an HMAC-SHA256 over "<timestamp>.<body>" with the portfolio's secret,
 * so a receiver can check both who sent it and that it is not an old call replayed.
 */
export function signatureHeaders(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  return { 'x-sanctrace-timestamp': String(timestamp), 'x-sanctrace-signature': `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}` };
}

/** Queue the new alerts of portfolios with a webhook. */
export async function queueDeliveries(db: SqlDb, alertIds: number[]): Promise<number> {
  let queued = 0;
  for (const alert of await listAlerts(db, { ids: alertIds })) {
    const [portfolio] = await db.all<{ webhook: string | null }>('SELECT webhook FROM portfolios WHERE name = ?', [alert.portfolio]);
    if (!portfolio?.webhook) continue;
    await db.run("INSERT INTO webhook_deliveries (alert_id, url, status, attempts) VALUES (?, ?, 'pending', 0)", [alert.id, portfolio.webhook]);
    queued++;
  }
  return queued;
}

/** Deliver every pending (and, with `retryFailed`, failed) delivery. */
export async function deliverPending(db: SqlDb, options: DeliveryOptions & { retryFailed?: boolean } = {}): Promise<DeliveryResult[]> {
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelay = options.baseDelayMs ?? 500;
  const fallbackSecret = options.secret ?? process.env.SANCTRACE_WEBHOOK_SECRET ?? null;
  const statuses = options.retryFailed ? "('pending', 'failed')" : "('pending')";
  const rows = await db.all<{ id: number; alert_id: number; url: string; attempts: number; secret: string | null }>(
    `SELECT d.id, d.alert_id, d.url, d.attempts, p.webhook_secret AS secret FROM webhook_deliveries d LEFT JOIN alerts a ON a.id = d.alert_id LEFT JOIN portfolios p ON p.name = a.portfolio WHERE d.status IN ${statuses} ORDER BY d.id`,
  );
  const results: DeliveryResult[] = [];
  for (const row of rows) {
    const id = Number(row.id);
    if (inFlight.has(id)) continue;
    inFlight.add(id);
    try {
      results.push(await deliverOne(db, row, row.secret ?? fallbackSecret, maxAttempts, baseDelay, options.timeoutMs ?? 5000));
    } finally {
      inFlight.delete(id);
    }
  }
  return results;
}

async function deliverOne(db: SqlDb, row: { id: number; alert_id: number; url: string; attempts: number }, secret: string | null, maxAttempts: number, baseDelay: number, timeoutMs: number): Promise<DeliveryResult> {
  const [alert] = await listAlerts(db, { ids: [Number(row.alert_id)] });
  const body = JSON.stringify({ type: 'sanctrace.alert', alert });
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'sanctrace-monitor', ...(secret ? signatureHeaders(secret, body) : {}) };
  let attempts = Number(row.attempts);
  let lastError: string | null = null;
  let delivered = false;
  // Checked again at each delivery: the host may resolve elsewhere since it was set. A refused
  // target is not called at all, and not retried.
  const refused = await checkWebhookTarget(row.url).then(
    () => null,
    (err: Error) => err.message,
  );
  if (refused) lastError = refused;
  for (let i = 0; i < (refused ? 0 : maxAttempts); i++) {
    if (i > 0) await sleep(baseDelay * 2 ** (i - 1));
    attempts++;
    try {
      // No redirects: a public hook could otherwise send the call on to a private address.
      const status = await postWebhook(row.url, { headers, body, timeoutMs, allowPrivate: allowPrivateWebhooks() });
      if (status >= 300 && status < 400) {
        lastError = `HTTP ${status}: redirects are not followed`;
        break;
      }
      if (status >= 200 && status < 300) {
        delivered = true;
        break;
      }
      lastError = `HTTP ${status}`;
    } catch (err) {
      lastError = (err as Error).message;
      // The name resolved to a private address when connecting: refused, and not tried again.
      if ((err as { code?: string }).code === 'EPRIVATE') break;
    }
    await db.run('UPDATE webhook_deliveries SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?', [attempts, lastError, new Date(Date.now() + baseDelay * 2 ** i).toISOString(), row.id]);
  }
  const status = delivered ? 'delivered' : 'failed';
  await db.run('UPDATE webhook_deliveries SET status = ?, attempts = ?, last_error = ?, delivered_at = ?, next_attempt_at = NULL WHERE id = ?', [status, attempts, delivered ? null : lastError, delivered ? new Date().toISOString() : null, row.id]);
  return { alertId: Number(row.alert_id), url: row.url, status, attempts, lastError: delivered ? null : lastError };
}
