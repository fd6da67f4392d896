import type { SQL } from 'drizzle-orm';
import type { Db } from './client.ts';

/** Runs raw SQL and returns its rows (both drivers answer `{ rows }`). */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * A PostgreSQL array literal, passed as ONE parameter (Drizzle would spread a JS array into a
 * list of parameters). Use as `${pgArray(ids)}::bigint[]`.
 */
export function pgArray(values: readonly (string | number)[]): string {
  return `{${values.map((v) => (typeof v === 'number' ? String(v) : `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
}

/**
 * Raw-SQL timestamps arrive as Date on PGlite and as the server's text on node-postgres: give
 * API clients one form (ISO 8601) whichever engine runs.
 */
export function isoDates<T extends Record<string, unknown>>(list: T[], keys: readonly string[]): T[] {
  for (const row of list) {
    for (const k of keys) {
      const v = row[k];
      if (v !== null && v !== undefined) (row as Record<string, unknown>)[k] = new Date(v as string | Date).toISOString();
    }
  }
  return list;
}

/** A LIKE pattern that matches `s` literally (its %, _ and \ escaped). */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** "Contains this fragment", case-insensitive (compare with lower(column)). */
export const containsPattern = (s: string) => `%${likeEscape(s.trim().toLowerCase())}%`;
