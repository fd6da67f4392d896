// Inbound queues: the number callers dial, the agents (one by one and by group) who answer it,
// what a missed caller gets (nothing, a callback in a callback campaign, or a ticket — CB-2,
// CB-5) and, for the simulated network, how callers arrive.
import { eq, sql } from 'drizzle-orm';
import { type Static, Type } from 'typebox';
import type { Db } from '../../db/client.ts';
import { rows } from '../../db/query.ts';
import { type ArrivalProfile, campaigns, inboundQueueAgents, inboundQueueGroups, inboundQueues } from '../../db/schema.ts';
import { DateTime, INT4_MAX, OneOf } from '../../http.ts';
import { AppError, invalid, notFound } from '../../shared/errors.ts';
import { checkAgentIds } from '../campaigns/agent-groups.ts';
import { normalizePhone } from '../contacts/phone.ts';

export type InboundQueue = typeof inboundQueues.$inferSelect;
export const callbackModes = ['none', 'campaign', 'ticket'] as const;
export const DEFAULT_TICKET_SUBJECT = 'Missed call from number %number%';

const Id = () => Type.Integer({ minimum: 1, maximum: INT4_MAX });
const IntOrNull = (opts: { minimum: number; maximum: number; description?: string }) => Type.Unsafe<number | null>({ type: ['integer', 'null'], ...opts });
const StringOrNull = (opts: { pattern?: string; maxLength: number; description?: string }) => Type.Unsafe<string | null>({ type: ['string', 'null'], ...opts });

export const ArrivalProfileSchema = Type.Object(
  {
    callsPerHour: Type.Number({ minimum: 0, maximum: 10_000, description: 'simulated network: callers per hour (0 = none)' }),
    patienceSeconds: Type.Number({ minimum: 1, maximum: 3600, description: 'mean wait before a caller hangs up' }),
    keyPressShare: Type.Number({ minimum: 0, maximum: 1, description: 'share of callers who press the callback key' }),
    talkSeconds: Type.Number({ minimum: 1, maximum: 7200, description: 'mean talk time once answered' }),
  },
  { additionalProperties: false },
);
const _same: ArrivalProfile = {} as Static<typeof ArrivalProfileSchema>;

const settings = {
  number: Type.String({ minLength: 1, maxLength: 50, description: 'the number callers dial' }),
  agentIds: Type.Array(Id(), { maxItems: 10_000, description: 'member agents (replaces the set)' }),
  agentGroupIds: Type.Array(Id(), { maxItems: 1000, description: 'member agent groups (replaces the set)' }),
  callbackMode: OneOf(callbackModes, { description: 'what a missed caller gets: nothing, a callback in the callback campaign, or a ticket' }),
  callbackCampaignId: IntOrNull({ minimum: 10000, maximum: 99999, description: "a campaign of type 'callback'" }),
  ticketSubject: Type.String({ minLength: 1, maxLength: 200, description: 'CB-5: %number% is the caller' }),
  triggerKey: StringOrNull({ pattern: '^[0-9]$', maxLength: 1, description: 'CB-2: the key ordering a callback; null = none' }),
  triggerMessage: StringOrNull({ maxLength: 500, description: 'played after the key press; null = none' }),
  hangupAfterSeconds: IntOrNull({ minimum: 1, maximum: 3600, description: 'CB-2: hanging up after this long in the queue orders a callback; null = never' }),
  arrivals: ArrivalProfileSchema,
};
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Optional = Type.Partial(Type.Object(settings));
export const QueueInput = Type.Object({ ...Optional.properties, name: Name, number: settings.number }, { additionalProperties: false });
export type QueueInput = Static<typeof QueueInput>;
export const QueuePatch = Type.Object({ ...Optional.properties, name: Type.Optional(Name) }, { additionalProperties: false });
export type QueuePatch = Static<typeof QueuePatch>;

export const QueueOut = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  ...settings,
  callbackCampaignId: Type.Union([Type.Integer(), Type.Null()]),
  triggerKey: Type.Union([Type.String(), Type.Null()]),
  triggerMessage: Type.Union([Type.String(), Type.Null()]),
  hangupAfterSeconds: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: DateTime(),
  updatedAt: DateTime(),
});

/** Checks the settings as they will be after saving and gives the column values. */
async function queueValues(db: Db, input: QueuePatch, before: InboundQueue | undefined, defaultCountry: string) {
  const v: Partial<typeof inboundQueues.$inferInsert> = {};
  if (input.name !== undefined) {
    v.name = input.name.trim();
    if (!v.name) throw invalid('name', 'A queue needs a name');
  }
  if (input.number !== undefined) {
    const r = normalizePhone(input.number, defaultCountry);
    if (!r.ok) throw invalid('number', r.reason);
    v.number = r.e164;
  }
  for (const k of ['callbackMode', 'callbackCampaignId', 'triggerKey', 'triggerMessage', 'hangupAfterSeconds', 'arrivals'] as const) {
    if (input[k] !== undefined) (v as Record<string, unknown>)[k] = input[k];
  }
  if (input.ticketSubject !== undefined) v.ticketSubject = input.ticketSubject.trim() || DEFAULT_TICKET_SUBJECT;
  const mode = v.callbackMode ?? before?.callbackMode ?? 'none';
  const campaignId = v.callbackCampaignId !== undefined ? v.callbackCampaignId : (before?.callbackCampaignId ?? null);
  const key = v.triggerKey !== undefined ? v.triggerKey : (before?.triggerKey ?? null);
  const hangup = v.hangupAfterSeconds !== undefined ? v.hangupAfterSeconds : (before?.hangupAfterSeconds ?? null);
  if (mode === 'campaign' && campaignId === null) throw invalid('callbackCampaignId', 'Choose the callback campaign that calls missed callers back');
  if (campaignId !== null) {
    const [c] = await db.select({ type: campaigns.type }).from(campaigns).where(eq(campaigns.id, campaignId));
    if (!c) throw invalid('callbackCampaignId', `Campaign ${campaignId} does not exist`);
    if (c.type !== 'callback') throw invalid('callbackCampaignId', `Campaign ${campaignId} is not a callback campaign`);
  }
  if (mode !== 'none' && key === null && hangup === null)
    throw invalid('triggerKey', 'Choose what orders a callback: a key, a minimum time in the queue before hanging up, or both');
  return v;
}

