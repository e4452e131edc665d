#!/usr/bin/env node
// Runs `prisma generate` offline. Prisma insists on finding its native schema-engine binary even
// though generate never runs it, and that binary is downloaded from outside the package
// registries, which these machines cannot reach: any existing file satisfies the check.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(__dirname, 'prisma-generate.js');
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
const prisma = path.join(path.dirname(require.resolve('prisma/package.json')), 'build', 'index.js');
const result = spawnSync(process.execPath, [prisma, 'generate'], { stdio: 'inherit', env, cwd: path.join(__dirname, '..') });
process.exit(result.status ?? 1);
