// One webhook call, made so that the address checked is the address called. Checking a name
// and then letting fetch resolve it again leaves a gap: a hostile DNS server answers the check
// with a public address and the connection with 127.0.0.1 (DNS rebinding). Here the
// connection's own lookup checks what it resolved before connecting, so no second answer is
// ever used. Redirects are not followed (http.request never does), and the whole call, not
// just an idle socket, has a deadline.
import { lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isPrivateAddress } from './webhook-guard.js';

export interface WebhookCall {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** The admin setting for hooks on a private network. */
  allowPrivate: boolean;
}

/** Resolves like dns.lookup, but fails for a private, loopback or link-local answer. */
function publicOnlyLookup(): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, options, (err, address, family) => {
      if (err) return callback(err, address, family);
      const addresses = typeof address === 'string' ? [address] : address.map((a) => a.address);
      const blocked = addresses.find(isPrivateAddress);
      if (blocked) return callback(Object.assign(new Error(`${hostname} resolved to a private, loopback or link-local address (${blocked}) when connecting: refused`), { code: 'EPRIVATE' }), address, family);
      callback(null, address, family);
    });
  };
}

/** POST the body; resolves with the HTTP status (a 3xx is returned, not followed). */
export function postWebhook(url: string, call: WebhookCall): Promise<number> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(target, {
      method: 'POST',
      headers: { ...call.headers, 'content-length': String(Buffer.byteLength(call.body)) },
      ...(call.allowPrivate ? {} : { lookup: publicOnlyLookup() }),
      agent: false,
    });
    const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${call.timeoutMs} ms`)), call.timeoutMs);
    req.on('response', (res) => {
      // The receiver's answer is not needed, only its status: drained and dropped.
      res.resume();
      res.on('end', () => {
        clearTimeout(deadline);
        resolve(res.statusCode ?? 0);
      });
      res.on('error', (err) => {
        clearTimeout(deadline);
        reject(err);
      });
    });
    req.on('error', (err) => {
      clearTimeout(deadline);
      reject(err);
    });
    req.end(call.body);
  });
}
