import { AppError } from '../core/errors';
import { encodeCursor, paginate, PAGE_SIZE_MAX } from './connection';

const items = ['c', 'a', 'b', 'd'].map((id) => ({ id }));

describe('paginate', () => {
  it('orders by id and continues after the cursor, with hasNextPage false on an exactly full last page', () => {
    const first = paginate('thing', items, 2, null);
    expect(first.edges.map((e) => e.node.id)).toEqual(['a', 'b']);
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor('thing', 'b') });
    const second = paginate('thing', items, 2, first.pageInfo.endCursor);
    expect(second.edges.map((e) => e.node.id)).toEqual(['c', 'd']);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const empty = paginate('thing', items, 2, second.pageInfo.endCursor);
    expect(empty).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 4 });
  });

  it.each([
    ['first', 0, null], ['first', PAGE_SIZE_MAX + 1, null], ['first', 1.5, null],
    ['after', 1, encodeCursor('other', 'a')], ['after', 1, 'not a cursor'], ['after', 1, encodeCursor('thing', 'A;DROP')],
  ])('refuses a bad %s (%p, %p)', (field, first, after) => {
    let error: unknown;
    try {
      paginate('thing', items, first as number, after as string | null);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});
