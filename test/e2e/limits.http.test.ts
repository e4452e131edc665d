import { randomUUID } from 'node:crypto';
import { startTestServer, TestServer } from '../support/testServer';

let t: TestServer;
let token: string;
beforeAll(async () => {
  t = await startTestServer({ MAX_QUERY_DEPTH: '2', MAX_QUERY_COST: '300' });
  token = await t.token(randomUUID());
});
afterAll(async () => t?.stop());

describe('operation limits', () => {
  it('refuses an operation nested deeper than MAX_QUERY_DEPTH, through fragments too, with QUERY_TOO_DEEP', async () => {
    const shallow = await t.gql('{ myConsultations(first: 1) { id status } me { id } }', {}, token);
    expect(shallow.errors).toBeUndefined();
    for (const query of [
      '{ myConsultations(first: 1) { answers { sex } } }',
      'query { ...Q } fragment Q on Query { myConsultations(first: 1) { ... on Consultation { answers { ...A } } } } fragment A on ConsultationAnswers { sex }',
    ]) {
      const deep = await t.gql(query, {}, token);
      expect(deep.status).toBe(400);
      expect(deep.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', depth: 3, maxDepth: 2 });
    }
  });

  it('does not count introspection against the depth limit', async () => {
    const introspection = await t.gql('{ __schema { types { fields { type { name } } } } }', {}, token);
    expect(introspection.errors).toBeUndefined();
  });

  it('refuses an operation over MAX_QUERY_COST with QUERY_TOO_COMPLEX, before running it', async () => {
    const cheap = await t.gql('{ myConsultations(first: 5) { id status } }', {}, token);
    expect(cheap.errors).toBeUndefined();
    const costly = await t.gql('{ myConsultations(first: 100) { id status version missingAnswers missingAnswers } }', {}, token);
    expect(costly.status).toBe(400);
    expect(costly.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxCost: 300 });
    expect(costly.errors?.[0].extensions?.cost).toBeGreaterThan(300);
  });
});
