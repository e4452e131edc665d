import { badInput } from '../core/errors';

/** Page size when a client does not say (Relay's `first`). */
export const PAGE_SIZE_DEFAULT = 20;
/** The largest page a client may ask for: the query cost estimate multiplies by it. */
export const PAGE_SIZE_MAX = 100;

export interface Page<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/**
 * Cursors are opaque to clients (base64url of `<kind>:<id>`): the kind keeps an exercise cursor
 * from being used on foods, and the id is a keyset position, so a page boundary stays put when
 * the reference data gains items.
 */
export const encodeCursor = (kind: string, id: string): string => Buffer.from(`${kind}:${id}`, 'utf8').toString('base64url');

const ID_RE = /^[a-z0-9_]{1,100}$/;

function decodeCursor(kind: string, cursor: string): string {
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const id = text.startsWith(`${kind}:`) ? text.slice(kind.length + 1) : '';
  if (!ID_RE.test(id)) throw badInput('after', `after must be a cursor this list returned`);
  return id;
}

export function checkPageSize(first: number): void {
  if (!Number.isInteger(first) || first < 1 || first > PAGE_SIZE_MAX) {
    throw badInput('first', `first must be between 1 and ${PAGE_SIZE_MAX}`);
  }
}

/** One page of items (any order in, id order out) after the cursor's id. */
export function paginate<T extends { id: string }>(kind: string, items: readonly T[], first: number, after: string | null | undefined): Page<T> {
  checkPageSize(first);
  const afterId = after == null ? null : decodeCursor(kind, after);
  const sorted = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rest = afterId === null ? sorted : sorted.filter((item) => item.id > afterId);
  const page = rest.slice(0, first);
  const edges = page.map((node) => ({ cursor: encodeCursor(kind, node.id), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rest.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: items.length,
  };
}
