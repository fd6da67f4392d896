// A PostgreSQL database of its own for one benchmark run: created empty on the server of
// PG_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres), dropped at the end, also
// when the run fails or is interrupted.
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { Database } from '../../src/db/client.ts';
import * as schema from '../../src/db/schema.ts';
import { log } from './common.ts';

export interface FreshDatabase {
  name: string;
  url: string;
  /** drops the database (idempotent); `keep` leaves it for inspection */
  drop(opts?: { keep?: boolean }): Promise<void>;
}

export async function createFreshDatabase(prefix: string): Promise<FreshDatabase> {
  const adminUrl = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `${prefix}_${process.pid}`;
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await admin(`drop database if exists ${name} with (force)`);
  await admin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  const drop = async ({ keep = false } = {}) => {
    if (dropped) return;
    dropped = true;
    if (keep) {
      log(`kept database ${name}`);
      return;
    }
    await admin(`drop database if exists ${name} with (force)`);
  };
  // Ctrl-C or a kill: drop the database before leaving
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: dropping ${name}`);
      drop().finally(() => process.exit(130));
    });
  }
  return { name, url: url.toString(), drop };
}

/** The application's Drizzle database over a pg.Pool of `max` connections (the server's own has 10). */
export function openPool(url: string, max: number): { db: Database; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => {});
  return { db: drizzle({ client: pool, schema }) as unknown as Database, pool };
}
