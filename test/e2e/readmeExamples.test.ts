import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, validate } from 'graphql';
import { buildAppSchema } from '../../src/server/schema';

/** The README's GraphQL examples are what clients copy first: they must match the schema. */
it("validates every GraphQL example in the README against the built schema", () => {
  const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]);
  expect(blocks.length).toBeGreaterThan(1);
  const schema = buildAppSchema();
  const problems = blocks.flatMap((block, i) => validate(schema, parse(block)).map((error) => `block ${i + 1}: ${error.message}`));
  expect(problems).toEqual([]);
});
