// CP-9: clone a campaign — the same settings and routing, its statuses, and optionally the same
// contact list — as a draft to be changed a little.
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { likeEscape, rows } from '../../db/query.ts';
import { campaignStatuses, campaigns, statuses } from '../../db/schema.ts';
import { AppError, invalid } from '../../shared/errors.ts';
import type { RetryRule } from '../statuses/types.ts';
import { checkCampaignName, getCampaign, lockCampaigns, nextCampaignId } from './repo.ts';

export interface CloneInput {
  id?: number;
  name?: string;
  withContacts: boolean;
}

export interface CloneResult {
  campaignId: number;
  copiedCases: number;
  /** contacts held by another campaign now (AS-1: one campaign at a time) */
  skippedInUse: number;
  /** contacts on the block list now (CT-7) */
  skippedBlocked: number;
}

/** "<name> (copy)", then "(copy 2)", "(copy 3)", … — the first one free, ignoring case. */
export async function copyName(db: Db, name: string): Promise<string> {
  const base = `${name} (copy`;
  const prefix = `${likeEscape(base.toLowerCase())}%`;
  const taken = new Set((await rows<{ n: string }>(db, sql`select lower(name) as n from campaigns where lower(name) like ${prefix}`)).map((r) => r.n));
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? `${base})` : `${base} ${i})`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

export async function cloneCampaign(db: Db, sourceId: number, input: CloneInput, ctx: { now: Date; userId: number | null }): Promise<CloneResult> {
  return db.transaction(async (tx) => {
    await lockCampaigns(tx);
    const src = await getCampaign(tx, sourceId);
    let name: string;
    if (input.name !== undefined) {
      name = input.name.trim();
      if (!name) throw invalid('name', 'A campaign needs a name');
      await checkCampaignName(tx, name);
    } else {
      name = await copyName(tx, src.name);
    }
    const id = input.id ?? (await nextCampaignId(tx));
    const { id: _id, name: _name, state: _state, clonedFrom: _from, createdAt: _c, updatedAt: _u, ...settings } = src;
    const [copy] = await tx
      .insert(campaigns)
      .values({ ...settings, id, name, state: 'draft', clonedFrom: src.id, createdAt: ctx.now, updatedAt: ctx.now })
      .onConflictDoNothing()
      .returning();
    if (!copy) throw new AppError('campaign_id_taken', `Campaign id ${id} is taken`, { field: 'id' });

    await tx.execute(sql`insert into campaign_agents (campaign_id, user_id) select ${id}, user_id from campaign_agents where campaign_id = ${src.id}`);
    await tx.execute(
      sql`insert into campaign_agent_groups (campaign_id, group_id) select ${id}, group_id from campaign_agent_groups where campaign_id = ${src.id}`,
    );

    // ST-4: dictionary statuses are shared; campaign-only ones belong to one campaign, so they are copied
    const links = await tx
      .select({ position: campaignStatuses.position, s: statuses })
      .from(campaignStatuses)
      .innerJoin(statuses, eq(statuses.id, campaignStatuses.statusId))
      .where(eq(campaignStatuses.campaignId, src.id))
      .orderBy(asc(campaignStatuses.position), asc(statuses.id));
    const newIds = new Map<number, number>();
    for (const { position, s } of links) {
      let statusId = s.id;
      if (s.campaignId === src.id) {
        const { id: oldId, ...rest } = s;
        const [made] = await tx
          .insert(statuses)
          .values({ ...rest, campaignId: id, createdAt: ctx.now, updatedAt: ctx.now })
          .returning({ id: statuses.id });
        newIds.set(oldId, made.id);
        statusId = made.id;
      }
      await tx.insert(campaignStatuses).values({ campaignId: id, statusId, position });
    }
    // the copy's retry rules must name the copy's statuses
    if (newIds.size) {
      const retryRules = (src.retryRules as RetryRule[]).map((r) =>
        r.when.statusIds ? { ...r, when: { ...r.when, statusIds: r.when.statusIds.map((s) => newIds.get(s) ?? s) } } : r,
      );
      await tx.update(campaigns).set({ retryRules }).where(eq(campaigns.id, id));
    }

    const result: CloneResult = { campaignId: id, copiedCases: 0, skippedInUse: 0, skippedBlocked: 0 };
    if (input.withContacts) Object.assign(result, await copyContacts(tx, src.id, id, ctx));
    return result;
  });
}

/**
 * The source's contacts become fresh cases of the copy, in the source's case order (AS-6),
 * except those another campaign holds now and those blocked. Locking the contacts and the
 * partial unique index on active cases settle races with assignments, as in assign-contacts.ts.
 */
async function copyContacts(tx: Db, fromId: number, toId: number, ctx: { now: Date; userId: number | null }) {
  const [r] = await rows<{ added: string; in_use: string; blocked: string; free: string }>(
    tx,
    sql`
    with src as (select contact_id, id as ord from cases where campaign_id = ${fromId}),
    locked as (
      select c.id, c.blocked, src.ord,
        exists (select 1 from cases a where a.contact_id = c.id and a.released_at is null and not a.inbound) as in_use
      from contacts c join src on src.contact_id = c.id
      for update of c),
    ins as (
      insert into cases (campaign_id, contact_id, created_by, created_at)
      select ${toId}, id, ${ctx.userId}, ${ctx.now} from locked
      where not in_use and not blocked order by ord
      on conflict do nothing
      returning 1)
    select
      (select count(*) from ins) as added,
      (select count(*) from locked where in_use) as in_use,
      (select count(*) from locked where not in_use and blocked) as blocked,
      (select count(*) from locked where not in_use and not blocked) as free`,
  );
  const added = Number(r.added);
  // a free contact not added lost a race to a concurrent assignment: it is in use now
  return { copiedCases: added, skippedInUse: Number(r.in_use) + Number(r.free) - added, skippedBlocked: Number(r.blocked) };
}
