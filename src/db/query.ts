import { getTableColumns, type InferSelectModel, type SQL, type Table } from 'drizzle-orm';
import type { Db } from './client.ts';

/** Runs raw SQL and returns its rows (both drivers answer `{ rows }`). */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

const columnLists = new WeakMap<Table, [key: string, name: string, column: ReturnType<typeof getTableColumns>[string]][]>();

/**
 * A row of `table` as raw SQL returns it (`returning *`, column names), mapped to the table's
 * model as Drizzle maps its own selects (dates, bigints, JSON) — without its query builder, whose
 * per-field checks were a visible cost on the dialer's hottest statements.
 */
export function mapRow<T extends Table>(table: T, raw: Record<string, unknown>): InferSelectModel<T> {
  let columns = columnLists.get(table);
  if (!columns) {
    columns = Object.entries(getTableColumns(table)).map(([key, column]) => [key, column.name, column]);
    columnLists.set(table, columns);
  }
  const out: Record<string, unknown> = {};
  for (const [key, name, column] of columns) {
    const value = raw[name];
    out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return out as InferSelectModel<T>;
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
