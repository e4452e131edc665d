import { randomUUID } from 'node:crypto';
import { GraphQLObjectType, getNamedType, isObjectType } from 'graphql';
import { resetData } from '../../src/core/testing/testDatabase';
import { CALENDAR_MAX_DAYS } from '../../src/calendar/calendar.resolver';
import { addDays } from '../../src/core/dates';
import { mintToken } from '../../src/server/auth';
import { startTestServer, TEST_SECRET, TestServer } from '../support/testServer';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.stop());
beforeEach(async () => resetData(t.db));

async function registeredUser() {
  const token = await t.token(randomUUID());
  expect((await t.gql('{ me { id } }', {}, token)).errors).toBeUndefined();
  return token;
}

const START = 'mutation($input: ConsultationAnswersInput, $key: String) { startConsultation(input: $input, idempotencyKey: $key) { id } }';

describe('characters PostgreSQL text cannot hold are refused, naming the argument path', () => {
  const NUL = 'a\u0000b';
  const LONE_HIGH = 'a\uD800b';
  const LONE_LOW = '\uDC00';

  it.each<[string, string, Record<string, unknown>, string]>([
    ['a NUL in the idempotency key', START, { input: {}, key: `k${NUL}` }, 'idempotencyKey'],
    ['a NUL in a nested string', START, { input: { timeZone: `Europe/Paris${NUL}` } }, 'input.timeZone'],
    ['a lone high surrogate in a list item', START, { input: { excludedFoods: ['rice', LONE_HIGH] } }, 'input.excludedFoods.1'],
    ['a lone low surrogate in a list of objects', START, { input: { lifts: [{ exerciseId: LONE_LOW, weightKg: 50, reps: 5 }] } }, 'input.lifts.0.exerciseId'],
    [
      'a NUL in a variable nested in a literal object',
      'mutation($tz: String) { startConsultation(input: { timeZone: $tz }) { id } }',
      { tz: NUL },
      'input.timeZone',
    ],
    ['a NUL in a literal', 'mutation { startConsultation(input: {}, idempotencyKey: "k\\u0000") { id } }', {}, 'idempotencyKey'],
    ['a NUL in a variable default', 'mutation($k: String = "\\u0000") { startConsultation(idempotencyKey: $k) { id } }', {}, 'idempotencyKey'],
  ])('%s', async (_name, query, variables, field) => {
    const token = await registeredUser();
    const before = await t.eventCount();
    const answer = await t.gql(query, variables, token);
    expect(answer.status).toBe(400);
    expect(answer.data ?? null).toBeNull();
    expect(answer.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(answer.errors?.[0].message).not.toMatch(/byte sequence|UTF8/);
    expect(await t.eventCount()).toBe(before);
  });

  it('keeps well-formed astral characters (surrogate pairs)', async () => {
    const token = await registeredUser();
    const answer = await t.gql(START, { input: {}, key: 'key-\u{1F3CB}' }, token);
    expect(answer.errors).toBeUndefined();
  });
});

describe('a token claim never breaks context creation', () => {
  it.each([['a NUL', 'a\u0000b@example.com'], ['a lone surrogate', '\uD800@example.com']])('an email claim with %s is dropped', async (_name, email) => {
    const id = randomUUID();
    const token = await mintToken(TEST_SECRET, id, { email });
    const answer = await t.gql('{ me { id email } }', {}, token);
    expect(answer.status).toBe(200);
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ me: { id, email: null } });
  });

  it('keeps a clean email claim', async () => {
    const id = randomUUID();
    const answer = await t.gql('{ me { email } }', {}, await mintToken(TEST_SECRET, id, { email: 'ana@example.com' }));
    expect(answer.data).toEqual({ me: { email: 'ana@example.com' } });
  });
});

