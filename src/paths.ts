import { existsSync } from 'node:fs';
import path from 'node:path';

/** The project folder (where package.json is), whether running from src/ (tests) or dist/ (build). */
function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'prisma'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no project root above ${start}`);
  }
}

export const PROJECT_ROOT = findRoot(__dirname);
