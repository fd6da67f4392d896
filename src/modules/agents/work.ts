// AG-1: an agent's working day in preview/manual mode — log in to campaigns, ready/pause, take
// the next case, save its result. Every change is pushed to the agent's browser.
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { mapRow, pgArray, rows } from '../../db/query.ts';
import { agentStates, calls, campaigns, cases, contacts } from '../../db/schema.ts';
import { AppError, invalid, notFound } from '../../shared/errors.ts';
import type { EventBus } from '../../shared/events.ts';
import type { JobRunner } from '../jobs/runner.ts';
import { releaseCases } from '../assignments/release-cases.ts';
import { agentCampaignIds, agentCampaignIdsSql, campaignAgents, type Campaign, changeState } from '../campaigns/repo.ts';
import { campaignSettings, settingsVersionSql } from '../campaigns/settings-cache.ts';
import { claimNext, orderCampaigns, sweepExpiredLeases } from '../cases/hopper.ts';
import { resolveStatus, successCounts, transitionCase } from '../cases/transition.ts';
import { campaignBlockers } from '../cases/why.ts';
import type { StatusRow } from '../statuses/repo.ts';
import type { DialOutcome } from '../statuses/types.ts';
import { CALLBACK_DUE_JOB } from './callback-due.ts';

export type AgentState = typeof agentStates.$inferSelect;

export interface WorkDeps {
  db: Db;
  events: EventBus;
  jobs: JobRunner;
  leaseMinutes: number;
}

export async function getAgentState(db: Db, userId: number, now: Date): Promise<AgentState> {
  const [s] = await db.select().from(agentStates).where(eq(agentStates.userId, userId));
  return s ?? { userId, state: 'logged_out', since: now, campaignIds: [], currentCaseId: null, callId: null, wrapUntil: null };
}

/** One statement: the patched fields change, `since` only when the state does. */
export async function saveState(deps: WorkDeps, userId: number, patch: Partial<AgentState>, now: Date): Promise<AgentState> {
  return (await writeState(deps, userId, patch, now)) as AgentState;
}

/**
 * saveState only while the agent is still in `expected`: the dialer and the inbound runtime change
 * agents' states too, so a use case that read the state and then worked on must not overwrite theirs.
 * Undefined when the state moved meanwhile.
 */
export function saveStateIf(deps: WorkDeps, userId: number, expected: AgentState['state'], patch: Partial<AgentState>, now: Date) {
  return writeState(deps, userId, patch, now, expected);
}

async function writeState(deps: WorkDeps, userId: number, patch: Partial<AgentState>, now: Date, expected?: AgentState['state']) {
  const { state, campaignIds, currentCaseId } = patch; // undefined = unchanged (Drizzle leaves it out of the update)
  // a call and its wrap-up limit belong to the talking and wrap-up states only
  const onCall = state === 'dialing' || state === 'talking' || state === 'wrap_up';
  const callId = patch.callId !== undefined ? patch.callId : state && !onCall ? null : undefined;
  const wrapUntil = patch.wrapUntil !== undefined ? patch.wrapUntil : state && state !== 'wrap_up' ? null : undefined;
  // the fields to change; `since` only when the state does
  const changes = [
    state !== undefined && sql`state = ${state}, since = case when agent_states.state = ${state} then agent_states.since else ${now}::timestamptz end`,
    campaignIds !== undefined && sql`campaign_ids = ${pgArray(campaignIds)}::int[]`,
    currentCaseId !== undefined && sql`current_case_id = ${currentCaseId}::bigint`,
    callId !== undefined && sql`call_id = ${callId}::bigint`,
    wrapUntil !== undefined && sql`wrap_until = ${wrapUntil}::timestamptz`,
  ].filter((x): x is SQL => x !== false);
  if (!changes.length) changes.push(sql`user_id = excluded.user_id`);
  const [raw] = await rows<Record<string, unknown>>(
    deps.db,
    sql`insert into agent_states (user_id, state, since, campaign_ids, current_case_id, call_id, wrap_until)
      values (${userId}, ${state ?? 'logged_out'}, ${now}::timestamptz, ${pgArray(campaignIds ?? [])}::int[], ${currentCaseId ?? null}::bigint,
        ${callId ?? null}::bigint, ${wrapUntil ?? null}::timestamptz)
      on conflict (user_id) do update set ${sql.join(changes, sql`, `)}${expected ? sql` where agent_states.state = ${expected}` : sql``}
      returning *`,
  );
  const next = raw ? mapRow(agentStates, raw) : undefined;
  if (!next) return undefined;
  publishAgent(deps.events, next);
  return next;
}

