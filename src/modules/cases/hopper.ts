// Choosing the next case for an agent (and later the dialer). No staging table that can run
// dry: each tier is one UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED LIMIT 1) on a small
// partial index that holds only offerable rows; a claimed row leaves those indexes at once.
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { mapRow, rows } from '../../db/query.ts';
import { cases } from '../../db/schema.ts';
import type { Campaign } from '../campaigns/repo.ts';
import { withinWeeklyHours, type WeeklyHours } from '../campaigns/hours.ts';
import type { CaseRow } from './transition.ts';

export interface ClaimOptions {
  agentId: number;
  now: Date;
  /** how long a claimed case stays with its agent without a result */
  leaseMinutes: number;
  /** a further condition over the case `k` (the dialer's abandon lockout) */
  exclude?: SQL;
}

export type Tier = 'own_callback' | 'progressive' | 'overdue_private' | 'callback' | 'fresh' | 'retry' | 'end_of_queue';
export const tiers: Tier[] = ['own_callback', 'progressive', 'overdue_private', 'callback', 'fresh', 'retry', 'end_of_queue'];

/** The campaign can hand out cases now: running, within its dates and its working hours. */
export function campaignOpen(c: Pick<Campaign, 'state' | 'validFrom' | 'validTo' | 'workingHours' | 'timeZone'>, now: Date): boolean {
  if (c.state !== 'running') return false;
  if (c.validFrom && now < c.validFrom) return false;
  if (c.validTo && now >= c.validTo) return false;
  return withinWeeklyHours(c.workingHours as WeeklyHours, c.timeZone, now);
}

/** Unclaimed, still assigned and dialable, over the case `k`: the hopper indexes' own condition, so every claim and probe can use them. */
export const inHopper = sql`k.locked_by is null and k.released_at is null and not k.undialable`;

/** The number the campaign dials (CP-7), as SQL over the contact `ct`. */
export const dialedPhone = (c: Pick<Campaign, 'phoneColumn'>) => (c.phoneColumn === 'phone2' ? sql`ct.phone2` : sql`ct.phone1`);

/**
 * Conditions every offered case meets, over the case `k`: the contact is not blocked, its
 * number is not on the block list, it has a number to dial, and its local time is inside the
 * campaign's permitted window (time zone stored on the case at assignment).
 */
export function offerable(c: Pick<Campaign, 'phoneColumn' | 'localWindow' | 'timeZone'>, now: Date): SQL {
  const phone = dialedPhone(c);
  return sql`exists (select 1 from contacts ct where ct.id = k.contact_id and not ct.blocked and ${phone} is not null
      and not exists (select 1 from blocked_numbers b where b.phone = ${phone}))
    and ${insideLocalWindow(c, now)}`;
}

/**
 * The contact's local time (zone stored on the case `k`) is inside the campaign's window; a
 * window whose start is after its end runs over midnight (22:00–06:00), as `withinLocalWindow`.
 */
export function insideLocalWindow(c: Pick<Campaign, 'localWindow' | 'timeZone'>, now: Date): SQL {
  return windowOpenIn(c, now, sql`coalesce(k.tz, ${c.timeZone})`);
}

function windowOpenIn(c: Pick<Campaign, 'localWindow'>, now: Date, zone: SQL): SQL {
  const local = sql`(${now}::timestamptz at time zone ${zone})::time`;
  const { start, end } = c.localWindow;
  const endTime = end === '24:00' ? '24:00:00' : end;
  return start < end ? sql`(${local} >= ${start}::time and ${local} < ${endTime}::time)` : sql`(${local} >= ${start}::time or ${local} < ${endTime}::time)`;
}

/**
 * The case's zone is one of the campaign's zones (case_zones) whose window is open now. The same
 * test as `insideLocalWindow`, but on the last key of the fresh and retry indexes: a claim skips
 * the contacts of a closed zone inside the index, where it used to visit every one of them at the
 * head of the queue on every claim (2 % of contacts in New York: 1 267 rows a claim by 11:00).
 */
export function zoneOpen(c: Pick<Campaign, 'id' | 'localWindow' | 'timeZone'>, now: Date): SQL {
  return sql`coalesce(k.tz, '') = any(array(select z.tz from case_zones z where z.campaign_id = ${c.id}
    and ${windowOpenIn(c, now, sql`coalesce(nullif(z.tz, ''), ${c.timeZone})`)}))`;
}

