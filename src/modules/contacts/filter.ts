// CT-5 filters as SQL. Each condition matches an index in the schema: trigram for fragments,
// btree for exact values and phone prefixes, a partial index for "only free".
import { type SQL, and, sql } from 'drizzle-orm';
import { Type, type Static } from 'typebox';
import type { Db } from '../../db/client.ts';
import { containsPattern, likeEscape, pgArray } from '../../db/query.ts';
import { locationPath } from '../locations/repo.ts';
import { phonePrefixes } from './phone.ts';
import { effectiveLastUsed, isFree } from './usage.ts';

export const ContactFilter = Type.Object(
  {
    importGroupId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'import group' })),
    name: Type.Optional(Type.String({ maxLength: 200, description: 'fragment of name, first or last name' })),
    region: Type.Optional(Type.String({ maxLength: 200, description: 'exact region' })),
    street: Type.Optional(Type.String({ maxLength: 200, description: 'fragment of the address (street)' })),
    city: Type.Optional(Type.String({ maxLength: 200, description: 'exact city' })),
    postalCode: Type.Optional(Type.String({ maxLength: 20, description: 'fragment of the postal code' })),
    phone: Type.Optional(Type.String({ maxLength: 30, description: 'beginning of phone 1' })),
    locationId: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'a node of the location dictionary; matches it and its parents exactly' }),
    ),
    leastRecentlyUsed: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'only the N contacts with the oldest last-used date' })),
    onlyFree: Type.Optional(Type.Boolean({ description: 'only contacts not in a campaign now (default true; administrators may switch it off)' })),
    blocked: Type.Optional(Type.Union([Type.Literal('include'), Type.Literal('exclude'), Type.Literal('only')])),
    ids: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), { maxItems: 100_000, description: 'a selection of contact ids' }),
    ),
  },
  { additionalProperties: false },
);
export type ContactFilter = Static<typeof ContactFilter>;

const fragment = containsPattern;

export const nameExpr = sql`lower(coalesce(name, '') || ' ' || coalesce(first_name, '') || ' ' || coalesce(last_name, ''))`;
/** The database view's sort (CT-6, AS-6): address, then city, then id. */
export const defaultOrder = sql`coalesce(street, ''), coalesce(city, ''), id`;

/** The WHERE clause for a filter, over the `contacts` table. */
export async function contactWhere(db: Db, f: ContactFilter, defaultCountry: string): Promise<SQL> {
  const conds: SQL[] = [];
  if (f.ids) conds.push(f.ids.length ? sql`id in (select unnest(${pgArray(f.ids)}::bigint[]))` : sql`false`);
  if (f.importGroupId) conds.push(sql`import_group_id = ${f.importGroupId}`);
  if (f.name?.trim()) conds.push(sql`${nameExpr} like ${fragment(f.name)}`);
  if (f.region?.trim()) conds.push(sql`region = ${f.region.trim()}`);
  if (f.street?.trim()) conds.push(sql`lower(coalesce(street, '')) like ${fragment(f.street)}`);
  if (f.city?.trim()) conds.push(sql`city = ${f.city.trim()}`);
  if (f.postalCode?.trim()) conds.push(sql`coalesce(postal_code, '') like ${`%${likeEscape(f.postalCode.trim())}%`}`);
  if (f.phone?.trim()) {
    const prefixes = phonePrefixes(f.phone, defaultCountry);
    conds.push(
      prefixes.length
        ? sql`(${sql.join(
            prefixes.map((p) => sql`phone1 like ${`${likeEscape(p)}%`}`),
            sql` or `,
          )})`
        : sql`false`,
    );
  }
  if (f.locationId) {
    const path = await locationPath(db, f.locationId);
    for (const { column, name } of path) conds.push(sql`${sql.identifier(column)} = ${name}`);
  }
  if (f.onlyFree !== false) conds.push(isFree);
  if (f.blocked === 'exclude') conds.push(sql`not blocked`);
  if (f.blocked === 'only') conds.push(sql`blocked`);
  const where = conds.length ? (and(...conds) as SQL) : sql`true`;
  if (!f.leastRecentlyUsed) return where;
  // CT-5 "least recently used N": the N matching contacts with the oldest last-used date.
  // a free contact has no active case, so its stored date is its last use (and indexed)
  const lastUsed = f.onlyFree === false ? effectiveLastUsed : sql`last_used_at`;
  return sql`id in (select id from contacts where ${where} order by ${lastUsed} asc nulls first, id limit ${f.leastRecentlyUsed})`;
}
