// API keys: shown once when created, stored only as a sha256 (a copied database does not leak
// working keys), each with a role. Verified keys are cached briefly so that screening
// throughput does not pay a database read per request; a revoked key stops working within
// KEY_CACHE_MS in other processes and at once in the process that revoked it.
import { createHash, randomBytes } from 'node:crypto';
import type { SqlDb } from '../store/sql.js';
import { ROLES, type Principal, type Role } from './principal.js';

const KEY_PREFIX = 'st_';
export const KEY_CACHE_MS = 5000;

export interface ApiKeyRecord {
  id: number;
  label: string;
  role: Role;
  createdAt: string;
  revokedAt: string | null;
}

interface KeyRow {
  id: number;
  label: string;
  role: string;
  created_at: string;
  revoked_at: string | null;
}

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');
// Only keys that verified are cached, under their hash, and only so many: a caller sending
// random bearer strings costs a shape check (or one hash and one look-up), never memory.
const cache = new Map<string, { principal: Principal; until: number }>();
const MAX_CACHED_KEYS = 1000;
// What createApiKey hands out: the prefix and 32 random bytes in base64url (43 characters).
const KEY_SHAPE = /^st_[A-Za-z0-9_-]{43}$/u;

/** How many verified keys the cache holds (bounded by MAX_CACHED_KEYS). */
export function cachedKeyCount(): number {
  return cache.size;
}

export function parseRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) throw new Error(`unknown role '${role}' (roles: ${ROLES.join(', ')})`);
  return role as Role;
}

export async function createApiKey(db: SqlDb, options: { label: string; role: Role }): Promise<{ id: number; key: string }> {
  const role = parseRole(options.role);
  if (!options.label.trim()) throw new Error('an API key needs a label (who or what uses it)');
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  await db.run('INSERT INTO api_keys (label, role, key_hash, created_at) VALUES (?, ?, ?, ?)', [options.label.trim(), role, hashKey(key), new Date().toISOString()]);
  const row = await db.all<{ id: number }>('SELECT id FROM api_keys WHERE key_hash = ?', [hashKey(key)]);
  return { id: Number(row[0]!.id), key };
}

export async function verifyApiKey(db: SqlDb, key: string): Promise<Principal | null> {
  if (!KEY_SHAPE.test(key)) return null;
  const now = Date.now();
  const hash = hashKey(key);
  const cached = cache.get(hash);
  if (cached && cached.until > now) return cached.principal;
  cache.delete(hash);
  const rows = await db.all<KeyRow>('SELECT id, label, role, created_at, revoked_at FROM api_keys WHERE key_hash = ?', [hash]);
  const row = rows[0];
  if (!row || row.revoked_at) return null;
  const principal = { actor: `key:${row.id}:${row.label}`, role: parseRole(row.role) };
  // Oldest first out: a Map iterates in insertion order.
  if (cache.size >= MAX_CACHED_KEYS) cache.delete(cache.keys().next().value!);
  cache.set(hash, { principal, until: now + KEY_CACHE_MS });
  return principal;
}

export async function listApiKeys(db: SqlDb): Promise<ApiKeyRecord[]> {
  const rows = await db.all<KeyRow>('SELECT id, label, role, created_at, revoked_at FROM api_keys ORDER BY id');
  return rows.map((r) => ({ id: Number(r.id), label: r.label, role: parseRole(r.role), createdAt: r.created_at, revokedAt: r.revoked_at }));
}

export async function revokeApiKey(db: SqlDb, id: number): Promise<void> {
  const rows = await db.all<KeyRow>('SELECT id, revoked_at FROM api_keys WHERE id = ?', [id]);
  if (!rows[0]) throw new Error(`no API key with id ${id}`);
  await db.run('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [new Date().toISOString(), id]);
  cache.clear();
}

export async function countActiveKeys(db: SqlDb): Promise<number> {
  const rows = await db.all<{ n: number }>('SELECT COUNT(*) AS n FROM api_keys WHERE revoked_at IS NULL');
  return Number(rows[0]?.n ?? 0);
}
