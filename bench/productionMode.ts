/**
 * Imported first by bench/run.ts: graphql-js checks NODE_ENV when it loads and, outside
 * production, runs a slower instanceof with diagnostics on every type check (about a tenth of
 * a large query's time). Benchmarks measure the server as deployed.
 */
process.env.NODE_ENV = 'production';
