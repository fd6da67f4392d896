// Setting a status on a case: the one write path for agents, supervisors, rules and (later) the
// dialer and actions. The engine computes the next dialing state; this file resolves which status
// applies (script mapping, dialer outcome, transition counter), stores the state and writes the
// one history row (PR-5) — all in the caller's transaction.
import { eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rows } from '../../db/query.ts';
import { cases } from '../../db/schema.ts';
import { AppError, invalid } from '../../shared/errors.ts';
import type { Campaign } from '../campaigns/repo.ts';
import { planActions, waitingState } from '../actions/plan.ts';
import { recordActions } from '../actions/record.ts';
import { exitsOf } from '../processes/repo.ts';
import { applyRetryRules, nextCaseState } from '../statuses/engine.ts';
import { type StatusRow, toRule } from '../statuses/repo.ts';
import { afterCallbackAttempt } from '../inbound/callbacks.ts';
import { settingsVersionSql } from '../campaigns/settings-cache.ts';
import type { CaseState, DialOutcome, NextState, Qualifier, Queue, RetryRule } from '../statuses/types.ts';

export type CaseRow = typeof cases.$inferSelect;

export function caseState(c: CaseRow): CaseState {
  return {
    statusId: c.statusId,
    qualifier: c.qualifier as Qualifier | null,
    queue: c.queue as Queue,
    callableAt: c.callableAt,
    ownerId: c.ownerId,
    responsibleId: c.responsibleId,
    success: c.success,
    successAgentId: c.successAgentId,
    attempts: c.attempts,
    stage: c.stage as CaseState['stage'],
  };
}

/** The case, locked for the caller's transaction. */
export async function lockCase(tx: Db, caseId: number): Promise<CaseRow> {
  const r = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
  if (!r[0]) throw new AppError('not_found', 'Case not found', { field: 'caseId' });
  return r[0];
}

/** PR-4c / ST-2 "set automatically when": the status a dialer outcome maps to, if any. */
export function statusForOutcome(campaign: Pick<Campaign, 'processId'>, current: StatusRow | undefined, all: StatusRow[], outcome: DialOutcome) {
  if (campaign.processId !== null) {
    const key = current ? exitsOf(current).dialer[outcome] : undefined;
    return key ? all.find((s) => s.key === key) : undefined;
  }
  return all.find((s) => s.active && s.autoOutcomes.includes(outcome));
}

/** PR-4a: the first script mapping of the current status that the answers satisfy. */
export function statusForAnswers(current: StatusRow | undefined, all: StatusRow[], answers: Record<string, unknown>) {
  if (!current) return undefined;
  for (const m of exitsOf(current).script) {
    const a = answers[m.field];
    const hit = Array.isArray(a) ? a.map(String).includes(m.value) : a !== undefined && a !== null && String(a) === m.value;
    if (hit) return all.find((s) => s.key === m.statusKey);
  }
  return undefined;
}

/** PR-4d: entering a status more often than its counter allows sends the case elsewhere. */
export function applyCounter(target: StatusRow, all: StatusRow[], counts: Record<string, number>): StatusRow {
  let s = target;
  for (let hop = 0; hop < 10; hop++) {
    const counter = exitsOf(s).counter;
    if (!counter || (counts[s.id] ?? 0) + 1 <= counter.limit) return s;
    const next = all.find((x) => x.key === counter.statusKey);
    if (!next || next.id === s.id) return s;
    s = next;
  }
  return s;
}

export interface AttemptInput {
  agentId: number | null;
  outcome: DialOutcome;
  phone: string | null;
  startedAt: Date;
  answers: Record<string, unknown>;
  /** the dialer's call this attempt records: `set` is applied to it (and its attempt_id) in the attempt's statement */
  call?: { id: number; set: SQL };
}

export interface TransitionInput {
  campaign: Campaign;
  status: StatusRow;
  statuses: StatusRow[];
  actorId: number | null;
  source: 'agent' | 'supervisor' | 'system' | 'rule' | 'dialer';
  note?: string | null;
  agentCallbackAt?: Date | null;
  attempt?: AttemptInput;
  now: Date;
}

export interface TransitionResult {
  case: CaseRow;
  next: NextState;
  status: StatusRow;
  attemptId: number | null;
  /** the history row this change wrote (its actions refer to it) */
  historyId: number;
}