export function publishAgent(events: EventBus, s: AgentState) {
  events.publish({
    type: 'agent.changed',
    userId: s.userId,
    state: s.state,
    currentCaseId: s.currentCaseId,
    since: new Date(s.since).toISOString(),
    campaignIds: s.campaignIds,
    callId: s.callId,
    wrapUntil: s.wrapUntil ? new Date(s.wrapUntil).toISOString() : null,
  });
}

/** The campaigns an agent may log in to: assigned directly or through a group, and not ended. */
export async function availableCampaigns(db: Db, userId: number) {
  const ids = await agentCampaignIds(db, userId);
  if (!ids.length) return [];
  return db
    .select({ id: campaigns.id, name: campaigns.name, state: campaigns.state, mode: campaigns.mode, type: campaigns.type })
    .from(campaigns)
    .where(and(inArray(campaigns.id, ids), sql`state in ('draft', 'running', 'paused')`))
    .orderBy(campaigns.sortOrder, campaigns.id);
}

export async function loginToCampaigns(deps: WorkDeps, userId: number, campaignIds: number[], now: Date) {
  const allowed = new Set((await availableCampaigns(deps.db, userId)).map((c) => c.id));
  const refused = campaignIds.find((id) => !allowed.has(id));
  if (refused !== undefined) throw invalid('campaignIds', `You are not assigned to campaign ${refused}`);
  if (!campaignIds.length) throw invalid('campaignIds', 'Choose at least one campaign');
  return saveState(deps, userId, { state: 'ready', campaignIds: [...new Set(campaignIds)] }, now);
}

export async function setReady(deps: WorkDeps, userId: number, ready: boolean, now: Date) {
  const s = await getAgentState(deps.db, userId, now);
  if (s.state === 'logged_out') throw new AppError('invalid_transition', 'Log in to campaigns first');
  if (onCall(s)) throw new AppError('invalid_transition', 'Finish the call and save its result first');
  if (s.currentCaseId) return saveState(deps, userId, { state: 'preview' }, now);
  return saveState(deps, userId, { state: ready ? 'ready' : 'paused' }, now);
}

/** Logging out hands a case in preview back to the hopper unchanged. */
export async function logout(deps: WorkDeps, userId: number, now: Date) {
  if (onCall(await getAgentState(deps.db, userId, now))) throw new AppError('invalid_transition', 'Finish the call and save its result first');
  await deps.db.update(cases).set({ lockedBy: null, lockedUntil: null }).where(eq(cases.lockedBy, userId));
  return saveState(deps, userId, { state: 'logged_out', campaignIds: [], currentCaseId: null }, now);
}

/** On a dialer call or wrapping one up: the case must be saved before anything else. */
export const onCall = (s: Pick<AgentState, 'state'>) => s.state === 'dialing' || s.state === 'talking' || s.state === 'wrap_up';

/** Gives a case back without a result (e.g. the agent must leave): no status change, no history. */
export async function returnCase(deps: WorkDeps, userId: number, now: Date) {
  const s = await getAgentState(deps.db, userId, now);
  if (onCall(s)) throw new AppError('invalid_transition', 'Finish the call and save its result first');
  if (s.currentCaseId) await giveBack(deps.db, s.currentCaseId, userId);
  return saveState(deps, userId, { state: 'ready', currentCaseId: null }, now);
}