/** Each tier: which rows (over the case `k`) and in which order. */
function tierQuery(tier: Tier, c: Campaign, opts: ClaimOptions): { where: SQL; order: SQL } {
  const { agentId, now } = opts;
  const grace = new Date(now.getTime() - c.callbackGraceMinutes * 60_000);
  const byTime = sql`k.callable_at, k.id`;
  switch (tier) {
    case 'own_callback':
      return { where: sql`k.queue = 'callback' and k.owner_id = ${agentId} and k.callable_at <= ${now}`, order: byTime };
    case 'progressive':
      return { where: sql`k.queue = 'progressive' and k.callable_at <= ${now}`, order: byTime };
    case 'overdue_private':
      return { where: sql`k.queue = 'callback' and k.owner_id is not null and k.owner_id <> ${agentId} and k.callable_at <= ${grace}`, order: byTime };
    case 'callback':
      return { where: sql`k.queue = 'callback' and k.owner_id is null and k.callable_at <= ${now}`, order: byTime };
    // "nulls last" as in the hopper indexes (priority is never null): without it the order does
    // not match the index and every claim sorts the whole queue
    case 'fresh':
      return { where: sql`k.queue = 'fresh' and ${zoneOpen(c, now)}`, order: sql`k.priority desc nulls last, k.id` };
    case 'retry':
      return {
        where: sql`k.queue = 'retry' and (k.callable_at is null or k.callable_at <= ${now}) and ${zoneOpen(c, now)}`,
        order: sql`k.priority desc nulls last, k.last_attempt_at, k.id`,
      };
    case 'end_of_queue':
      return { where: sql`k.queue = 'end_of_queue' and k.callable_at <= ${now}`, order: byTime };
  }
}

/** Up to `limit` offerable cases of one tier, in the tier's order, locked against the other claims: the claim's subquery. */
function offerableIds(tier: Tier, c: Campaign, opts: ClaimOptions, limit: number): SQL {
  const { where, order } = tierQuery(tier, c, opts);
  return sql`select k.id from cases k
        where k.campaign_id = ${c.id} and ${inHopper} and ${where} and ${offerable(c, opts.now)}
          ${opts.exclude ? sql`and not (${opts.exclude})` : sql``}
        order by ${order} limit ${sql.raw(String(Math.trunc(limit)))} for update skip locked`;
}
const leaseEnd = (opts: ClaimOptions) => new Date(opts.now.getTime() + opts.leaseMinutes * 60_000);

/** Claims the first offerable case of one tier, or nothing. One statement: safe on PGlite and under concurrency. */
export async function claimFromTier(db: Db, tier: Tier, c: Campaign, opts: ClaimOptions): Promise<number | null> {
  const r = await rows<{ id: string }>(
    db,
    sql`update cases set locked_by = ${opts.agentId}, locked_until = ${leaseEnd(opts)} where id = (${offerableIds(tier, c, opts, 1)}) returning id`,
  );
  return r[0] ? Number(r[0].id) : null;
}

/** A claimed case as the claim left it, and the xmin of that row version (a later write can check nobody changed it since). */
export interface ClaimedCase {
  row: CaseRow;
  xmin: string;
}

/**
 * One tier's claim as a statement: up to `limit` cases updated and returned (`returning *`, with
 * the row version's xmin as claim_xmin), for a caller that builds on them in the same statement.
 */
export function claimTierSql(tier: Tier, c: Campaign, opts: ClaimOptions, limit: number): SQL {
  return sql`update cases set locked_by = ${opts.agentId}, locked_until = ${leaseEnd(opts)}
      where id in (${offerableIds(tier, c, opts, limit)}) returning *, xmin::text as claim_xmin`;
}

/** A row `claimTierSql` returned. */
export const claimedCase = (raw: Record<string, unknown>): ClaimedCase => ({ row: mapRow(cases, raw), xmin: raw.claim_xmin as string });

