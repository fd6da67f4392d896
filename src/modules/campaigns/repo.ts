// The minimal campaign of the foundation: 5-digit id, name, type, state (the campaigns issue completes it).
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { campaigns } from '../../db/schema.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { rows } from '../../db/query.ts';

export type Campaign = typeof campaigns.$inferSelect;
export const MIN_CAMPAIGN_ID = 10000;
export const MAX_CAMPAIGN_ID = 99999;

/** CP-1: the next free 5-digit id (the lowest gap from 10000 up). */
export async function nextCampaignId(db: Db): Promise<number> {
  const r = await rows<{ id: number | null }>(
    db,
    sql`
    select min(candidate) as id from (
      select ${MIN_CAMPAIGN_ID}::int as candidate union all select id + 1 from campaigns where id < ${MAX_CAMPAIGN_ID}) c
    where not exists (select 1 from campaigns where id = c.candidate)`,
  );
  const id = r[0]?.id;
  if (id === null || id === undefined) throw new AppError('conflict', 'All 5-digit campaign ids are taken', { field: 'id' });
  return Number(id);
}

export async function createCampaign(db: Db, input: { id?: number; name: string; type?: Campaign['type'] }, now: Date): Promise<Campaign> {
  const id = input.id ?? (await nextCampaignId(db));
  const [c] = await db
    .insert(campaigns)
    .values({ id, name: input.name, type: input.type ?? 'outbound', createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning();
  if (!c) throw new AppError('campaign_id_taken', `Campaign id ${id} is taken`, { field: 'id' });
  return c;
}

export async function getCampaign(db: Db, id: number): Promise<Campaign> {
  const [c] = await db.select().from(campaigns).where(eq(campaigns.id, id));
  if (!c) throw notFound('Campaign', 'campaignId');
  return c;
}

export async function listCampaigns(db: Db, nameFragment?: string) {
  const like = nameFragment?.trim()
    ? `%${nameFragment
        .trim()
        .toLowerCase()
        .replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    : undefined;
  return db
    .select()
    .from(campaigns)
    .where(like ? sql`lower(name) like ${like}` : undefined)
    .orderBy(asc(campaigns.name));
}

/** AS-2: all contacts ever assigned, and those in cases that are not finished. */
export async function campaignCounts(db: Db, id: number) {
  const r = await rows<{ total: string; unused: string }>(
    db,
    sql`
    select count(*) as total, count(*) filter (where released_at is null and closed_at is null) as unused
    from cases where campaign_id = ${id}`,
  );
  return { total: Number(r[0].total), unused: Number(r[0].unused) };
}
