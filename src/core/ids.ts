import { createHash } from 'node:crypto';

/**
 * A UUID derived from a parent id and a path, the same every time (name-based, SHA-1, the
 * layout of RFC 9562 version 5). Lets decide give every row of a generated bundle a stable id
 * without a random source, so a replay or a golden test sees the same ids.
 */
export function deriveId(parentId: string, ...path: Array<string | number>): string {
  const hash = createHash('sha1').update(`${parentId}/${path.join('/')}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
