import { createHash } from 'node:crypto';

/**
 * Many ids under one parent, fast: one SHA-1 of the parent, then each id is that digest with
 * (kind, index) folded into its last 32 bits. Unique within the parent for kind < 16 and
 * index < 2^28; across parents as unlikely to collide as 96 random bits. Used for the
 * thousands of rows of a program bundle, where a hash per id cost ~10 ms.
 */
export function idFactory(parentId: string): (kind: number, index: number) => string {
  const digest = createHash('sha1').update(`${parentId}/children`).digest();
  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  const hex = digest.subarray(0, 12).toString('hex');
  const prefix = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 24)}`;
  const tail = digest.readUInt32BE(12);
  return (kind, index) => {
    if (kind < 0 || kind > 15 || index < 0 || index >= 2 ** 28) throw new RangeError(`id slot out of range: ${kind}/${index}`);
    const folded = (tail ^ ((kind << 28) | index)) >>> 0;
    return prefix + folded.toString(16).padStart(8, '0');
  };
}

/**
 * A UUID that is a function of a name (SHA-1, version 5 and variant bits set as RFC 9562 puts
 * them): the same name always gives the same id, so a retried or duplicated attempt to create
 * the thing it names hits the same stream.
 */
export function nameBasedId(name: string): string {
  const digest = createHash('sha1').update(name).digest();
  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
