import { randomUUID } from 'node:crypto';
import { resetData } from '../../src/core/testing/testDatabase';
import { mintToken } from '../../src/server/auth';
import { startTestServer, TEST_SECRET, TestServer } from '../support/testServer';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.stop());
beforeEach(async () => {
  await resetData(t.db);
  t.clock.set('2026-03-02T09:00:00.000Z');
});

const FIELDS = 'id status version missingAnswers createdAt completedAt answers { sex birthDate heightCm weightKg goal preferredWeekdays equipment allergies startDate }';
const START = `mutation Start($input: ConsultationAnswersInput, $key: String) { startConsultation(input: $input, idempotencyKey: $key) { ${FIELDS} } }`;
const UPDATE = `mutation Update($id: UUID!, $input: ConsultationAnswersInput!, $v: Int, $key: String) {
  updateConsultation(id: $id, input: $input, expectedVersion: $v, idempotencyKey: $key) { ${FIELDS} } }`;
const COMPLETE = `mutation Complete($id: UUID!) { completeConsultation(id: $id) { consultation { ${FIELDS} } } }`;
const COMPLETE_KEYED = `mutation Complete($id: UUID!, $key: String) { completeConsultation(id: $id, idempotencyKey: $key) {
  consultation { ${FIELDS} } program { id status startDate endDate weeks split supersededFrom createdAt targets { kcal proteinG } } } }`;

const ANSWERS = {
  sex: 'MALE', birthDate: '1996-01-20', heightCm: 180, weightKg: 80, goal: 'FAT_LOSS', targetRatePctPerWeek: 0.5,
  experience: 'INTERMEDIATE', trainingDaysPerWeek: 3, preferredWeekdays: ['FRIDAY', 'MONDAY', 'WEDNESDAY'], sessionMinutes: 60,
  equipment: ['DUMBBELL', 'BENCH'], injuries: ['LOWER_BACK'], activityLevel: 'MODERATE', dietType: 'OMNIVORE',
  allergies: ['PEANUT'], mealsPerDay: 4, timeZone: 'Europe/Berlin', startDate: '2026-03-09', programWeeks: 12,
};

async function user() {
  const id = randomUUID();
  return { id, token: await t.token(id) };
}

