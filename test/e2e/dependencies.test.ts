import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
/** Where the project's own code lives (the generated Prisma client included). */
const CODE = ['src', 'scripts', 'bench', 'test', 'jest.config.js', 'prisma.config.ts'];

function files(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (!statSync(full, { throwIfNoEntry: false })) return [];
  if (statSync(full).isFile()) return /\.(ts|js)$/.test(entry) ? [full] : [];
  return readdirSync(full).flatMap((name) => files(path.join(entry, name)));
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe('dependencies', () => {
  it('every runtime dependency is imported by the code (no dead dependencies)', () => {
    const { dependencies } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const code = CODE.flatMap(files).map((file) => readFileSync(file, 'utf8')).join('\n');
    const unused = Object.keys(dependencies).filter(
      (name) => !new RegExp(`(from\\s+|require\\(|import\\(|import\\s+|setupFiles: \\[)['"]${escape(name)}(/[^'"]*)?['"]`).test(code),
    );
    expect(unused).toEqual([]);
  });
});
