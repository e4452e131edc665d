import os from 'node:os';

/** What every benchmark module exports for bench/run.ts. */
export interface BenchModule {
  name: string;
  description: string;
  /** Prints its figures to stdout; throws (and so fails the run) on any unexpected outcome. */
  run(settings: BenchSettings): Promise<void>;
}

export interface BenchSettings {
  /** Length of one timed run, BENCH_SECONDS (default 5). */
  seconds: number;
  /** Timed runs per level, BENCH_RUNS (default 3). */
  runs: number;
  /** Untimed warm-up before the runs of each level, BENCH_WARMUP_SECONDS (default 0.5). */
  warmupSeconds: number;
  /** Overrides every scenario's concurrency levels, BENCH_LEVELS=1,4,16 (default: per scenario). */
  levels: number[] | null;
}

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return value;
}

export function settingsFromEnv(): BenchSettings {
  const levelsRaw = process.env.BENCH_LEVELS;
  let levels: number[] | null = null;
  if (levelsRaw) {
    levels = levelsRaw.split(',').map((part) => Number(part.trim()));
    if (levels.some((level) => !Number.isInteger(level) || level < 1)) {
      throw new Error(`BENCH_LEVELS must be positive integers separated by commas, got ${JSON.stringify(levelsRaw)}`);
    }
  }
  return {
    seconds: positiveNumber('BENCH_SECONDS', 5),
    runs: Math.round(positiveNumber('BENCH_RUNS', 3)),
    warmupSeconds: positiveNumber('BENCH_WARMUP_SECONDS', 0.5),
    levels,
  };
}

export function machineContext(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  return `${cpus.length} CPUs (${model}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, node ${process.version}, ${os.platform()} ${os.arch()}, load avg ${os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function median(values: readonly number[]): number {
  return percentile(sortedCopy(values), 50);
}

/** An ascending copy (a typed array sorts numerically). */
export function sortedCopy(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : NaN;
}

/** Fixed-width table: the first column left-aligned, the others right-aligned. */
export function table(header: string[], rows: string[][], indent = '  '): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string =>
    indent + cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

export const fmtRate = (value: number): string => (Number.isFinite(value) ? value.toFixed(0) : '-');
export const fmtMs = (value: number): string => (Number.isFinite(value) ? value.toFixed(2) : '-');

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
