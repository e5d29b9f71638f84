// Stable identifiers: the same source record gets the same id in every version of a list,
// so versions can be compared entity by entity.
import { createHash } from 'node:crypto';

export function sha1(...parts: (string | number | null | undefined)[]): string {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(String(part ?? '')).update('\u0000');
  return hash.digest('hex');
}

/** Lower-case, dash-separated, ASCII-only form of a key ("SDN 34769" → "sdn-34769"). */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-+|-+$/gu, '');
}

/**
 * An entity id from the dataset and the list's own key for the record ("us_ofac_sdn-34769").
 * When the list gives no key, pass the content that identifies the record and it is hashed.
 */
export function entityId(dataset: string, ...key: (string | number | null | undefined)[]): string {
  const joined = key.filter((k) => k !== null && k !== undefined && String(k) !== '').map(String);
  if (joined.length === 0) throw new Error(`entityId(${dataset}): empty key`);
  const text = slug(joined.join('-'));
  // Keep natural keys readable; hash long or non-Latin keys so ids stay short and ASCII.
  if (text.length > 0 && text.length <= 60 && /[0-9]/u.test(text)) return `${dataset}-${text}`;
  return `${dataset}-${sha1(...joined).slice(0, 16)}`;
}
