/**
 * Characters PostgreSQL text cannot hold: NUL (U+0000), and UTF-16 surrogates without their
 * pair, which have no UTF-8 encoding. A well-formed surrogate pair (an emoji) is fine.
 */
const UNSTORABLE_RE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isStorableText = (value: string): boolean => !UNSTORABLE_RE.test(value);
