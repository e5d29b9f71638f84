// Alerts sent to a portfolio's webhook as JSON, retried with exponential backoff. Every attempt
// is recorded (webhook_deliveries), a delivery that keeps failing ends 'failed' and is retried
// by `sanctrace alerts deliver`; none of it can fail or hold up the import that raised the alert
// beyond the attempts' time limits.
import { createHmac } from 'node:crypto';
import type { SqlDb } from '../store/sql.js';
import { listAlerts } from './alerts.js';
import { checkWebhookTarget } from './webhook-guard.js';

export interface DeliveryOptions {
  maxAttempts?: number;
  /** Wait before the 2nd attempt; doubled for each further one. */
  baseDelayMs?: number;
  timeoutMs?: number;
  /** Signs the body (X-Sanctrace-Signature: sha256=<hmac>) when set (env SANCTRACE_WEBHOOK_SECRET). */
  secret?: string | null;
}

export interface DeliveryResult {
  alertId: number;
  url: string;
  status: 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
  const secret = options.secret ?? process.env.SANCTRACE_WEBHOOK_SECRET ?? null;
  const statuses = options.retryFailed ? "('pending', 'failed')" : "('pending')";
  const rows = await db.all<{ id: number; alert_id: number; url: string; attempts: number }>(`SELECT id, alert_id, url, attempts FROM webhook_deliveries WHERE status IN ${statuses} ORDER BY id`);
  const results: DeliveryResult[] = [];
  for (const row of rows) {
    const [alert] = await listAlerts(db, { ids: [Number(row.alert_id)] });
    const body = JSON.stringify({ type: 'sanctrace.alert', alert });
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'sanctrace-monitor' };
    if (secret) headers['x-sanctrace-signature'] = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
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
        const res = await fetch(row.url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs ?? 5000) });
        await res.arrayBuffer();
        if (res.status >= 300 && res.status < 400) {
          lastError = `HTTP ${res.status}: redirects are not followed`;
          break;
        }
        if (res.ok) {
          delivered = true;
          break;
        }
        lastError = `HTTP ${res.status}`;
      } catch (err) {
        lastError = (err as Error).message;
      }
      await db.run('UPDATE webhook_deliveries SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?', [attempts, lastError, new Date(Date.now() + baseDelay * 2 ** i).toISOString(), row.id]);
    }
    const status = delivered ? 'delivered' : 'failed';
    await db.run('UPDATE webhook_deliveries SET status = ?, attempts = ?, last_error = ?, delivered_at = ?, next_attempt_at = NULL WHERE id = ?', [status, attempts, delivered ? null : lastError, delivered ? new Date().toISOString() : null, row.id]);
    results.push({ alertId: Number(row.alert_id), url: row.url, status, attempts, lastError: delivered ? null : lastError });
  }
  return results;
}