/** The agent's hold on a case ends; the case is back in the hopper as it was. */
const giveBack = (db: Db, caseId: number, userId: number) =>
  db
    .update(cases)
    .set({ lockedBy: null, lockedUntil: null })
    .where(and(eq(cases.id, caseId), eq(cases.lockedBy, userId)));

/** AS-7: campaigns where this agent reached the success limit give them nothing more. */
async function belowSuccessLimit(db: Db, list: Campaign[], userId: number) {
  const out: Campaign[] = [];
  for (const c of list) {
    if (c.successLimitPerAgent === null || ((await successCounts(db, c.id, userId)).get(userId) ?? 0) < c.successLimitPerAgent) out.push(c);
  }
  return out;
}

/**
 * The next case (preview): the one the agent already holds, or a new claim across the logged-in
 * campaigns. When there is none, says why for each campaign.
 */
export async function takeNextCase(deps: WorkDeps, userId: number, now: Date) {
  const s = await getAgentState(deps.db, userId, now);
  if (s.state === 'logged_out') throw new AppError('invalid_transition', 'Log in to campaigns first');
  if (s.state === 'paused') throw new AppError('invalid_transition', 'You are paused: set yourself ready first');
  if (onCall(s)) throw new AppError('invalid_transition', 'Finish the call and save its result first');
  if (s.currentCaseId) {
    const [held] = await deps.db
      .select({ id: cases.id })
      .from(cases)
      .where(and(eq(cases.id, s.currentCaseId), eq(cases.lockedBy, userId)));
    if (held) return { caseId: held.id, blockers: [] };
  }
  await sweepExpiredLeases(deps.db, now);
  // the campaigns logged in to that the agent is still assigned to (directly or by a group)
  const list = await deps.db
    .select()
    .from(campaigns)
    .where(and(inArray(campaigns.id, s.campaignIds.length ? s.campaignIds : [0]), sql`${campaigns.id} in (${agentCampaignIdsSql(userId)})`));
  // progressive and predictive campaigns send calls to ready agents; "next case" is preview's
  const preview = list.filter((c) => c.mode === 'preview');
  const ordered = await orderCampaigns(deps.db, await belowSuccessLimit(deps.db, preview, userId), now);
  const claimed = await claimNext(deps.db, ordered, { agentId: userId, now, leaseMinutes: deps.leaseMinutes });
  const saved = await saveStateIf(deps, userId, s.state, { state: claimed ? 'preview' : 'ready', currentCaseId: claimed?.caseId ?? null }, now);
  if (!saved) {
    // an inbound call or a callback offer reached the agent while the claim ran: that one wins, the case goes back
    if (claimed) await giveBack(deps.db, claimed.caseId, userId);
    throw new AppError('invalid_transition', 'A call reached you first: finish it, then take the next case');
  }
  if (claimed) return { caseId: claimed.caseId, tier: claimed.tier, blockers: [] };
  const blockers = list.map((c) => ({
    campaignId: c.id,
    name: c.name,
    reasons: campaignBlockers(c, now).map((b) => ({ code: b.code, message: b.message, at: b.at?.toISOString() ?? null })),
    successLimitReached: c.mode === 'preview' && !ordered.some((o) => o.id === c.id),
    dialer: c.mode !== 'preview',
  }));
  return { caseId: null, blockers };
}

export interface ResultInput {
  outcome: DialOutcome;
  statusId?: number | null;
  callbackAt?: Date | null;
  note?: string | null;
  answers?: Record<string, unknown>;
  /** saved by the system (wrap-up limit): any status may apply, and with none mapped the case keeps its own */
  auto?: boolean;
}

