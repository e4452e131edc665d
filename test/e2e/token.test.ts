import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTokenVerifier } from '../../src/server/auth';
import { TEST_SECRET } from '../support/testServer';

const ROOT = path.resolve(__dirname, '../..');
/** npm builds the project first (tsc): slow on a busy machine. */
const BUILD_AND_RUN_MS = 180_000;

describe("the README's token command", () => {
  it('prints the token alone on stdout, so $(...) captures a usable token', async () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const documented = /(npm run [^`\n)]*token -- --user <uuid>)/.exec(readme)?.[1];
    expect(documented).toBeDefined();
    const userId = randomUUID();
    const { stdout } = await promisify(execFile)('sh', ['-c', documented!.replace('<uuid>', userId)], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'development', JWT_SECRET: TEST_SECRET, JWT_JWKS_URL: '', NODE_OPTIONS: '' },
    });
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const verify = createTokenVerifier({ secret: TEST_SECRET, jwksUrl: null, issuer: null, audience: null });
    await expect(verify(stdout.trim())).resolves.toMatchObject({ id: userId });
  }, BUILD_AND_RUN_MS);
});
