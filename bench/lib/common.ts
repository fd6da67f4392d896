// Shared plumbing of the benchmarks: a fresh database (PGlite folder under /tmp, or the empty
// PostgreSQL database of DATABASE_URL), raw COPY in and out for reference loads, statistics.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import pgModule from 'pg';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { type DbHandle, openDatabase } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { rows } from '../../src/db/query.ts';

export const benchDir = path.resolve(import.meta.dirname, '..');

export interface BenchDatabase {
  handle: DbHandle;
  engine: 'pglite' | 'postgres';
  /** PGlite folder (removed by dispose unless kept) */
  dataDir?: string;
  dispose(opts?: { keep?: boolean }): Promise<void>;
}

/**
 * Opens and migrates the benchmark database: DATABASE_URL (must be an empty database, e.g.
 * `createdb -h 127.0.0.1 -U postgres parley_bench`) or a fresh PGlite folder under /tmp.
 */
export async function openBenchDatabase(opts: { dataDir?: string; requireEmpty?: boolean } = {}): Promise<BenchDatabase> {
  const url = process.env.DATABASE_URL;
  const dataDir = url ? undefined : (opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-')));
  const handle = await openDatabase({ url, dataDir: dataDir ?? '' });
  await migrate(handle);
  if (opts.requireEmpty !== false) {
    const [{ n }] = await rows<{ n: string }>(handle.db, sql`select (select count(*) from contacts) + (select count(*) from imports) as n`);
    if (Number(n) > 0) {
      await handle.close();
      throw new Error(
        `The benchmark database is not empty (${n} contacts/imports): point DATABASE_URL to a fresh database, e.g. createdb -h 127.0.0.1 -U postgres parley_bench`,
      );
    }
  }
  return {
    handle,
    engine: handle.kind,
    dataDir,
    async dispose({ keep = false } = {}) {
      await handle.close();
      if (dataDir && !keep && !opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The driver under Drizzle: a PGlite instance or a pg.Pool. */
export function rawClient(handle: DbHandle): PGlite | pg.Pool {
  return (handle.db as unknown as { $client: PGlite | pg.Pool }).$client;
}

/** COPY … TO: the rows of a query in COPY text format, as buffers. */
export async function copyOut(handle: DbHandle, query: string): Promise<Buffer[]> {
  const client = rawClient(handle);
  if (handle.kind === 'pglite') {
    const r = await (client as PGlite).query(`COPY (${query}) TO '/dev/blob'`);
    return [Buffer.from(await (r.blob as Blob).arrayBuffer())];
  }
  const conn = await (client as pg.Pool).connect();
  try {
    const chunks: Buffer[] = [];
    const stream = conn.query(copyTo(`COPY (${query}) TO STDOUT`));
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return chunks;
  } finally {
    conn.release();
  }
}

/** Plain COPY … FROM of prepared COPY text: the reference bulk load. */
export async function copyIn(handle: DbHandle, table: string, columns: string[], data: Buffer[]): Promise<void> {
  const client = rawClient(handle);
  const statement = `COPY ${table} (${columns.join(', ')}) FROM`;
  if (handle.kind === 'pglite') {
    await (client as PGlite).query(`${statement} '/dev/blob'`, [], { blob: new Blob(data) });
    return;
  }
  const conn = await (client as pg.Pool).connect();
  try {
    await pipeline(Readable.from(data), conn.query(copyFrom(`${statement} STDIN`)));
  } finally {
    conn.release();
  }
}

export async function checkpoint(handle: DbHandle) {
  await handle.db.execute(sql`checkpoint`);
}

export const seconds = (ms: number) => Math.round(ms) / 1000;
export const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}
export const median = (values: number[]) => percentile(values, 50);
export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export function writeResult(result: unknown, out?: string) {
  const json = JSON.stringify(result, null, 2);
  process.stdout.write(`${json}\n`);
  if (out) {
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    fs.writeFileSync(out, `${json}\n`);
  }
}

/** Progress lines go to stderr, so stdout stays one JSON object. */
export const log = (msg: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

export interface CsvFile {
  file: string;
  bytes: number;
  encoding: 'utf-8' | 'windows-1250';
  expected: { rowsRead: number; added: number; duplicates: number; rejected: number };
  generatedSeconds: number;
  reused: boolean;
}

/**
 * The seeded contacts CSV for (rows, seed, encoding), generated in a child process (so this
 * process's peak RSS is the import's own) and reused when it already exists.
 */
export function contactsCsv(rowCount: number, seed: number, encoding: 'utf-8' | 'windows-1250'): CsvFile {
  const dir = path.join(os.tmpdir(), 'parley-bench-csv');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `contacts-v2-${rowCount}-${seed}-${encoding}.csv`); // v2: postal codes follow streets
  const meta = `${file}.json`;
  if (fs.existsSync(file) && fs.existsSync(meta)) return { ...JSON.parse(fs.readFileSync(meta, 'utf8')), reused: true };
  const started = performance.now();
  const child = spawnSync(
    process.execPath,
    [path.join(benchDir, 'generate-csv.ts'), '--rows', String(rowCount), '--seed', String(seed), '--encoding', encoding, '--file', file],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    },
  );
  if (child.status !== 0) throw new Error(`CSV generation failed (${child.status})`);
  const info = { ...JSON.parse(child.stdout), file, generatedSeconds: seconds(performance.now() - started) };
  fs.writeFileSync(meta, JSON.stringify(info));
  return { ...info, reused: false };
}

/** --trace: every SQL statement slower than `minMs` goes to stderr with its duration. */
export function traceStatements(handle: DbHandle, minMs = 200) {
  const short = (q: unknown) =>
    String(typeof q === 'string' ? q : ((q as { text?: string })?.text ?? ''))
      .replace(/\s+/g, ' ')
      .slice(0, 160);
  const report = (started: number, q: unknown) => {
    const ms = performance.now() - started;
    if (ms >= minMs) log(`  sql ${ms.toFixed(0).padStart(7)} ms  ${short(q)}`);
  };
  if (handle.kind === 'pglite') {
    type Queryable = Record<'query' | 'exec', (q: unknown, ...rest: unknown[]) => Promise<unknown>>;
    const wrap = (target: Queryable) => {
      for (const name of ['query', 'exec'] as const) {
        const original = target[name].bind(target);
        target[name] = async (q, ...rest) => {
          const started = performance.now();
          try {
            return await original(q, ...rest);
          } finally {
            report(started, q);
          }
        };
      }
    };
    const client = rawClient(handle) as unknown as Queryable & { transaction: (cb: (tx: Queryable) => Promise<unknown>) => Promise<unknown> };
    wrap(client);
    const transaction = client.transaction.bind(client);
    client.transaction = (cb) =>
      transaction((tx) => {
        wrap(tx);
        return cb(tx);
      });
    return;
  }
  const proto = pgModule.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const started = performance.now();
    const result = original.apply(this, args);
    if (result instanceof Promise) result.then(() => report(started, args[0])).catch(() => {});
    return result;
  };
}
