// Opens the system of record: embedded PGlite (default) or a PostgreSQL server (DATABASE_URL).
// Both expose the same Drizzle API, so every query and migration is written once.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { doubleFileGrowth } from './memfs-growth.ts';
import { forgetTemplate, memoryTemplate } from './memory-template.ts';
import { migrate } from './migrate.ts';
import { autovacuum } from './pglite-autovacuum.ts';
import { preparePgliteStatements } from './pglite-prepared.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema>;
/** A repository function takes either the database or the caller's transaction. */
export type Db = Database | Tx;

export interface DbHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** Bulk load rows in COPY text format (tab separated, \N for null); outside any transaction. */
  copyText(table: string, columns: string[], text: string): Promise<void>;
  /** LISTEN on a channel; NOTIFYs from any process (this one included) reach `onPayload`. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<void>;
  close(): Promise<void>;
}

export async function openDatabase(opts: { url?: string; dataDir: string }): Promise<DbHandle> {
  return opts.url ? openPostgres(opts.url) : openPglite(opts.dataDir);
}

async function openPostgres(url: string): Promise<DbHandle> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const listener = pgListener(url);
  pool.on('error', () => {}); // idle client errors surface on the next query
  const db = drizzlePg({ client: pool, schema }) as unknown as Database;
  return {
    db,
    kind: 'postgres',
    async copyText(table, columns, text) {
      const client = await pool.connect();
      try {
        const stream = client.query(copyFrom(`COPY ${table} (${columns.join(',')}) FROM STDIN`));
        await pipeline(Readable.from([text]), stream);
      } finally {
        client.release();
      }
    },
    listen: (channel, onPayload) => listener.listen(channel, onPayload),
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}

/** One dedicated connection carries every LISTEN of the process; it reconnects if dropped. */
function pgListener(url: string) {
  const channels = new Map<string, Set<(payload: string) => void>>();
  let client: pg.Client | undefined;
  let closed = false;
  async function connect() {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => {
      for (const cb of channels.get(n.channel) ?? []) cb(n.payload ?? '');
    });
    c.on('error', () => {
      client = undefined;
      if (!closed) setTimeout(() => connect().catch(() => {}), 1000);
    });
    await c.connect();
    for (const ch of channels.keys()) await c.query(`LISTEN "${ch}"`);
    client = c;
  }
  return {
    async listen(channel: string, onPayload: (payload: string) => void) {
      const known = channels.has(channel);
      channels.set(channel, (channels.get(channel) ?? new Set()).add(onPayload));
      if (!client) await connect();
      else if (!known) await client.query(`LISTEN "${channel}"`);
    },
    async close() {
      closed = true;
      await client?.end().catch(() => {});
    },
  };
}

async function openPglite(dataDir: string): Promise<DbHandle> {
  const memory = dataDir.startsWith('memory://');
  const releaseLock = memory ? () => {} : acquireFolderLock(dataDir);
  const client = memory ? await fromTemplate() : await PGlite.create({ dataDir, extensions: { pg_trgm } });
  if (memory) doubleFileGrowth(client);
  // a NOTIFY can come back with any statement: the prepared path reads replies itself, so it hands them over here
  const listeners = new Map<string, Set<(payload: string) => void>>();
  // PGlite has no autovacuum worker: between statements, the tables are vacuumed as it would
  preparePgliteStatements(
    client,
    400,
    (channel, payload) => {
      for (const onPayload of listeners.get(channel) ?? []) queueMicrotask(() => onPayload(payload));
    },
    { between: autovacuum() },
  );
  if (process.env.PARLEY_SQL_COUNT) timeStatements(client);
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    async copyText(table, columns, text) {
      await client.query(`COPY ${table} (${columns.join(',')}) FROM '/dev/blob'`, [], {
        blob: new Blob([text]),
      });
    },
    async listen(channel, onPayload) {
      listeners.set(channel, (listeners.get(channel) ?? new Set()).add(onPayload));
      await client.listen(channel, onPayload);
    },
    async close() {
      await client.close();
      releaseLock();
    },
  };
}

