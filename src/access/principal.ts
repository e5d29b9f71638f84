// Who makes a request: the API key's holder and role, or an anonymous reader. Routes declare
// the access they need in their config (`config: { access: 'analyst' }`); the access hook
// (src/access/hook.ts) sets `request.principal` before any handler runs.
import type { FastifyRequest } from 'fastify';

/** Roles, each including the ones before it: a screener screens, an analyst also decides, an admin also manages keys. */
export const ROLES = ['screener', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/** What a route needs: 'read' (anyone, when anonymous reading is allowed) or at least a role. */
export type Access = 'read' | Role;

export interface Principal {
  /** Recorded in the audit trail: "key:<id>:<label>" or "anonymous" or "cli:<user>". */
  actor: string;
  role: Role | null;
}

export const ANONYMOUS: Principal = { actor: 'anonymous', role: null };

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

export function principalOf(req: FastifyRequest): Principal {
  return req.principal ?? ANONYMOUS;
}

export function roleAtLeast(role: Role | null, needed: Role): boolean {
  return role !== null && ROLES.indexOf(role) >= ROLES.indexOf(needed);
}