/**
 * The case locked for a save and its campaign's settings, with (in the same statement) the number
 * it dials, when the agent took it, and the agent's dialer call of this case.
 */
async function lockForSave(tx: Db, caseId: number, userId: number) {
  const [r] = await rows<Record<string, unknown> & SaveExtras>(
    tx,
    sql`select k.*, ${settingsVersionSql} as settings_v, ct.phone1 as contact_phone1, ct.phone2 as contact_phone2, a.since as agent_since,
        case when c.id is null then null else row_to_json(c) end as call_json
      from cases k left join contacts ct on ct.id = k.contact_id
        left join agent_states a on a.user_id = ${userId}
        left join calls c on c.id = a.call_id and c.case_id = k.id
      where k.id = ${caseId} for update of k`,
  );
  if (!r) throw notFound('Case', 'caseId');
  const c = mapRow(cases, r);
  const settings = await campaignSettings(tx, c.campaignId, r.settings_v);
  const phone = settings.campaign.phoneColumn === 'phone2' ? r.contact_phone2 : r.contact_phone1;
  const since = r.agent_since === null ? null : (agentStates.since.mapFromDriverValue(r.agent_since) as Date);
  return { c, settings, contact: { phone, since }, call: r.call_json ? mapRow(calls, r.call_json) : undefined };
}
type SaveExtras = {
  settings_v: string | null;
  contact_phone1: string | null;
  contact_phone2: string | null;
  agent_since: string | null;
  call_json: Record<string, unknown> | null;
};

/** The agent saves the attempt's result: the status engine decides what happens next. */
export async function saveResult(deps: WorkDeps, userId: number, caseId: number, input: ResultInput, now: Date) {
  const { db } = deps;
  const outcome = await db.transaction(async (tx) => {
    const { c, settings, contact, call } = await lockForSave(tx, caseId, userId);
    if (c.lockedBy !== userId) throw new AppError('case_locked', 'This case is not yours to save: take it with "next case" first', { field: 'caseId' });
    const { campaign, statuses: all } = settings;
    // the dialer knows what happened on the line: a connected call was answered
    const dialOutcome: DialOutcome = call ? (call.connectedAt ? 'answered' : ((call.outcome as DialOutcome | null) ?? input.outcome)) : input.outcome;
    let status: StatusRow;
    try {
      status = resolveStatus(campaign, c, all, { statusId: input.statusId, outcome: dialOutcome, answers: input.answers, agentOnly: !input.auto });
    } catch (err) {
      const keep = input.auto ? all.find((s) => s.id === c.statusId) : undefined;
      if (!keep) throw err;
      status = keep;
    }
    const result = await transitionCase(tx, c, {
      campaign,
      status,
      statuses: all,
      actorId: userId,
      source: 'agent',
      note: input.note,
      agentCallbackAt: input.callbackAt,
      attempt: {
        agentId: userId,
        outcome: dialOutcome,
        phone: call?.phone ?? contact?.phone ?? null,
        startedAt: call?.dialedAt ?? contact?.since ?? now,
        answers: input.answers ?? {},
        call: call ? { id: call.id, set: sql`wrapped_at = ${now}, ended_at = ${call.endedAt ?? now}` } : undefined,
      },
      now,
    });
    if (result.next.queue === 'callback' && result.next.ownerId !== null && result.next.callableAt) {
      await deps.jobs.enqueue(
        tx,
        CALLBACK_DUE_JOB,
        { caseId, ownerId: result.next.ownerId, at: result.next.callableAt.toISOString() },
        { runAt: result.next.callableAt, dedupeKey: `callback-due:${caseId}:${result.next.callableAt.getTime()}` },
      );
    }
    return { result, campaign, hangup: call && !call.endedAt ? call.id : null };
  });
  const { result, campaign, hangup } = outcome;
  // saved during the call: the dialer's process hangs up
  if (hangup) deps.events.publish({ type: 'dialer.command', userId: null, internal: true, command: { kind: 'hangup', agentId: userId, callId: hangup } });
  await saveState(deps, userId, { state: 'ready', currentCaseId: null }, now);
  if (result.next.ownerId !== null) deps.events.publish({ type: 'callbacks.changed', userId: result.next.ownerId });
  if (result.next.ownerId !== userId) deps.events.publish({ type: 'callbacks.changed', userId });
  deps.events.publish({ type: 'campaign.changed', userId: null, campaignId: campaign.id, figuresOnly: true });
  if (result.next.successDelta === 1) await releaseWhenAllReachedLimit(deps, campaign, now);
  if (result.next.terminal) await finishWhenExhausted(deps, campaign, now);
  return result;
}

