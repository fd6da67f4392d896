// CP-1..CP-10, AS-7: campaigns, their routing (agents, groups), their state machine and readiness.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { containsPattern, rows } from '../../db/query.ts';
import { campaignAgentGroups, campaignAgents as campaignAgentsTable, campaignStatuses, campaigns, cases, processes } from '../../db/schema.ts';
import { AppError, invalid, notFound } from '../../shared/errors.ts';
import { releaseCases } from '../assignments/release-cases.ts';
import { agentSelectable, autoAddStatuses, campaignStatusRows, removeCampaignStatus } from '../statuses/repo.ts';
import type { RetryRule } from '../statuses/types.ts';
import { checkAgentIds } from './agent-groups.ts';
import {
  type Campaign,
  type CampaignInput,
  type CampaignPatch,
  type CampaignState,
  type CampaignValues,
  campaignValues,
  MAX_CAMPAIGN_ID,
  MIN_CAMPAIGN_ID,
} from './model.ts';

export { type Campaign, MAX_CAMPAIGN_ID, MIN_CAMPAIGN_ID } from './model.ts';

/**
 * Choosing an id or a name reads, then writes: one lock (per transaction) serialises the writers
 * so two of them cannot take the same id or name (names are unique by this check only).
 */
export async function lockCampaigns(db: Db) {
  await db.execute(sql`select pg_advisory_xact_lock(770001)`);
}

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

/** Names are unique ignoring case (CP-1). */
export async function checkCampaignName(db: Db, name: string, exceptId?: number) {
  const taken = await rows<{ id: number }>(
    db,
    sql`select id from campaigns where lower(name) = lower(${name}) ${exceptId === undefined ? sql`` : sql`and id <> ${exceptId}`} limit 1`,
  );
  if (taken.length) throw new AppError('conflict', `A campaign named "${name}" exists (${taken[0].id})`, { field: 'name' });
}

async function checkProcess(db: Db, processId: number) {
  const [p] = await db.select({ id: processes.id }).from(processes).where(eq(processes.id, processId));
  if (!p) throw invalid('processId', `Process ${processId} does not exist`);
}

async function checkGroupIds(db: Db, ids: number[]): Promise<number[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const found = new Set(
    (
      await rows<{ id: number }>(
        db,
        sql`select id from agent_groups where id in (${sql.join(
          unique.map((id) => sql`${id}`),
          sql`, `,
        )})`,
      )
    ).map((r) => r.id),
  );
  ids.forEach((id, i) => {
    if (!found.has(id)) throw invalid(`agentGroupIds[${i}]`, `Agent group ${id} does not exist`);
  });
  return unique;
}

async function setAgents(db: Db, campaignId: number, ids: number[]) {
  await db.delete(campaignAgentsTable).where(eq(campaignAgentsTable.campaignId, campaignId));
  if (ids.length) await db.insert(campaignAgentsTable).values(ids.map((userId) => ({ campaignId, userId })));
}

async function setGroups(db: Db, campaignId: number, ids: number[]) {
  await db.delete(campaignAgentGroups).where(eq(campaignAgentGroups.campaignId, campaignId));
  if (ids.length) await db.insert(campaignAgentGroups).values(ids.map((groupId) => ({ campaignId, groupId })));
}

/** CP-4: a rule may only name statuses the campaign offers (its process's or its own set). */
export async function checkRetryStatuses(db: Db, campaignId: number, rules: RetryRule[]) {
  if (!rules.some((r) => r.when.statusIds?.length)) return;
  const ids = new Set((await campaignStatusRows(db, campaignId)).map((s) => s.id));
  rules.forEach((r, i) => {
    r.when.statusIds?.forEach((id, j) => {
      if (!ids.has(id)) throw invalid(`retryRules[${i}].when.statusIds[${j}]`, `Status ${id} is not one of the campaign's statuses`);
    });
  });
}

export async function hasCases(db: Db, campaignId: number): Promise<boolean> {
  return (await rows(db, sql`select 1 from cases where campaign_id = ${campaignId} limit 1`)).length > 0;
}

export async function getCampaign(db: Db, id: number): Promise<Campaign> {
  const [c] = await db.select().from(campaigns).where(eq(campaigns.id, id));
  if (!c) throw notFound('Campaign', 'campaignId');
  return c;
}

async function getCampaignForUpdate(db: Db, id: number): Promise<Campaign> {
  const [c] = await db.select().from(campaigns).where(eq(campaigns.id, id)).for('update');
  if (!c) throw notFound('Campaign', 'campaignId');
  return c;
}