/** Tier by tier in hopper order until `count` are claimed; `claimTier` claims up to `limit` of one tier. */
export async function claimTiers<T>(
  c: Campaign,
  count: number,
  tierList: Tier[],
  now: Date,
  claimTier: (tier: Tier, limit: number) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  if (!campaignOpen(c, now)) return out;
  for (const tier of tierList) {
    if (out.length >= count) break;
    out.push(...(await claimTier(tier, count - out.length)));
  }
  return out;
}

/**
 * CP-1 order and parity: campaigns by order; among equal order, the one furthest below its
 * parity share of the last hour's calls goes first.
 */
export async function orderCampaigns(db: Db, list: Campaign[], now: Date): Promise<Campaign[]> {
  if (list.length < 2) return list;
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const ids = list.map((c) => c.id);
  const counts = new Map(
    (
      await rows<{ campaign_id: number; n: number }>(
        db,
        sql`select campaign_id, count(*)::int as n from attempts where campaign_id in (${sql.join(
          ids.map((i) => sql`${i}`),
          sql`, `,
        )}) and ended_at > ${hourAgo} group by 1`,
      )
    ).map((r) => [r.campaign_id, r.n]),
  );
  return [...list].sort((a, b) => a.sortOrder - b.sortOrder || (counts.get(a.id) ?? 0) / a.parity - (counts.get(b.id) ?? 0) / b.parity || a.id - b.id);
}

/** The tiers kept in the small timed index (callbacks, progressive, end of queue): often all empty. */
const timedTiers: Tier[] = ['own_callback', 'progressive', 'overdue_private', 'callback', 'end_of_queue'];

/**
 * The timed tiers holding a due, unclaimed case (offerable or not), in one cheap statement: a
 * tier without one would return nothing, so its claim statement (and its planning) is skipped.
 */
async function dueTimedTiers(db: Db, c: Campaign, opts: ClaimOptions): Promise<Set<Tier>> {
  const probes = timedTiers.map(
    (tier) =>
      sql`select ${tier}::text as tier where exists (select 1 from cases k
        where k.campaign_id = ${c.id} and ${inHopper} and ${tierQuery(tier, c, opts).where})`,
  );
  return new Set((await rows<{ tier: Tier }>(db, sql.join(probes, sql` union all `))).map((r) => r.tier));
}

/** The next case for an agent across the given campaigns, or null; the agent's own due callbacks come first everywhere. */
export async function claimNext(db: Db, campaignsInOrder: Campaign[], opts: ClaimOptions): Promise<{ caseId: number; campaignId: number; tier: Tier } | null> {
  const open = campaignsInOrder.filter((c) => campaignOpen(c, opts.now));
  const due = new Map<number, Set<Tier>>();
  for (const c of open) due.set(c.id, await dueTimedTiers(db, c, opts));
  const worthClaiming = (c: Campaign, tier: Tier) => !timedTiers.includes(tier) || due.get(c.id)?.has(tier);
  for (const c of open) {
    if (!worthClaiming(c, 'own_callback')) continue;
    const id = await claimFromTier(db, 'own_callback', c, opts);
    if (id) return { caseId: id, campaignId: c.id, tier: 'own_callback' };
  }
  for (const c of open) {
    for (const tier of tiers) {
      if (tier === 'own_callback' || !worthClaiming(c, tier)) continue;
      const id = await claimFromTier(db, tier, c, opts);
      if (id) return { caseId: id, campaignId: c.id, tier };
    }
  }
  return null;
}

const lastSweep = new WeakMap<object, number>();

/** The sweep below, at most once a minute per database: leases last many minutes, claims come often. */
export async function sweepExpiredLeases(db: Db, now: Date): Promise<number> {
  const last = lastSweep.get(db);
  if (last !== undefined && now.getTime() >= last && now.getTime() - last < 60_000) return 0;
  lastSweep.set(db, now.getTime());
  return releaseExpiredLeases(db, now);
}

/** Cases whose agent vanished go back to the hopper when their lease ends. */
export async function releaseExpiredLeases(db: Db, now: Date): Promise<number> {
  const r = await rows<{ n: number }>(
    db,
    sql`with x as (update cases set locked_by = null, locked_until = null where locked_by is not null and locked_until < ${now} returning 1) select count(*)::int as n from x`,
  );
  return r[0].n;
}