describe('extensions.field is the argument path, never the caller variable name', () => {
  const UPDATE = 'mutation($id: UUID!, $i: ConsultationAnswersInput!, $v: Int) { updateConsultation(id: $id, input: $i, expectedVersion: $v) { id } }';

  it.each<[string, string, Record<string, unknown>, string]>([
    ['a wrong type in an input object variable', 'mutation($i: ConsultationAnswersInput) { startConsultation(input: $i) { id } }', { i: { heightCm: 'tall' } }, 'input.heightCm'],
    ['a wrong type in a scalar variable', UPDATE, { id: randomUUID(), i: {}, v: 'one' }, 'expectedVersion'],
    ['a missing required variable', UPDATE, { i: {} }, 'id'],
    ['a wrong type in a list item', 'mutation($i: ConsultationAnswersInput) { startConsultation(input: $i) { id } }', { i: { lifts: [{ exerciseId: 'x', weightKg: 5, reps: 'ten' }] } }, 'input.lifts.0.reps'],
    ['a variable inside a literal list', 'mutation($r: Int!) { startConsultation(input: { lifts: [{ exerciseId: "x", weightKg: 5, reps: $r }] }) { id } }', { r: 2.5 }, 'input.lifts.0.reps'],
    ['an unknown field in a variable', 'mutation($i: ConsultationAnswersInput) { startConsultation(input: $i) { id } }', { i: { colour: 'blue' } }, 'input'],
  ])('%s', async (_name, query, variables, field) => {
    const token = await registeredUser();
    const answer = await t.gql(query, variables, token);
    expect(answer.status).toBe(400);
    expect(answer.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(answer.errors?.[0].message).not.toMatch(/\$(i|v|r)\b/);
  });

  it('a wrongly typed literal is a validation error that names the argument path', async () => {
    const token = await registeredUser();
    const answer = await t.gql('mutation { startConsultation(input: { lifts: [{ exerciseId: "x", weightKg: 5, reps: "ten" }] }) { id } }', {}, token);
    expect(answer.errors?.[0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', field: 'input.lifts.0.reps' });
  });

  it('a range error uses the same notation for list indexes', async () => {
    const token = await registeredUser();
    const answer = await t.gql(START, { input: { lifts: [{ exerciseId: 'barbell_back_squat', weightKg: 100, reps: 99 }] } }, token);
    expect(answer.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.lifts.0.reps' });
  });
});

describe('UNAUTHENTICATED is always HTTP 401', () => {
  it('answers 401 to a request without a token for an operation that needs one', async () => {
    const answer = await t.gql('{ me { id } }');
    expect(answer.status).toBe(401);
    expect(answer.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
  });

  it('answers 200 to an operation that needs no token', async () => {
    expect(await t.gql('{ __typename }')).toMatchObject({ status: 200, data: { __typename: 'Query' } });
  });

  it('answers 401 to a forged token, with a WWW-Authenticate challenge', async () => {
    const forged = await t.token(randomUUID(), { secret: 'another-secret-of-sufficient-length-000' });
    for (const authorization of [`Bearer ${forged}`, undefined]) {
      const response = await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ query: '{ me { id } }' }),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });
});

/**
 * Every field of a type, as deep as the schema goes without going round a cycle (a session's
 * activity links back to its session): a new field is priced in automatically.
 */
function fullSelection(type: GraphQLObjectType, path: ReadonlySet<string> = new Set()): string {
  const within = new Set([...path, type.name]);
  const fields = Object.values(type.getFields())
    .filter((f) => f.args.every((a) => a.defaultValue !== undefined || !String(a.type).endsWith('!')))
    .filter((f) => !within.has(getNamedType(f.type).name));
  return `{ ${fields.map((f) => {
    const named = getNamedType(f.type);
    return isObjectType(named) ? `${f.name} ${fullSelection(named, within)}` : f.name;
  }).join(' ')} }`;
}

describe(`a calendar of ${CALENDAR_MAX_DAYS} days with every field passes the limits`, () => {
  const calendar = (alias: string, days: number) => `${alias}: calendar(from: "2026-03-02", to: "${addDays('2026-03-02', days - 1)}") ${fullSelection(t.server.schema.getType('CalendarDay') as GraphQLObjectType)}`;

  it(`answers ${CALENDAR_MAX_DAYS} days with every field selected`, async () => {
    const token = await registeredUser();
    const answer = await t.gql(`{ ${calendar('c', CALENDAR_MAX_DAYS)} }`, {}, token);
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.c).toHaveLength(CALENDAR_MAX_DAYS);
  });

  it(`refuses ${CALENDAR_MAX_DAYS + 1} days with the calendar's own message on \`to\`, not a cost error`, async () => {
    const token = await registeredUser();
    const answer = await t.gql(`{ ${calendar('c', CALENDAR_MAX_DAYS + 1)} }`, {}, token);
    expect(answer.errors?.[0]).toMatchObject({
      message: expect.stringContaining(`at most ${CALENDAR_MAX_DAYS} days`),
      extensions: { code: 'BAD_USER_INPUT', field: 'to' },
    });
  });

  it('still refuses absurd queries: two full calendars of the longest range', async () => {
    const token = await registeredUser();
    const answer = await t.gql(`{ ${calendar('a', CALENDAR_MAX_DAYS)} ${calendar('b', CALENDAR_MAX_DAYS)} }`, {}, token);
    expect(answer.status).toBe(400);
    expect(answer.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
  });
});
