import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { printAppSchema } from '../src/server/schema';
import { PROJECT_ROOT } from '../src/paths';

/** npm run schema:print: writes schema.graphql, the SDL of the built schema. */
writeFileSync(path.join(PROJECT_ROOT, 'schema.graphql'), printAppSchema());
console.log('wrote schema.graphql');
