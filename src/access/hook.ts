// The access check in front of every route. A route's `config.access` says what it needs;
// without one, GET/HEAD are reads and every other method needs at least a screener key, so a
// write route added later is protected without knowing about this hook. Reads are open without
// a key when anonymous reading is allowed (the default: "read-only mode without a key").
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SqlDb } from '../store/sql.js';
import { verifyApiKey } from './keys.js';
import { ANONYMOUS, roleAtLeast, type Access } from './principal.js';

export interface AccessOptions {
  /** Requests without a key may read (GET routes and routes declaring access 'read'). */
  anonymousRead: boolean;
}

// Liveness, readiness, the API description and the UI's own files are never behind a key.
const ALWAYS_OPEN = [/^\/healthz$/u, /^\/readyz$/u, /^\/openapi\.json$/u];

/** The key from `Authorization: Bearer k`, `Authorization: ApiKey k` (yente clients), `X-API-Key: k`, or `?token=k` on POST /updatez (yente). */
export function keyFrom(req: FastifyRequest): string | null {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^(?:Bearer|ApiKey|Token)\s+(\S+)$/iu.exec(auth.trim());
    return m ? m[1]! : auth.trim();
  }
  const header = req.headers['x-api-key'];
  if (typeof header === 'string' && header.trim()) return header.trim();
  // yente's POST /updatez?token=…: accepted there only, for the clients and cron jobs that call
  // it so (a key in a URL ends up in logs: headers are the way everywhere else).
  const token = (req.query as { token?: unknown } | undefined)?.token;
  if (req.routeOptions.url === '/updatez' && req.method === 'POST' && typeof token === 'string' && token.trim()) return token.trim();
  return null;
}

export function accessOf(req: FastifyRequest): Access {
  const declared = req.routeOptions.config.access;
  if (declared) return declared;
  return req.method === 'GET' || req.method === 'HEAD' ? 'read' : 'screener';
}

function refuse(reply: FastifyReply, status: 401 | 403, detail: string): FastifyReply {
  if (status === 401) void reply.header('www-authenticate', 'Bearer realm="sanctrace"');
  return reply.status(status).send({ detail });
}

export function registerAccessHook(app: FastifyInstance, db: SqlDb, options: AccessOptions): void {
  app.addHook('onRequest', async (req, reply) => {
    req.principal = ANONYMOUS;
    const path = req.url.split('?')[0]!;
    // Unknown routes (404s) have nothing to protect; the UI's static files are hidden from the
    // API description (@fastify/static's schemaHide) and stay open like /healthz.
    const schema = req.routeOptions.schema as { hide?: boolean } | undefined;
    if (!req.routeOptions.url || schema?.hide === true || ALWAYS_OPEN.some((r) => r.test(path))) return;
    const access = accessOf(req);
    const key = keyFrom(req);
    if (key) {
      const principal = await verifyApiKey(db, key);
      if (!principal) return refuse(reply, 401, 'invalid or revoked API key');
      req.principal = principal;
    }
    if (access === 'read') {
      if (!key && !options.anonymousRead) return refuse(reply, 401, 'an API key is required (anonymous reading is switched off on this server)');
      return;
    }
    if (!key) return refuse(reply, 401, `this endpoint needs an API key with the role '${access}' or higher (send Authorization: Bearer <key>)`);
    if (!roleAtLeast(req.principal.role, access)) return refuse(reply, 403, `this endpoint needs the role '${access}' or higher; the key of ${req.principal.actor} has '${req.principal.role}'`);
  });
}
