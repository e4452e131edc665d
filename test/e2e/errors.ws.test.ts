import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { Client } from 'graphql-ws';
import { startTestServer, TestServer } from '../support/testServer';

/** What the server logged, one parsed pino line each. */
const logged: Array<Record<string, any>> = [];
const logger = pino({ level: 'info' }, { write: (line: string) => logged.push(JSON.parse(line)) });

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ MAX_QUERY_DEPTH: '3', MAX_QUERY_COST: '300' }, { logger });
});
afterAll(async () => t?.stop());
afterEach(() => jest.restoreAllMocks());

interface WireError {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

/** Runs one operation over graphql-ws and returns the errors it got, as an execution result or an error message. */
function overWs(client: Client, query: string, variables: Record<string, unknown> = {}): Promise<{ data?: unknown; errors?: WireError[] }> {
  return new Promise((resolve, reject) => {
    let result: { data?: unknown; errors?: WireError[] } = {};
    client.subscribe({ query, variables }, {
      next: (value) => {
        result = value as typeof result;
      },
      error: (error) => (Array.isArray(error) ? resolve({ errors: error as WireError[] }) : reject(error)),
      complete: () => resolve(result),
    });
  });
}

/** The parts of an error the contract fixes: message, path and extensions (code, field, ...). */
const contract = (errors: WireError[] | undefined) => (errors ?? []).map(({ message, path, extensions }) => ({ message, path, extensions }));

async function registeredToken(): Promise<string> {
  const token = await t.token(randomUUID());
  expect((await t.gql('{ me { id } }', {}, token)).errors).toBeUndefined();
  return token;
}

const START = 'mutation($input: ConsultationAnswersInput, $key: String) { startConsultation(input: $input, idempotencyKey: $key) { id } }';

describe('graphql-ws answers errors exactly as HTTP does', () => {
  it.each<[string, string, Record<string, unknown>, Record<string, unknown>, boolean?]>([
    ['unauthenticated', '{ me { id } }', {}, { code: 'UNAUTHENTICATED' }, false],
    ['NOT_FOUND', 'query($id: UUID!) { consultation(id: $id) { id } }', { id: randomUUID() }, { code: 'NOT_FOUND', field: 'id' }],
    ['BAD_USER_INPUT from a resolver', '{ myConsultations(first: 0) { id } }', {}, { code: 'BAD_USER_INPUT', field: 'first' }],
    ['BAD_USER_INPUT from a decider', START, { input: { heightCm: 20 } }, { code: 'BAD_USER_INPUT', field: 'input.heightCm' }],
    ['a variable of the wrong type', 'mutation($i: ConsultationAnswersInput) { startConsultation(input: $i) { id } }', { i: { heightCm: 'tall' } }, { code: 'BAD_USER_INPUT', field: 'input.heightCm' }],
    ['a NUL in a string', START, { input: {}, key: 'a\u0000b' }, { code: 'BAD_USER_INPUT', field: 'idempotencyKey' }],
    ['an unknown field', '{ nope }', {}, { code: 'GRAPHQL_VALIDATION_FAILED' }],
    ['a literal of the wrong type', 'mutation { startConsultation(input: { heightCm: "tall" }) { id } }', {}, { code: 'GRAPHQL_VALIDATION_FAILED', field: 'input.heightCm' }],
    ['a syntax error', '{ me { id }', {}, { code: 'GRAPHQL_PARSE_FAILED' }],
    ['too deep', '{ myConsultations(first: 1) { answers { lifts { reps } } } }', {}, { code: 'QUERY_TOO_DEEP', depth: 4, maxDepth: 3 }],
    ['too costly', '{ myConsultations(first: 100) { id status version } }', {}, { code: 'QUERY_TOO_COMPLEX', maxCost: 300 }],
  ])('%s', async (_name, query, variables, extensions, signedIn = true) => {
    const token = signedIn ? await registeredToken() : null;
    const http = await t.gql(query, variables, token);
    const ws = await overWs(t.ws(token ? { token } : undefined), query, variables);
    expect(http.errors?.[0].extensions).toMatchObject(extensions);
    expect(contract(ws.errors)).toEqual(contract(http.errors));
  });

  it('masks an internal error the same way, and logs its detail', async () => {
    const token = await registeredToken();
    jest.spyOn(t.services.clock, 'now').mockImplementation(() => {
      throw new Error('invalid byte sequence for encoding "UTF8": 0x00');
    });
    logged.length = 0;
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'masked-error-1' },
      body: JSON.stringify({ query: START, variables: { input: {} } }),
    });
    const http = (await response.json()) as { errors?: WireError[] };
    const ws = await overWs(t.ws({ token }), START, { input: {} });
    expect(http.errors?.[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(contract(ws.errors)).toEqual(contract(http.errors));
    expect(JSON.stringify(ws)).not.toMatch(/byte sequence/);
    const details = logged.filter((line) => JSON.stringify(line).includes('invalid byte sequence'));
    expect(details).toHaveLength(2); // one per transport, each with the request id to find it by
    expect(details.map((line) => line.requestId)).toEqual(['masked-error-1', expect.stringMatching(/^[0-9a-f-]{36}$/)]);
  });
});
