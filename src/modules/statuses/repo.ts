// ST-1..ST-4: the status dictionary and the statuses a campaign offers. Process statuses (PR)
// live in the same table (processes/repo.ts writes them); everything here reads both kinds.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rows } from '../../db/query.ts';
import { campaignStatuses, campaigns, statuses } from '../../db/schema.ts';
import { AppError, invalid, notFound } from '../../shared/errors.ts';
import { type DialOutcome, type Qualifier, qualifiers, type StatusRule, type SystemStatus, systemStatusQualifier } from './types.ts';

export type StatusRow = typeof statuses.$inferSelect;

const defaultNames: Record<string, { call: string; doNotCall: string }> = {
  en: { call: 'Call', doNotCall: 'Do not call' },
  pl: { call: 'Dzwonić', doNotCall: 'Nie dzwonić' },
  cs: { call: 'Volat', doNotCall: 'Nevolat' },
};

/** ST-1: "Call" and "Do not call" exist from the start, in the installation's language. */
export async function ensureDefaultStatuses(db: Db, language: string, now: Date) {
  const existing = await db
    .select({ id: statuses.id })
    .from(statuses)
    .where(and(isNull(statuses.processId), isNull(statuses.campaignId)))
    .limit(1);
  if (existing.length) return;
  const names = defaultNames[language] ?? defaultNames.en;
  await db.insert(statuses).values([
    { name: names.call, systemStatus: 'to_call', qualifier: 'call_again', autoAdd: true, color: '#16a34a', position: 1, createdAt: now, updatedAt: now },
    {
      name: names.doNotCall,
      systemStatus: 'do_not_call',
      qualifier: 'ending',
      autoAdd: true,
      color: '#dc2626',
      position: 2,
      createdAt: now,
      updatedAt: now,
    },
  ]);
}

export function toRule(row: Pick<StatusRow, 'id' | 'qualifier' | 'responsibleUserId' | 'callbackDelaySeconds' | 'callbackAt'>): StatusRule {
  return {
    id: row.id,
    qualifier: row.qualifier as Qualifier,
    responsibleUserId: row.responsibleUserId,
    callbackDelaySeconds: row.callbackDelaySeconds,
    callbackAt: row.callbackAt,
  };
}

/** ST-3 / QL-2: the agent picks the time only for "set by agent" qualifiers. */
export const agentPicksTime = (qualifier: string) => qualifier.endsWith('_agent');

export interface DictionaryInput {
  name: string;
  systemStatus: SystemStatus;
  autoOutcomes?: DialOutcome[];
  autoAdd?: boolean;
  hidden?: boolean;
  active?: boolean;
  color?: string;
}

function checkName(name: string) {
  if (!name.trim()) throw invalid('name', 'A status needs a name');
}

export async function listDictionary(db: Db) {
  return db
    .select()
    .from(statuses)
    .where(and(isNull(statuses.processId), isNull(statuses.campaignId)))
    .orderBy(asc(statuses.position), asc(statuses.id));
}

export async function getStatus(db: Db, id: number): Promise<StatusRow> {
  const [s] = await db.select().from(statuses).where(eq(statuses.id, id));
  if (!s) throw notFound('Status', 'statusId');
  return s;
}

async function nameTaken(db: Db, name: string, scope: { campaignId: number | null }, exceptId?: number) {
  const r = await rows<{ n: string }>(
    db,
    sql`select count(*) as n from statuses where process_id is null and deleted_at is null
      and ${scope.campaignId === null ? sql`campaign_id is null` : sql`campaign_id = ${scope.campaignId}`}
      and lower(trim(name)) = lower(trim(${name})) ${exceptId ? sql`and id <> ${exceptId}` : sql``}`,
  );
  return Number(r[0].n) > 0;
}