/**
 * An in-memory database keeps every file in MEMFS (JS memory) already, so a page missing from
 * shared buffers is a memory copy away: 32 MB of buffers instead of 128 MB. PostgreSQL sets up
 * its shared memory at start at about 3.5 ms a megabyte here (128 MB: ~0.45 s of every start);
 * a simulated 8-hour day (94 MB of data) read 19 171 blocks back from MEMFS with 32 MB.
 */
const memoryStartParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

/** An in-memory database from the migrated template (memory-template.ts); an unreadable template is made again. */
async function fromTemplate(): Promise<PGlite> {
  const create = (template?: Blob) =>
    PGlite.create({ dataDir: 'memory://', extensions: { pg_trgm }, startParams: memoryStartParams, ...(template && { loadDataDir: template }) });
  const migrateClient = (client: PGlite) => migrate({ db: drizzlePglite({ client, schema }) as unknown as Database, kind: 'pglite' } as DbHandle);
  try {
    return await create(await memoryTemplate(create, migrateClient));
  } catch {
    forgetTemplate();
    return create();
  }
}

// Two processes on one PGlite folder silently lose data: refuse to start a second one.
function acquireFolderLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, '.parley.lock');
  try {
    const pid = Number(fs.readFileSync(lockFile, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`The database folder ${dataDir} is in use by process ${pid}.`);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.writeFileSync(lockFile, String(process.pid));
  return () => fs.rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Escapes one value for COPY text format. */
export function copyValue(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  const s = String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

/** PARLEY_SQL_COUNT=1: statements by their opening words — how many, total milliseconds and rows — printed at exit (profiling aid). */
const sqlCounts = new Map<string, { n: number; ms: number; rows: number }>();
function count(query: string, ms: number, rowCount: number) {
  const key = query.replace(/\s+/g, ' ').trim().slice(0, 70);
  const c = sqlCounts.get(key) ?? { n: 0, ms: 0, rows: 0 };
  c.n++;
  c.ms += ms;
  c.rows += rowCount;
  sqlCounts.set(key, c);
}
type Querying = { query: (q: string, ...rest: never[]) => Promise<{ rows?: unknown[] }>; exec: (q: string, ...rest: never[]) => Promise<unknown> };
function timed<T extends Querying>(target: T) {
  const query = target.query.bind(target);
  const exec = target.exec.bind(target);
  target.query = async (q: string, ...rest: never[]) => {
    const t = performance.now();
    const r = await query(q, ...rest);
    count(q, performance.now() - t, r.rows?.length ?? 0);
    return r;
  };
  target.exec = async (q: string, ...rest: never[]) => {
    const t = performance.now();
    const r = await exec(q, ...rest);
    count(q, performance.now() - t, 0);
    return r;
  };
  return target;
}
const TRANSACTION = '(transactions: BEGIN … COMMIT around the statements inside, which are counted too)';
function timeStatements(client: PGlite) {
  timed(client as unknown as Querying);
  const transaction = client.transaction.bind(client);
  client.transaction = ((fn: (tx: Querying) => Promise<unknown>) =>
    transaction(async (tx) => {
      const t = performance.now();
      try {
        return await fn(timed(tx as unknown as Querying));
      } finally {
        count(TRANSACTION, performance.now() - t, 0);
      }
    })) as typeof client.transaction;
  process.on('exit', () => {
    const list = [...sqlCounts].sort((a, b) => b[1].ms - a[1].ms);
    const total = list.reduce((s, [k, c]) => s + (k === TRANSACTION ? 0 : c.n), 0);
    console.error(`statements: ${total}`);
    console.error(
      list
        .slice(0, 40)
        .map(([k, c]) => `${c.n}\t${Math.round(c.ms)} ms\t${c.rows} rows\t${k}`)
        .join('\n'),
    );
  });
}