async function checkGroupIds(db: Db, ids: number[]) {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const found = new Set((await rows<{ id: number }>(db, sql`select id from agent_groups where id = any(${`{${unique.join(',')}}`}::int[])`)).map((r) => r.id));
  ids.forEach((id, i) => {
    if (!found.has(id)) throw invalid(`agentGroupIds[${i}]`, `Agent group ${id} does not exist`);
  });
  return unique;
}

async function setMembers(db: Db, queueId: number, input: QueuePatch) {
  if (input.agentIds !== undefined) {
    const ids = await checkAgentIds(db, input.agentIds, 'agentIds');
    await db.delete(inboundQueueAgents).where(eq(inboundQueueAgents.queueId, queueId));
    if (ids.length) await db.insert(inboundQueueAgents).values(ids.map((userId) => ({ queueId, userId })));
  }
  if (input.agentGroupIds !== undefined) {
    const ids = await checkGroupIds(db, input.agentGroupIds);
    await db.delete(inboundQueueGroups).where(eq(inboundQueueGroups.queueId, queueId));
    if (ids.length) await db.insert(inboundQueueGroups).values(ids.map((groupId) => ({ queueId, groupId })));
  }
}

async function checkUnique(db: Db, v: { name?: string; number?: string }, exceptId?: number) {
  const other = exceptId === undefined ? sql`` : sql`and id <> ${exceptId}`;
  if (v.name && (await rows(db, sql`select 1 from inbound_queues where lower(name) = lower(${v.name}) ${other}`)).length)
    throw new AppError('conflict', `A queue named "${v.name}" exists`, { field: 'name' });
  if (v.number && (await rows(db, sql`select 1 from inbound_queues where number = ${v.number} ${other}`)).length)
    throw new AppError('conflict', `Another queue answers ${v.number}`, { field: 'number' });
}

export async function createQueue(db: Db, input: QueueInput, ctx: { now: Date; defaultCountry: string }) {
  const id = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(770005)`);
    const v = await queueValues(tx, input, undefined, ctx.defaultCountry);
    await checkUnique(tx, v);
    const [q] = await tx
      .insert(inboundQueues)
      .values({ ...v, name: v.name as string, number: v.number as string, createdAt: ctx.now, updatedAt: ctx.now })
      .returning({ id: inboundQueues.id });
    await setMembers(tx, q.id, input);
    return q.id;
  });
  return getQueue(db, id);
}

export async function updateQueue(db: Db, id: number, input: QueuePatch, ctx: { now: Date; defaultCountry: string }) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(770005)`);
    const before = await queueRow(tx, id);
    const v = await queueValues(tx, input, before, ctx.defaultCountry);
    await checkUnique(tx, v, id);
    await tx
      .update(inboundQueues)
      .set({ ...v, updatedAt: ctx.now })
      .where(eq(inboundQueues.id, id));
    await setMembers(tx, id, input);
  });
  return getQueue(db, id);
}

export async function deleteQueue(db: Db, id: number) {
  await queueRow(db, id);
  await db.delete(inboundQueues).where(eq(inboundQueues.id, id));
}

async function queueRow(db: Db, id: number): Promise<InboundQueue> {
  const [q] = await db.select().from(inboundQueues).where(eq(inboundQueues.id, id));
  if (!q) throw notFound('Queue');
  return q;
}

export async function getQueue(db: Db, id: number) {
  const q = await queueRow(db, id);
  const agents = await db.select({ id: inboundQueueAgents.userId }).from(inboundQueueAgents).where(eq(inboundQueueAgents.queueId, id));
  const groups = await db.select({ id: inboundQueueGroups.groupId }).from(inboundQueueGroups).where(eq(inboundQueueGroups.queueId, id));
  return { ...q, agentIds: agents.map((a) => a.id).sort((a, b) => a - b), agentGroupIds: groups.map((g) => g.id).sort((a, b) => a - b) };
}

export async function listQueues(db: Db) {
  const ids = await db.select({ id: inboundQueues.id }).from(inboundQueues).orderBy(inboundQueues.name);
  return Promise.all(ids.map((q) => getQueue(db, q.id)));
}

/** Every queue with its active member agents (direct and by group). */
export async function queuesWithMembers(db: Db) {
  const list = await db.select().from(inboundQueues).orderBy(inboundQueues.id);
  const members = await rows<{ queue_id: number; user_id: number }>(
    db,
    sql`select m.queue_id, m.user_id from (
        select queue_id, user_id from inbound_queue_agents
        union select g.queue_id, gm.user_id from inbound_queue_groups g join agent_group_members gm on gm.group_id = g.group_id) m
      join users u on u.id = m.user_id and u.role = 'agent' and u.active`,
  );
  return list.map((q) => ({ ...q, members: members.filter((m) => m.queue_id === q.id).map((m) => m.user_id) }));
}
export type QueueWithMembers = Awaited<ReturnType<typeof queuesWithMembers>>[number];
