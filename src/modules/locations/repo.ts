// CT-2: the hierarchical location dictionary, built from imported values. Choosing a parent
// narrows the children; a filter on a node matches the whole path exactly.
import { eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { locations } from '../../db/schema.ts';
import { notFound } from '../../shared/errors.ts';
import { rows } from '../../db/query.ts';

export const locationLevels = [
  { level: 1, column: 'region', key: 'region' },
  { level: 2, column: 'county', key: 'county' },
  { level: 3, column: 'commune', key: 'commune' },
  { level: 4, column: 'city', key: 'city' },
  { level: 5, column: 'street', key: 'street' },
  { level: 6, column: 'postal_code', key: 'postalCode' },
] as const;

export async function locationPath(db: Db, id: number): Promise<{ level: number; column: string; name: string }[]> {
  const r = await rows<{ level: number; name: string }>(
    db,
    sql`
    with recursive up as (
      select id, parent_id, level, name from locations where id = ${id}
      union all
      select l.id, l.parent_id, l.level, l.name from locations l join up on l.id = up.parent_id)
    select level, name from up order by level`,
  );
  if (r.length === 0) throw notFound('Location', 'locationId');
  return r.map((row) => ({ level: Number(row.level), name: row.name, column: locationLevels[Number(row.level) - 1].column }));
}

const collator = new Intl.Collator('pl');

export async function locationChildren(db: Db, parentId: number | null) {
  const children = await db
    .select({ id: locations.id, level: locations.level, name: locations.name })
    .from(locations)
    .where(parentId === null ? isNull(locations.parentId) : eq(locations.parentId, parentId))
    .limit(5000);
  // sorted here, not in SQL: the embedded engine collates bytewise, which puts Ł after Z
  return children.sort((a, b) => collator.compare(a.name, b.name));
}

/**
 * Adds every distinct location path of the given contacts (or all contacts of an import) to the
 * dictionary, level by level. Levels left empty are skipped: a city without a commune hangs
 * from the nearest filled parent.
 */
export async function buildLocationsFrom(db: Db, contactScope: ReturnType<typeof sql>) {
  // Walk down the levels; at each one, insert (parent, name) pairs seen in the scope.
  let parentExpr = sql`null::int`;
  const joins: ReturnType<typeof sql>[] = [];
  for (const { level, column } of locationLevels) {
    const col = sql.identifier(column);
    await db.execute(sql`
      insert into locations (level, parent_id, name)
      select distinct ${level}::smallint, ${parentExpr}, c.${col}
      from contacts c ${sql.join(joins, sql` `)}
      where ${contactScope} and nullif(trim(c.${col}), '') is not null
      on conflict do nothing`);
    const alias = sql.identifier(`l${level}`);
    joins.push(
      sql`left join locations ${alias} on ${alias}.level = ${level}::smallint and coalesce(${alias}.parent_id, 0) = coalesce(${parentExpr}, 0) and ${alias}.name = c.${col}`,
    );
    parentExpr = sql`coalesce(${alias}.id, ${parentExpr})`;
  }
}