/**
 * Applies a status to a locked case: counter, engine, retry rules (after an attempt), then one
 * UPDATE, the attempt row and the history row.
 */
export async function transitionCase(tx: Db, c: CaseRow, input: TransitionInput): Promise<TransitionResult> {
  return (await transition(tx, c, input)) as TransitionResult;
}

/** What a write outside a transaction checks: the case row version it read and the settings version of its statuses. */
export interface Unchanged {
  xmin: string;
  settingsVersion: string;
}

/**
 * transitionCase outside a transaction, from a row read earlier: written only if the case is
 * still that row version and the campaign's settings are still those of `since`, and only when
 * the whole change is its one statement (no automatic actions, not a callback campaign). Null
 * when it wrote nothing: the caller takes the locking path.
 */
export function transitionIfUnchanged(db: Db, c: CaseRow, input: TransitionInput, since: Unchanged): Promise<TransitionResult | null> {
  return transition(db, c, input, since);
}

async function transition(tx: Db, c: CaseRow, input: TransitionInput, since?: Unchanged): Promise<TransitionResult | null> {
  const { campaign, now } = input;
  const status = applyCounter(input.status, input.statuses, c.statusCounts);
  const attempted = input.attempt !== undefined;
  const before = caseState(c);
  let next = nextCaseState({
    case: { ...before, attempts: c.attempts + (attempted ? 1 : 0) },
    status: toRule(status),
    actorId: input.actorId,
    agentCallbackAt: input.agentCallbackAt ?? null,
    now,
  });
  let closedReason: CaseRow['closedReason'] = next.terminal ? 'status' : null;
  let deleted = false;
  let parameters: Record<string, string> = {};
  if (input.attempt) {
    const connected = input.attempt.outcome === 'answered';
    const r = applyRetryRules(
      next,
      campaign.retryRules as RetryRule[],
      { connected, outcome: input.attempt.outcome, statusId: status.id, attempts: next.attempts },
      { maxAttempts: campaign.maxAttempts, defaultRetryDelayMinutes: campaign.retryDelayMinutes, now },
    );
    next = r.state;
    deleted = r.delete;
    parameters = r.parameters;
    if (r.exhausted) closedReason = 'attempts_exhausted';
    else if (r.delete) closedReason = 'deleted';
  }
  // AC-2, AC-3: the status's automatic actions; while a delayed one waits, the case is not offered
  const plan = planActions(exitsOf(status).actions, (key) => input.statuses.find((s) => s.key === key)?.id ?? null, next, now);
  if (since && (plan.actions.length > 0 || campaign.type === 'callback')) return null;
  if (plan.resume) next = waitingState(next);
  const counts = { ...c.statusCounts, [status.id]: (c.statusCounts[status.id] ?? 0) + 1 };
  const answers = input.attempt?.answers ?? {};
  const a = input.attempt;
  const attemptParams = JSON.stringify({ ...answers, ...parameters });
  // the row as the statement below leaves it (params || … is jsonb's top-level merge, as the spread)
  const updated: CaseRow = {
    ...c,
    statusId: status.id,
    qualifier: next.qualifier,
    queue: next.queue,
    callableAt: next.callableAt,
    ownerId: next.ownerId,
    responsibleId: next.responsibleId,
    success: next.success,
    successAgentId: next.successAgentId,
    stage: next.stage,
    statusCounts: counts,
    closedAt: next.terminal ? (c.closedAt ?? now) : null,
    closedReason: next.terminal ? closedReason : null,
    ...(deleted && { releasedAt: now }),
    ...(a && {
      attempts: next.attempts,
      lastAttemptAt: now,
      lastOutcome: a.outcome,
      lastConnected: a.outcome === 'answered',
      lastAgentId: a.agentId,
      used: true,
      params: { ...c.params, ...answers, ...parameters },
    }),
    lockedBy: null,
    lockedUntil: null,
  };
  // the case, the attempt it records, the dialer's call and the history row (PR-5): one statement
  const [r] = await rows<{ id: string; attempt_id: string | null }>(
    tx,
    sql`with k as (
        update cases set status_id = ${status.id}, qualifier = ${next.qualifier}::text, queue = ${next.queue}, callable_at = ${next.callableAt}::timestamptz,
          owner_id = ${next.ownerId}::int, responsible_id = ${next.responsibleId}::int, success = ${next.success}, success_agent_id = ${next.successAgentId}::int,
          stage = ${next.stage}, status_counts = ${JSON.stringify(counts)}::jsonb, closed_at = ${updated.closedAt}::timestamptz, closed_reason = ${updated.closedReason}::text,
          ${deleted ? sql`released_at = ${now},` : sql``}
          ${a ? sql`attempts = ${next.attempts}, last_attempt_at = ${now}, last_outcome = ${a.outcome}, last_connected = ${a.outcome === 'answered'}, last_agent_id = ${a.agentId}::int, used = true, params = params || ${attemptParams}::jsonb,` : sql``}
          locked_by = null, locked_until = null
        where id = ${c.id}${since ? sql` and xmin = ${since.xmin}::xid and ${settingsVersionSql} = ${since.settingsVersion}` : sql``} returning id)${
          a
            ? sql`, a as (
        insert into attempts (case_id, campaign_id, contact_id, agent_id, phone, outcome, connected, status_id, note, callback_at, params, stage, started_at, ended_at)
        select k.id, ${c.campaignId}, ${c.contactId}, ${a.agentId}::int, ${a.phone}::text, ${a.outcome}, ${a.outcome === 'answered'}, ${status.id},
          ${input.note ?? null}::text, ${next.queue === 'callback' ? next.callableAt : null}::timestamptz, ${attemptParams}::jsonb, ${c.stage}, ${a.startedAt}, ${now} from k
        returning id)${a.call ? sql`, call as (update calls set ${a.call.set}, attempt_id = (select id from a) where id = ${a.call.id} and exists (select 1 from k))` : sql``}`
            : sql``
        }
      insert into case_history (case_id, campaign_id, at, from_status_id, to_status_id, qualifier, queue, callable_at, owner_id, responsible_id, requester_id, source, note, attempt_id)
      select k.id, ${c.campaignId}, ${now}, ${c.statusId}::int, ${status.id}, ${next.qualifier}::text, ${next.queue}, ${next.callableAt}::timestamptz,
        ${next.ownerId}::int, ${next.responsibleId}::int, ${input.actorId}::int, ${input.source}, ${input.note ?? null}::text, ${a ? sql`(select id from a)` : sql`null::bigint`} from k
      returning id, attempt_id`,
  );
  if (!r) return null; // `since` no longer holds
  const attemptId = r.attempt_id === null ? null : Number(r.attempt_id);
  const historyId = Number(r.id);
  // CB-3: a callback campaign's retries, interval and expiry decide what a busy / unanswered callback does next
  if (campaign.type === 'callback' && a) await afterCallbackAttempt(tx, updated, campaign, a.outcome, now);
  await recordActions(tx, c, historyId, status.id, plan, now);
  return { case: updated, next, status, attemptId, historyId };
}

