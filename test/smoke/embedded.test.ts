import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';

/**
 * What a new user does: build, then start the API with no DATABASE_URL, on an embedded PGlite
 * in a fresh folder; read the banner; query it with the printed token; stop it with SIGTERM.
 */
jest.setTimeout(180_000);

let child: ChildProcess;
let output = '';
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'coach-smoke-'));

function waitFor(pattern: RegExp, ms: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output:\n${output}`)), ms);
    const check = () => {
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}; output:\n${output}`));
    });
    check();
  });
}

function startServer(): void {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', PGLITE_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development' };
  delete env.DATABASE_URL;
  delete env.JWT_SECRET;
  delete env.NODE_OPTIONS;
  output = '';
  child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'src', 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
}

async function stopServer(): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

beforeAll(() => {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
});
afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function post(url: string, query: string, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
}

describe('npm start on the embedded database', () => {
  it('serves GraphiQL and the API with demo data, and stops cleanly on SIGTERM; a restart keeps the data', async () => {
    startServer();
    const [, url] = await waitFor(/GraphiQL:\s+(http:\/\/\S+)/, 120_000);
    const [, token] = await waitFor(/Token:\s+(\S+)/, 5_000);

    expect(await post(url, '{ __typename }')).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    const page = await fetch(url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="root">/);

    const mine = await post(url, '{ me { id } myConsultations { status missingAnswers } currentProgram { id startDate weeks } }', token);
    expect(mine.body.errors).toBeUndefined();
    expect(mine.body.data.myConsultations).toEqual([{ status: 'COMPLETED', missingAnswers: [] }]);
    const program = mine.body.data.currentProgram;
    expect(program.weeks).toBe(12);
    const week = await post(url, `{ calendar(from: "${program.startDate}", to: "${program.startDate}") { meals { items { food { name } } } } }`, token);
    expect(week.body.errors).toBeUndefined();
    expect(week.body.data.calendar[0].meals).toHaveLength(4);
    expect((await fetch(url.replace('/graphql', '/readyz'))).status).toBe(200);

    expect(await stopServer()).toBe(0);

    // Second start on the same folder: migrations and demo seed are not applied twice.
    startServer();
    const [, again] = await waitFor(/GraphiQL:\s+(http:\/\/\S+)/, 120_000);
    const [, token2] = await waitFor(/Token:\s+(\S+)/, 5_000);
    const after = await post(again, '{ myConsultations { status } }', token2);
    expect(after.body.data.myConsultations).toHaveLength(1);
    expect(await stopServer()).toBe(0);
  });
});