// ---- routing --------------------------------------------------------------------------------

/** Who works the campaign: its active agents, assigned directly or through a group, once each. */
export async function campaignAgents(db: Db, campaignId: number): Promise<number[]> {
  const r = await rows<{ id: number }>(
    db,
    sql`
    select u.id from users u
    where u.role = 'agent' and u.active and u.id in (
      select user_id from campaign_agents where campaign_id = ${campaignId}
      union
      select m.user_id from campaign_agent_groups g join agent_group_members m on m.group_id = g.group_id where g.campaign_id = ${campaignId})
    order by u.id`,
  );
  return r.map((x) => Number(x.id));
}

/** SQL: ids of the campaigns an agent is assigned to, directly or through a group (any state). */
export const agentCampaignIdsSql = (userId: number) => sql`
    select campaign_id from campaign_agents where user_id = ${userId}
    union
    select g.campaign_id from campaign_agent_groups g join agent_group_members m on m.group_id = g.group_id where m.user_id = ${userId}`;

export async function agentCampaignIds(db: Db, userId: number): Promise<number[]> {
  const r = await rows<{ campaign_id: number }>(db, sql`${agentCampaignIdsSql(userId)} order by 1`);
  return r.map((x) => Number(x.campaign_id));
}

// ---- readiness and state ----------------------------------------------------------------------

/** CP-9, CP-10: what keeps the campaign from running, in words for the manager. */
export async function readiness(db: Db, c: Campaign, now: Date): Promise<{ ok: boolean; problems: string[] }> {
  const problems: string[] = [];
  if (c.validTo && c.validTo <= now) problems.push(`The campaign expired on ${c.validTo.toISOString()}; move its end date`);
  if (c.processId !== null) {
    const [p] = await db.select({ id: processes.id }).from(processes).where(eq(processes.id, c.processId));
    if (!p) problems.push(`Its process ${c.processId} does not exist`);
  } else if (!(await campaignStatusRows(db, c.id)).some(agentSelectable)) {
    problems.push('No status an agent can set: add statuses from the dictionary or create them in the campaign');
  }
  // CB-1: a callback campaign is worked by the agents of its queue
  if (c.type !== 'callback' && (await campaignAgents(db, c.id)).length === 0) {
    problems.push('No agents: assign agents or an agent group with members');
  }
  return { ok: problems.length === 0, problems };
}

/** CP-9: the states each state may move to. */
export const transitions: Record<CampaignState, readonly CampaignState[]> = {
  draft: ['running'],
  running: ['paused', 'stopped', 'finished'],
  paused: ['running', 'stopped', 'finished'],
  stopped: ['finished'],
  finished: [],
};

const ended = (s: CampaignState) => s === 'stopped' || s === 'finished';

/**
 * CP-9 pause, resume, stop, finish. Running needs readiness; stopping or finishing returns the
 * campaign's contacts to the database (AS-7, CT-8) in the same transaction.
 */
export async function changeState(db: Db, id: number, to: CampaignState, now: Date): Promise<{ campaign: Campaign; released: number }> {
  return db.transaction(async (tx) => {
    const c = await getCampaignForUpdate(tx, id);
    if (!transitions[c.state].includes(to)) {
      const allowed = transitions[c.state];
      throw new AppError('invalid_transition', `A ${c.state} campaign cannot become ${to}${allowed.length ? ` (it can become ${allowed.join(', ')})` : ''}`, {
        field: 'state',
        details: { from: c.state, to, allowed },
      });
    }
    if (to === 'running') {
      const ready = await readiness(tx, c, now);
      if (!ready.ok) throw new AppError('campaign_not_ready', `The campaign cannot run: ${ready.problems.join('; ')}`, { field: 'state', details: ready });
    }
    const [updated] = await tx.update(campaigns).set({ state: to, updatedAt: now }).where(eq(campaigns.id, id)).returning();
    const released = ended(to) ? (await releaseCases(tx, id, { now })).released : 0;
    return { campaign: updated, released };
  });
}

// ---- create, update, delete -------------------------------------------------------------------