/** The status a save resolves to: the agent's pick, else a script mapping, else the outcome's. */
export function resolveStatus(
  campaign: Campaign,
  c: CaseRow,
  all: StatusRow[],
  pick: { statusId?: number | null; outcome?: DialOutcome; answers?: Record<string, unknown>; agentOnly: boolean },
): StatusRow {
  if (pick.statusId) {
    const s = all.find((x) => x.id === pick.statusId);
    if (!s) throw invalid('statusId', 'This status does not belong to the campaign');
    if (pick.agentOnly && !(s.active && !s.hidden && s.availability === 'agents')) throw invalid('statusId', 'Agents cannot set this status');
    return s;
  }
  const current = all.find((s) => s.id === c.statusId);
  const byScript = pick.answers ? statusForAnswers(current, all, pick.answers) : undefined;
  if (byScript) return byScript;
  const byOutcome = pick.outcome ? statusForOutcome(campaign, current, all, pick.outcome) : undefined;
  if (byOutcome) return byOutcome;
  throw invalid('statusId', 'Choose a status');
}

/** AS-7: agents' success counts in a campaign, or one agent's (derived from the cases, so they cannot drift). */
export async function successCounts(db: Db, campaignId: number, agentId?: number): Promise<Map<number, number>> {
  const who = agentId === undefined ? sql`success_agent_id is not null` : sql`success_agent_id = ${agentId}`;
  const r = await rows<{ agent: number; n: number }>(
    db,
    sql`select success_agent_id as agent, count(*)::int as n from cases where campaign_id = ${campaignId} and success and ${who} group by 1`,
  );
  return new Map(r.map((x) => [x.agent, x.n]));
}