/** Creates a dictionary status (campaignId null) or a campaign-only one (ST-4). */
export async function createStatus(db: Db, input: DictionaryInput, ctx: { now: Date; campaignId: number | null }) {
  checkName(input.name);
  if (await nameTaken(db, input.name, { campaignId: ctx.campaignId }))
    throw new AppError('conflict', `A status named "${input.name}" exists`, { field: 'name' });
  const [{ max }] = await rows<{ max: number | null }>(db, sql`select max(position) as max from statuses where process_id is null`);
  const [row] = await db
    .insert(statuses)
    .values({
      name: input.name.trim(),
      systemStatus: input.systemStatus,
      qualifier: systemStatusQualifier[input.systemStatus],
      autoOutcomes: input.autoOutcomes ?? [],
      autoAdd: ctx.campaignId === null ? (input.autoAdd ?? false) : false,
      hidden: input.hidden ?? false,
      active: input.active ?? true,
      color: input.color ?? '#64748b',
      campaignId: ctx.campaignId,
      position: Number(max ?? 0) + 1,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  if (ctx.campaignId !== null) await db.insert(campaignStatuses).values({ campaignId: ctx.campaignId, statusId: row.id, position: row.position });
  return row;
}

export async function updateStatus(db: Db, id: number, input: Partial<DictionaryInput>, now: Date) {
  const before = await getStatus(db, id);
  if (before.processId !== null) throw new AppError('conflict', 'Process statuses are edited with their process', { field: 'statusId' });
  if (input.name !== undefined) {
    checkName(input.name);
    if (await nameTaken(db, input.name, { campaignId: before.campaignId }, id))
      throw new AppError('conflict', `A status named "${input.name}" exists`, { field: 'name' });
  }
  const [row] = await db
    .update(statuses)
    .set({
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(input.systemStatus && { systemStatus: input.systemStatus, qualifier: systemStatusQualifier[input.systemStatus] }),
      ...(input.autoOutcomes && { autoOutcomes: input.autoOutcomes }),
      ...(input.autoAdd !== undefined && before.campaignId === null && { autoAdd: input.autoAdd }),
      ...(input.hidden !== undefined && { hidden: input.hidden }),
      ...(input.active !== undefined && { active: input.active }),
      ...(input.color !== undefined && { color: input.color }),
      updatedAt: now,
    })
    .where(eq(statuses.id, id))
    .returning();
  return row;
}

/** A status cases still carry cannot be deleted; deactivate it instead. */
export async function deleteStatus(db: Db, id: number) {
  const s = await getStatus(db, id);
  if (s.processId !== null) throw new AppError('conflict', 'Process statuses are edited with their process', { field: 'statusId' });
  const used = await rows<{ n: string }>(db, sql`select count(*) as n from (select 1 from cases where status_id = ${id} limit 1) x`);
  if (Number(used[0].n) > 0) throw new AppError('status_in_use', 'Cases carry this status: deactivate it instead', { field: 'statusId' });
  await db.delete(statuses).where(eq(statuses.id, id));
}

/** ST-2 "add automatically to every new campaign". */
export async function autoAddStatuses(db: Db, campaignId: number) {
  await db.execute(sql`
    insert into campaign_statuses (campaign_id, status_id, position)
    select ${campaignId}, id, position from statuses
    where process_id is null and campaign_id is null and auto_add and active and deleted_at is null
    on conflict do nothing`);
}

export async function addDictionaryStatus(db: Db, campaignId: number, statusId: number) {
  const s = await getStatus(db, statusId);
  if (s.processId !== null || s.campaignId !== null) throw invalid('statusId', 'Only dictionary statuses can be added to a campaign');
  await db.insert(campaignStatuses).values({ campaignId, statusId, position: s.position }).onConflictDoNothing();
}

export async function removeCampaignStatus(db: Db, campaignId: number, statusId: number) {
  await db.delete(campaignStatuses).where(and(eq(campaignStatuses.campaignId, campaignId), eq(campaignStatuses.statusId, statusId)));
  // a campaign-only status exists only for its campaign
  await db.execute(sql`delete from statuses where id = ${statusId} and campaign_id = ${campaignId}
    and not exists (select 1 from cases where status_id = ${statusId})`);
}

/**
 * CP-10: the statuses that decide a campaign's results: its process's statuses, or the
 * dictionary and campaign-only statuses added to it.
 */
export async function campaignStatusRows(db: Db, campaignId: number, campaign?: { processId: number | null }): Promise<StatusRow[]> {
  const [c] = campaign ? [campaign] : await db.select({ processId: campaigns.processId }).from(campaigns).where(eq(campaigns.id, campaignId));
  if (!c) throw notFound('Campaign', 'campaignId');
  if (c.processId !== null) {
    return db
      .select()
      .from(statuses)
      .where(and(eq(statuses.processId, c.processId), isNull(statuses.deletedAt)))
      .orderBy(asc(statuses.position), asc(statuses.id));
  }
  const r = await db
    .select({ s: statuses })
    .from(campaignStatuses)
    .innerJoin(statuses, eq(statuses.id, campaignStatuses.statusId))
    .where(eq(campaignStatuses.campaignId, campaignId))
    .orderBy(asc(campaignStatuses.position), asc(statuses.id));
  return r.map((x) => x.s);
}

/** AG-1 / ST-4: what an agent may pick — active, not hidden, available to agents. */
export const agentSelectable = (s: StatusRow) => s.active && !s.hidden && s.availability === 'agents' && s.deletedAt === null;

export const isQualifier = (q: string): q is Qualifier => (qualifiers as readonly string[]).includes(q);