export async function createCampaign(db: Db, input: CampaignInput, now: Date, opts: { defaultCountry?: string } = {}): Promise<Campaign> {
  const { id: wantedId, agentIds, agentGroupIds, ...rest } = input;
  const values = campaignValues(rest, undefined, { defaultCountry: opts.defaultCountry ?? 'PL' });
  return db.transaction(async (tx) => {
    await lockCampaigns(tx);
    await checkCampaignName(tx, values.name as string);
    if (values.processId) await checkProcess(tx, values.processId);
    const agents = await checkAgentIds(tx, agentIds ?? [], 'agentIds');
    const groups = await checkGroupIds(tx, agentGroupIds ?? []);
    const id = wantedId ?? (await nextCampaignId(tx));
    const [c] = await tx
      .insert(campaigns)
      .values({ ...values, id, name: values.name as string, state: 'draft', createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning();
    if (!c) throw new AppError('campaign_id_taken', `Campaign id ${id} is taken`, { field: 'id' });
    // CP-10: a process brings its own statuses; otherwise ST-2 "add automatically"
    if (c.processId === null) await autoAddStatuses(tx, id);
    await setAgents(tx, id, agents);
    await setGroups(tx, id, groups);
    await checkRetryStatuses(tx, id, c.retryRules as RetryRule[]);
    return c;
  });
}

/**
 * CP-1: a new id for a campaign without cases. No foreign key cascades on update, so the row is
 * copied under the new id, everything that points at it is moved, and the old row goes.
 */
async function changeId(tx: Db, from: number, to: number) {
  if (to < MIN_CAMPAIGN_ID || to > MAX_CAMPAIGN_ID) throw invalid('id', `A campaign id has 5 digits (${MIN_CAMPAIGN_ID}–${MAX_CAMPAIGN_ID})`);
  if (await hasCases(tx, from)) throw new AppError('conflict', 'The id of a campaign with cases cannot change', { field: 'id' });
  const jobs = await rows(
    tx,
    sql`select 1 from jobs where kind = 'contacts.assign' and state in ('queued', 'running') and payload->'request'->>'campaignId' = ${String(from)} limit 1`,
  );
  if (jobs.length) throw new AppError('conflict', 'Contacts are being assigned to the campaign; change its id when that is done', { field: 'id' });
  const row = await getCampaign(tx, from);
  const [moved] = await tx
    .insert(campaigns)
    .values({ ...row, id: to })
    .onConflictDoNothing()
    .returning({ id: campaigns.id });
  if (!moved) throw new AppError('campaign_id_taken', `Campaign id ${to} is taken`, { field: 'id' });
  for (const table of ['campaign_agents', 'campaign_agent_groups', 'campaign_statuses', 'statuses', 'case_views', 'contact_events']) {
    await tx.execute(sql`update ${sql.identifier(table)} set campaign_id = ${to} where campaign_id = ${from}`);
  }
  await tx.execute(sql`update campaigns set cloned_from = ${to} where cloned_from = ${from}`);
  await tx.execute(sql`update agent_states set campaign_ids = array_replace(campaign_ids, ${from}::int, ${to}::int) where ${from}::int = any(campaign_ids)`);
  await tx.delete(campaigns).where(eq(campaigns.id, from));
}

/** Any input field, partially; returns the campaign's id (new when it changed). */
export async function updateCampaign(db: Db, id: number, patch: CampaignPatch, ctx: { now: Date; defaultCountry: string }): Promise<number> {
  const { id: newId, agentIds, agentGroupIds, state, ...rest } = patch;
  return db.transaction(async (tx) => {
    await lockCampaigns(tx);
    const before = await getCampaignForUpdate(tx, id);
    const values: CampaignValues = campaignValues(rest, before, ctx);
    if (values.name !== undefined) await checkCampaignName(tx, values.name, id);
    const processChanged = values.processId !== undefined && values.processId !== before.processId;
    if (processChanged) {
      // cases carry statuses of the current process or set
      if (await hasCases(tx, id)) throw new AppError('conflict', 'The process of a campaign with cases cannot change', { field: 'processId' });
      if (values.processId) await checkProcess(tx, values.processId);
    }
    const agents = agentIds && (await checkAgentIds(tx, agentIds, 'agentIds'));
    const groups = agentGroupIds && (await checkGroupIds(tx, agentGroupIds));
    let cid = id;
    if (newId !== undefined && newId !== id) {
      await changeId(tx, id, newId);
      cid = newId;
    }
    const [c] = await tx
      .update(campaigns)
      .set({ ...values, updatedAt: ctx.now })
      .where(eq(campaigns.id, cid))
      .returning();
    if (processChanged && c.processId === null) {
      const linked = await tx.select({ id: campaignStatuses.statusId }).from(campaignStatuses).where(eq(campaignStatuses.campaignId, cid)).limit(1);
      if (!linked.length) await autoAddStatuses(tx, cid);
    }
    if (agents) await setAgents(tx, cid, agents);
    if (groups) await setGroups(tx, cid, groups);
    if (values.retryRules !== undefined || processChanged) await checkRetryStatuses(tx, cid, c.retryRules as RetryRule[]);
    // the old PATCH {state}: the same transitions as POST /state; the current state is no change
    if (state !== undefined && state !== c.state) await changeState(tx, cid, state, ctx.now);
    return cid;
  });
}

/** Only a draft that never had cases can go; the rest are stopped or finished instead. */
export async function deleteCampaign(db: Db, id: number) {
  await db.transaction(async (tx) => {
    const c = await getCampaignForUpdate(tx, id);
    if (c.state !== 'draft') throw new AppError('conflict', `A ${c.state} campaign cannot be deleted; only drafts can`, { field: 'state' });
    if (await hasCases(tx, id)) throw new AppError('conflict', 'A campaign with cases cannot be deleted', { field: 'id' });
    await tx.delete(campaigns).where(eq(campaigns.id, id));
  });
}

// ---- campaign statuses (ST-4) -------------------------------------------------------------------

/** ST-4 edits the campaign's own set; a process campaign takes its statuses from the process. */
export async function dictionaryCampaign(db: Db, id: number): Promise<Campaign> {
  const c = await getCampaign(db, id);
  if (c.processId !== null) throw new AppError('conflict', `The campaign's statuses come from its process ${c.processId}`, { field: 'processId' });
  return c;
}

/** A status the retry rules name stays until the rules stop naming it. */
export async function removeStatusFromCampaign(db: Db, campaignId: number, statusId: number) {
  const c = await dictionaryCampaign(db, campaignId);
  const i = (c.retryRules as RetryRule[]).findIndex((r) => r.when.statusIds?.includes(statusId));
  if (i >= 0) throw new AppError('conflict', `Retry rule ${i + 1} uses this status; change the rule first`, { field: 'statusId' });
  const [linked] = await db
    .select({ id: campaignStatuses.statusId })
    .from(campaignStatuses)
    .where(and(eq(campaignStatuses.campaignId, campaignId), eq(campaignStatuses.statusId, statusId)));
  if (!linked) throw notFound('Status of the campaign', 'statusId');
  await removeCampaignStatus(db, campaignId, statusId);
}

// ---- reading ----------------------------------------------------------------------------------

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

/** CP-8: the list, with each campaign's counts from one grouped query. */
export async function listCampaigns(db: Db, nameFragment?: string) {
  const like = nameFragment?.trim() ? containsPattern(nameFragment) : undefined;
  const counts = db
    .select({
      campaignId: cases.campaignId,
      total: sql<number>`count(*)`.as('total'),
      unused: sql<number>`count(*) filter (where ${cases.releasedAt} is null and ${cases.closedAt} is null)`.as('unused'),
    })
    .from(cases)
    .groupBy(cases.campaignId)
    .as('k');
  return db
    .select({
      id: campaigns.id,
      name: campaigns.name,
      type: campaigns.type,
      state: campaigns.state,
      mode: campaigns.mode,
      processId: campaigns.processId,
      sortOrder: campaigns.sortOrder,
      parity: campaigns.parity,
      validFrom: campaigns.validFrom,
      validTo: campaigns.validTo,
      createdAt: campaigns.createdAt,
      total: sql`coalesce(${counts.total}, 0)`.mapWith(Number),
      unused: sql`coalesce(${counts.unused}, 0)`.mapWith(Number),
    })
    .from(campaigns)
    .leftJoin(counts, eq(counts.campaignId, campaigns.id))
    .where(like ? sql`lower(${campaigns.name}) like ${like}` : undefined)
    .orderBy(sql`lower(${campaigns.name})`, asc(campaigns.id));
}

/** Everything the detail page shows: settings, routing, counts and readiness. */
export async function campaignDetail(db: Db, id: number, now: Date) {
  const c = await getCampaign(db, id);
  const agentIds = (
    await db
      .select({ id: campaignAgentsTable.userId })
      .from(campaignAgentsTable)
      .where(eq(campaignAgentsTable.campaignId, id))
      .orderBy(asc(campaignAgentsTable.userId))
  ).map((r) => r.id);
  const agentGroupIds = (
    await db
      .select({ id: campaignAgentGroups.groupId })
      .from(campaignAgentGroups)
      .where(eq(campaignAgentGroups.campaignId, id))
      .orderBy(asc(campaignAgentGroups.groupId))
  ).map((r) => r.id);
  return { ...c, agentIds, agentGroupIds, ...(await campaignCounts(db, id)), ready: await readiness(db, c, now) };
}
