import { idFactory, nameBasedId } from './ids';

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('idFactory', () => {
  it('derives the same well-formed UUIDs for the same parent, distinct per (kind, index)', () => {
    const a = idFactory('22222222-2222-4222-8222-222222222222');
    const b = idFactory('22222222-2222-4222-8222-222222222222');
    const ids = [];
    for (let kind = 0; kind < 4; kind++) for (let i = 0; i < 3000; i++) ids.push(a(kind, i));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => UUID_V5.test(id))).toBe(true);
    expect(b(3, 2999)).toBe(a(3, 2999));
  });

  it('gives other parents other ids, and refuses slots outside its range', () => {
    const a = idFactory('p1');
    const b = idFactory('p2');
    expect(a(0, 0)).not.toBe(b(0, 0));
    expect(() => a(16, 0)).toThrow(RangeError);
    expect(() => a(0, 2 ** 28)).toThrow(RangeError);
  });
});

describe('nameBasedId', () => {
  it('is a well-formed UUID that depends only on the name', () => {
    expect(nameBasedId('notification:42:program_ready')).toMatch(UUID_V5);
    expect(nameBasedId('notification:42:program_ready')).toBe(nameBasedId('notification:42:program_ready'));
    expect(nameBasedId('notification:42:program_ready')).not.toBe(nameBasedId('notification:43:program_ready'));
  });
});
