// Articles are stored once by content: the id is a hash of the text as it was read.
import { createHash } from 'node:crypto';

export function sha256Text(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
