import { type QueryOptions, types } from '@electric-sql/pglite';
import { DrizzleQueryError, getTableColumns, type InferSelectModel, Param, Placeholder, SQL, StringChunk, type Table } from 'drizzle-orm';
import { PgliteSession } from 'drizzle-orm/pglite';
import type { Db } from './client.ts';

/** Runs raw SQL and returns its rows (both drivers answer `{ rows }`). */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const session = (db as unknown as { session?: unknown }).session;
  if (session instanceof PgliteSession) {
    const compiled = compile(query);
    // what Drizzle's own execute gives on PGlite: dates and intervals as text
    if (compiled) {
      try {
        return (await (session as unknown as { client: PGliteQuerying }).client.query<T>(compiled.text, compiled.params, pgliteRaw)).rows;
      } catch (err) {
        throw new DrizzleQueryError(compiled.text, compiled.params, err as Error); // as Drizzle's execute throws it
      }
    }
  }
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

type PGliteQuerying = { query<T>(text: string, params: unknown[], options: QueryOptions): Promise<{ rows: T[] }> };
const asText = (value: string) => value;
/** the parsers Drizzle's PGlite driver passes for raw SQL */
const pgliteRaw: QueryOptions = {
  rowMode: 'object',
  parsers: Object.fromEntries([types.TIMESTAMP, types.TIMESTAMPTZ, types.INTERVAL, types.DATE, 1231, 1115, 1185, 1187, 1182].map((oid) => [oid, asText])),
};

/**
 * Raw SQL of strings, values, arrays and nested SQL, as text and parameters — what Drizzle's
 * dialect makes of it, without its per-chunk type checks (a visible cost on a statement-heavy
 * day). Anything else (tables, columns, names, placeholders, inlined SQL) returns undefined and
 * Drizzle builds the statement itself.
 *
 * The text is looked up, not rebuilt: the walk steps through a tree keyed by the statement's own
 * pieces (template strings, whose hashes V8 keeps) and parameter slots, and the node it ends on
 * holds the text made the first time. The same statement thus comes back as the same string,
 * which the prepared-statement cache finds at once; a freshly joined 2 KB text was hashed and
 * compared whole on every lookup (1.5 % of a simulated day).
 */
export function compile(query: SQL): { text: string; params: unknown[] } | undefined {
  const params: unknown[] = [];
  const path: unknown[] = []; // the keys stepped through: the text, when the end node has none yet
  let node = shapes;
  const step = (key: unknown) => {
    path.push(key);
    let next = node.next.get(key);
    if (!next) {
      if (++shapeCount > MAX_SHAPES) forgetShapes();
      next = { next: new Map() };
      node.next.set(key, next);
    }
    node = next;
  };
  const walk = (chunks: readonly unknown[]): boolean => {
    for (const chunk of chunks) {
      if (chunk instanceof StringChunk) {
        const v = chunk.value;
        const piece = v.length === 1 ? v[0] : v.join('');
        if (piece !== '') step(piece);
      } else if (chunk instanceof SQL) {
        if ((chunk as unknown as { shouldInlineParams: boolean }).shouldInlineParams || !walk(chunk.queryChunks)) return false;
      } else if (chunk === undefined) continue;
      else if (Array.isArray(chunk)) {
        step(OPEN);
        for (let i = 0; i < chunk.length; i++) {
          if (i > 0) step(COMMA);
          if (!walk([chunk[i]])) return false;
        }
        step(CLOSE);
      } else if (chunk instanceof Param) {
        if (chunk.value instanceof Placeholder) return false;
        const value = chunk.value === null ? null : chunk.encoder.mapToDriverValue(chunk.value);
        if (value instanceof SQL) {
          if (!walk([value])) return false;
        } else {
          params.push(value);
          step(PARAM);
        }
      } else if (chunk === null || typeof chunk !== 'object' || chunk instanceof Date) {
        params.push(chunk);
        step(PARAM);
      } else return false;
    }
    return true;
  };
  if (!walk(query.queryChunks)) return undefined;
  if (node.text === undefined) {
    let n = 0;
    node.text = path.map((key) => (key === PARAM ? `$${++n}` : (punctuation.get(key) ?? key))).join('');
  }
  return { text: node.text, params };
}

interface Shape {
  next: Map<unknown, Shape>;
  /** the text of the statements that end here */
  text?: string;
}
const OPEN = Symbol('(');
const COMMA = Symbol(',');
const CLOSE = Symbol(')');
const PARAM = Symbol('$n');
/** how an array's keys read in the text (an array of values is a parenthesised list) */
const punctuation = new Map<unknown, string>([
  [OPEN, '('],
  [COMMA, ', '],
  [CLOSE, ')'],
]);
/** a bound on the tree (statements with changing literal text would grow it without end) */
const MAX_SHAPES = 50_000;
let shapes: Shape = { next: new Map() };
let shapeCount = 0;
function forgetShapes() {
  shapes = { next: new Map() };
  shapeCount = 0;
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