describe('over HTTP', () => {
  it('answers { __typename } without a token, and serves health and readiness', async () => {
    expect(await t.gql('{ __typename }')).toMatchObject({ status: 200, data: { __typename: 'Query' } });
    const health = await fetch(t.url.replace('/graphql', '/healthz'));
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(t.url.replace('/graphql', '/readyz'));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
  });

  it('walks a consultation from start to completion', async () => {
    const me = await user();
    const started = await t.gql(START, { input: { sex: 'MALE', heightCm: 180 } }, me.token);
    expect(started.errors).toBeUndefined();
    const c = started.data!.startConsultation;
    expect(c).toMatchObject({ status: 'IN_PROGRESS', version: 1, answers: { sex: 'MALE', heightCm: 180, weightKg: null } });
    expect(c.missingAnswers).toContain('weightKg');

    const { sex: _s, heightCm: _h, ...rest } = ANSWERS;
    const updated = await t.gql(UPDATE, { id: c.id, input: rest, v: 1 }, me.token);
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateConsultation).toMatchObject({ version: 2, missingAnswers: [] });

    const completed = await t.gql(COMPLETE, { id: c.id }, me.token);
    expect(completed.errors).toBeUndefined();
    expect(completed.data!.completeConsultation.consultation).toMatchObject({
      status: 'COMPLETED', version: 3, completedAt: '2026-03-02T09:00:00.000Z',
      answers: { preferredWeekdays: ['MONDAY', 'WEDNESDAY', 'FRIDAY'], equipment: ['DUMBBELL', 'BENCH'], allergies: ['PEANUT'], startDate: '2026-03-09' },
    });

    const list = await t.gql('{ myConsultations(status: COMPLETED) { id } me { id } }', {}, me.token);
    expect(list.data).toEqual({ myConsultations: [{ id: c.id }], me: { id: me.id } });
    // Events: profile registered, started, updated, completed, program generated.
    expect(await t.eventCount()).toBe(5);
  });

  it("answers NOT_FOUND for another user's consultation, and writes nothing", async () => {
    const owner = await user();
    const other = await user();
    const { data } = await t.gql(START, { input: { heightCm: 170 } }, owner.token);
    const id = data!.startConsultation.id;
    await t.gql('{ me { id } }', {}, other.token); // registers the other profile
    const before = await t.eventCount();
    const read = await t.gql(`query($id: UUID!) { consultation(id: $id) { id } }`, { id }, other.token);
    expect(read.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    const write = await t.gql(UPDATE, { id, input: { heightCm: 171 } }, other.token);
    expect(write.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.eventCount()).toBe(before);
  });

  it('a retried start with the same idempotency key returns the first consultation and appends nothing', async () => {
    const me = await user();
    const first = await t.gql(START, { input: { heightCm: 170 }, key: 'start-1' }, me.token);
    const count = await t.eventCount();
    const again = await t.gql(START, { input: { heightCm: 170 }, key: 'start-1' }, me.token);
    expect(again.data!.startConsultation.id).toBe(first.data!.startConsultation.id);
    expect(await t.eventCount()).toBe(count);
    const misuse = await t.gql(START, { input: { heightCm: 175 }, key: 'start-1' }, me.token);
    expect(misuse.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
  });

  it('every keyed consultation mutation replays its first answer, as it was, after later changes', async () => {
    const me = await user();
    const read = async (id: string) => (await t.gql(`query($id: UUID!) { consultation(id: $id) { ${FIELDS} } }`, { id }, me.token)).data!.consultation;

    const started = await t.gql(START, { input: { sex: 'MALE', heightCm: 170 }, key: 'start-1' }, me.token);
    const id = started.data!.startConsultation.id;
    expect(started.data!.startConsultation).toEqual(await read(id));
    const { sex: _s, heightCm: _h, ...rest } = ANSWERS;
    const updated = await t.gql(UPDATE, { id, input: rest, key: 'update-1' }, me.token);
    expect(updated.data!.updateConsultation).toEqual(await read(id));
    t.clock.set('2026-03-02T10:00:00.000Z');
    await t.gql(UPDATE, { id, input: { heightCm: 182 } }, me.token);
    const completed = await t.gql(COMPLETE_KEYED, { id, key: 'complete-1' }, me.token);
    expect(completed.errors).toBeUndefined();
    expect(completed.data!.completeConsultation.consultation).toEqual(await read(id));
    // A later program supersedes the one the completion generated.
    const next = await t.gql(`mutation { generateProgram(input: { startDate: "2026-03-16", weeks: 8 }) { id } }`, {}, me.token);
    expect(next.errors).toBeUndefined();
    const count = await t.eventCount();

    const startAgain = await t.gql(START, { input: { sex: 'MALE', heightCm: 170 }, key: 'start-1' }, me.token);
    expect(startAgain).toEqual(started);
    expect(startAgain.data!.startConsultation).toMatchObject({ version: 1, status: 'IN_PROGRESS', answers: { heightCm: 170, weightKg: null } });
    const updateAgain = await t.gql(UPDATE, { id, input: rest, key: 'update-1' }, me.token);
    expect(updateAgain).toEqual(updated);
    expect(updateAgain.data!.updateConsultation).toMatchObject({ version: 2, answers: { heightCm: 170 } });
    const completeAgain = await t.gql(COMPLETE_KEYED, { id, key: 'complete-1' }, me.token);
    expect(completeAgain).toEqual(completed);
    expect(completeAgain.data!.completeConsultation.program).toMatchObject({ status: 'ACTIVE', supersededFrom: null });
    expect(await t.eventCount()).toBe(count);
  });

  it('a mutation answers what the consultation query reads, to the stored precision', async () => {
    const me = await user();
    const started = await t.gql(START, { input: { heightCm: 170.25, weightKg: 80.05 }, key: 'precise' }, me.token);
    expect(started.errors).toBeUndefined();
    const id = started.data!.startConsultation.id;
    const read = await t.gql(`query($id: UUID!) { consultation(id: $id) { ${FIELDS} } }`, { id }, me.token);
    expect(started.data!.startConsultation).toEqual(read.data!.consultation);
    expect(await t.gql(START, { input: { heightCm: 170.25, weightKg: 80.05 }, key: 'precise' }, me.token)).toEqual(started);
  });

  it('refuses a negative expectedVersion as BAD_USER_INPUT naming the field, writing nothing', async () => {
    const me = await user();
    const { data } = await t.gql(START, { input: { heightCm: 170 } }, me.token);
    const before = await t.eventCount();
    const answer = await t.gql(UPDATE, { id: data!.startConsultation.id, input: { heightCm: 171 }, v: -1 }, me.token);
    expect(answer.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expectedVersion' });
    expect(await t.eventCount()).toBe(before);
  });

  it('two concurrent updates with the same expected version: one wins, the other gets CONFLICT', async () => {
    const me = await user();
    const { data } = await t.gql(START, { input: { heightCm: 170 } }, me.token);
    const id = data!.startConsultation.id;
    const answers = await Promise.all([
      t.gql(UPDATE, { id, input: { weightKg: 70 }, v: 1 }, me.token),
      t.gql(UPDATE, { id, input: { weightKg: 90 }, v: 1 }, me.token),
    ]);
    const codes = answers.map((a) => a.errors?.[0].extensions?.code ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
  });
});

describe('authentication', () => {
  it('asks for a token where one is needed', async () => {
    const answer = await t.gql('{ me { id } }');
    expect(answer.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['a forged token', async () => t.token(randomUUID(), { secret: 'another-secret-of-sufficient-length-000' })],
    ['an expired token', async () => t.token(randomUUID(), { expiresIn: '-1m' })],
    ['garbage', async () => 'not.a.jwt'],
  ])('refuses %s with 401 UNAUTHENTICATED, writing nothing', async (_name, make) => {
    const before = await t.eventCount();
    const answer = await t.gql('{ __typename }', {}, await make());
    expect(answer.status).toBe(401);
    expect(answer.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await t.eventCount()).toBe(before);
  });

  it('refuses a token whose subject is not a UUID', async () => {
    const answer = await t.gql('{ __typename }', {}, await mintToken(TEST_SECRET, 'user-42'));
    expect(answer.errors?.[0]).toMatchObject({ message: expect.stringMatching(/UUID/), extensions: { code: 'UNAUTHENTICATED' } });
  });
});

describe('malformed input gets a clear error, and nothing is written', () => {
  let token: string;
  beforeEach(async () => {
    token = (await user()).token;
    await t.gql('{ me { id } }', {}, token);
  });

  it.each<[string, string, Record<string, unknown>, string, string | undefined]>([
    ['a string for a number', START, { input: { heightCm: 'tall' } }, 'BAD_USER_INPUT', 'input.heightCm'],
    ['an unknown enum value', START, { input: { goal: 'GET_HUGE' } }, 'BAD_USER_INPUT', 'input.goal'],
    ['a float for an integer', START, { input: { mealsPerDay: 3.5 } }, 'BAD_USER_INPUT', 'input.mealsPerDay'],
    ['an out-of-range height', START, { input: { heightCm: 20 } }, 'BAD_USER_INPUT', 'input.heightCm'],
    ['a 10 kB string', START, { input: { timeZone: 'x'.repeat(10_240) } }, 'BAD_USER_INPUT', 'input.timeZone'],
    ['a 10 kB idempotency key', START, { input: {}, key: 'k'.repeat(10_240) }, 'BAD_USER_INPUT', 'idempotencyKey'],
    ['a malformed id', UPDATE, { id: 'nope', input: { heightCm: 170 } }, 'BAD_USER_INPUT', 'id'],
    ['a malformed date', START, { input: { birthDate: '31/12/1990' } }, 'BAD_USER_INPUT', 'input.birthDate'],
    ['an unknown input field', START, { input: { favouriteColour: 'blue' } }, 'BAD_USER_INPUT', 'input'],
  ])('%s', async (_name, query, variables, code, field) => {
    const before = await t.eventCount();
    const answer = await t.gql(query, variables, token);
    expect(answer.data ?? null).toBeNull();
    expect(answer.errors?.[0].extensions).toMatchObject({ code, ...(field ? { field } : {}) });
    expect(answer.errors?.[0].message.length).toBeLessThan(400);
    expect(await t.eventCount()).toBe(before);
  });

  it('a wrongly typed literal fails validation', async () => {
    const answer = await t.gql('mutation { startConsultation(input: { heightCm: "tall" }) { id } }', {}, token);
    expect(answer.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('a document of too many tokens is refused before it is parsed in full', async () => {
    const query = `{ ${Array.from({ length: 3000 }, () => '__typename').join(' ')} }`;
    const answer = await t.gql(query, {}, token);
    expect(answer.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('a body over 100 kB gets 413 with a JSON error', async () => {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(200_000) } }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('CSRF prevention refuses a simple cross-site request', async () => {
    const response = await fetch(`${t.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(response.status).toBe(400);
    const form = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ __typename }"}' });
    expect(form.status).toBe(400);
  });
});
