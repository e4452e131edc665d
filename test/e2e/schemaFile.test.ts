import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';
import { printAppSchema } from '../../src/server/schema';

describe('schema.graphql', () => {
  it('is the SDL of the built schema (run `npm run schema:print` after changing the API)', () => {
    const committed = readFileSync(path.join(PROJECT_ROOT, 'schema.graphql'), 'utf8');
    expect(committed).toBe(printAppSchema());
  });
});