/** CP-3 goal "exhaust contacts": the campaign finishes when its last case is finished. */
export async function finishWhenExhausted(deps: WorkDeps, campaign: Campaign, now: Date) {
  // a callback campaign never runs out: the next missed call brings a case (CB-1)
  if (campaign.goal !== 'exhaust' || campaign.state !== 'running' || campaign.type === 'callback') return false;
  // an unclaimed fresh case (on the small hopper index) settles it at once; only near the end is the whole campaign looked through
  const [r] = await rows<{ open: boolean }>(
    deps.db,
    sql`select exists (select 1 from cases where campaign_id = ${campaign.id} and queue = 'fresh' and locked_by is null and released_at is null and not undialable)
      or exists (select 1 from cases where campaign_id = ${campaign.id} and released_at is null and queue <> 'closed') as open`,
  );
  if (r.open) return false;
  try {
    await changeState(deps.db, campaign.id, 'finished', now);
  } catch (err) {
    // another agent's last save finished it a moment ago
    if (err instanceof AppError && err.code === 'invalid_transition') return false;
    throw err;
  }
  deps.events.publish({ type: 'campaign.changed', userId: null, campaignId: campaign.id });
  return true;
}

/** AS-7: when every agent reached the success limit, the unused cases go back to the database. */
export async function releaseWhenAllReachedLimit(deps: WorkDeps, campaign: Campaign, now: Date) {
  if (campaign.successLimitPerAgent === null) return { released: 0 };
  const agents = await campaignAgents(deps.db, campaign.id);
  const counts = await successCounts(deps.db, campaign.id);
  if (!agents.length || agents.some((a) => (counts.get(a) ?? 0) < (campaign.successLimitPerAgent ?? 0))) return { released: 0 };
  return releaseCases(deps.db, campaign.id, { now, onlyUnused: true });
}

/** AG-1 "my callbacks": the agent's private callbacks, soonest first. */
export async function myCallbacks(db: Db, userId: number) {
  return rows<{
    case_id: string;
    campaign_id: number;
    campaign_name: string;
    callable_at: Date;
    contact_name: string | null;
    phone: string | null;
    status_name: string | null;
  }>(
    db,
    sql`select k.id as case_id, k.campaign_id, c.name as campaign_name, k.callable_at,
      coalesce(ct.name, nullif(trim(coalesce(ct.first_name, '') || ' ' || coalesce(ct.last_name, '')), '')) as contact_name,
      case when c.phone_column = 'phone2' then ct.phone2_raw else ct.phone1_raw end as phone,
      (select s.name from statuses s where s.id = k.status_id) as status_name
    from cases k join campaigns c on c.id = k.campaign_id join contacts ct on ct.id = k.contact_id
    where k.owner_id = ${userId} and k.queue = 'callback' and k.released_at is null
    order by k.callable_at, k.id limit 500`,
  ).then((r) =>
    r.map((x) => ({
      caseId: Number(x.case_id),
      campaignId: x.campaign_id,
      campaignName: x.campaign_name,
      callableAt: new Date(x.callable_at).toISOString(),
      contactName: x.contact_name,
      phone: x.phone,
      statusName: x.status_name,
    })),
  );
}
