// AC-1..AC-3: running one automatic action, exactly once. The action row is the truth; its job
// only wakes it. DB-only actions (in-transaction handlers) commit their effect, the row's state
// and the result status in ONE transaction. Outside effects run between two transactions and
// carry the row's idempotency key, so a retry after a crash is recognised by the receiver.
//
// Superseded: a delayed action (one the case waits for) whose case got another status in the
// meantime — from an agent, a supervisor, the dialer or another action's result — is skipped,
// not run: the plan it belonged to was changed. Immediate actions always run: the status that
// asked for them was set. A result status is applied only while the status change that
// scheduled the action is still the case's latest one; otherwise it is noted, not applied.
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { Type, type Static } from 'typebox';
import type { Database, Db } from '../../db/client.ts';
import { rows } from '../../db/query.ts';
import { caseActions } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import type { AppEvent, EventBus } from '../../shared/events.ts';
import { CALLBACK_DUE_JOB } from '../agents/callback-due.ts';
import { getCampaign } from '../campaigns/repo.ts';
import { type CaseRow, lockCase, transitionCase } from '../cases/transition.ts';
import type { JobDefinition, JobRunner } from '../jobs/runner.ts';
import type { ActionKind } from '../processes/types.ts';
import { campaignStatusRows } from '../statuses/repo.ts';
import { type ActionContext, ActionFailure, type ActionHandlers, type ActionOutcome } from './handler.ts';
import { ACTION_JOB, ACTION_MAX_ATTEMPTS } from './record.ts';

export type ActionRow = typeof caseActions.$inferSelect;

/** What an in-transaction handler returns: its outcome and the events to push after the commit. */
export interface DbActionOutcome extends ActionOutcome {
  events?: AppEvent[];
}
/** A DB-only action: `ctx.db` is the transaction that also records the action's result. */
export type DbActionHandler = (ctx: ActionContext) => Promise<DbActionOutcome>;
export type DbActionHandlers = Partial<Record<ActionKind, DbActionHandler>>;

export interface ActionRuntimeDeps {
  db: Database;
  clock: Clock;
  events: EventBus;
  jobs: Pick<JobRunner, 'enqueue'>;
  /** outside effects (mail, SMS, webhook, call): run outside any transaction */
  handlers: ActionHandlers;
  /** DB-only effects (notification, move, copy): run inside the transaction recording the result */
  dbHandlers: DbActionHandlers;
}

const Payload = Type.Object({ actionId: Type.Integer() });

type Result = { state: 'done'; detail: string } | { state: 'failed'; error: string } | { state: 'skipped'; detail: string };

const isFinal = (state: ActionRow['state']) => state === 'done' || state === 'failed' || state === 'skipped';

export function actionJob(deps: ActionRuntimeDeps): JobDefinition<Static<typeof Payload>> {
  const { db, clock } = deps;

  async function lockAction(tx: Db, id: number): Promise<ActionRow | undefined> {
    const [a] = await tx.select().from(caseActions).where(eq(caseActions.id, id)).for('update');
    return a;
  }

  const context = (a: ActionRow, c: CaseRow, executor: Database): ActionContext => ({
    db: executor,
    kind: a.kind as ActionKind,
    param: a.param,
    caseId: c.id,
    campaignId: c.campaignId,
    contactId: c.contactId,
    idempotencyKey: a.idempotencyKey,
    now: clock.now(),
  });

  /** Records the end of an action and moves the case on (result status, or back from waiting). */
  async function settle(tx: Db, a: ActionRow, c: CaseRow, r: Result, pending: AppEvent[]) {
    const now = clock.now();
    const current = (await latestHistoryId(tx, c.id)) === a.historyId;
    let detail = r.state === 'failed' ? null : r.detail;
    const resultStatusId = r.state === 'done' ? a.successStatusId : r.state === 'failed' ? a.failureStatusId : null;
    if (resultStatusId !== null && !current) detail = [detail, 'result status not applied: the case has changed status since'].filter(Boolean).join('; ');
    await tx
      .update(caseActions)
      .set({ state: r.state, detail, lastError: r.state === 'failed' ? r.error : r.state === 'done' ? null : a.lastError, finishedAt: now })
      .where(eq(caseActions.id, a.id));
    pending.push({ type: 'actions.changed', userId: null, campaignId: c.campaignId, caseId: c.id });
    if (!current) return;
    if (resultStatusId !== null) {
      const campaign = await getCampaign(tx, c.campaignId);
      const all = await campaignStatusRows(tx, c.campaignId, campaign);
      const status = all.find((s) => s.id === resultStatusId);
      if (status) {
        const note = r.state === 'failed' ? `${a.kind} failed: ${r.error}` : `${a.kind}: ${r.detail}`;
        const t = await transitionCase(tx, c, { campaign, status, statuses: all, actorId: null, source: 'system', note: note.slice(0, 1000), now });
        await afterStateChange(tx, c, t.next, pending);
        return;
      }
    }
    if (a.waits) await resumeWhenLast(tx, a, c, pending);
  }

  /** AC-3: the last action a case waited for has ended: it takes the state its status gave it. */
  async function resumeWhenLast(tx: Db, a: ActionRow, c: CaseRow, pending: AppEvent[]) {
    const others = await tx
      .select({ id: caseActions.id })
      .from(caseActions)
      .where(
        and(eq(caseActions.historyId, a.historyId), eq(caseActions.waits, true), inArray(caseActions.state, ['queued', 'running']), ne(caseActions.id, a.id)),
      );
    if (others.length || c.queue !== 'waiting' || c.releasedAt || !a.resume) return;
    const callableAt = a.resume.callableAt ? new Date(a.resume.callableAt) : null;
    await tx.execute(
      sql`update cases set queue = ${a.resume.queue}, callable_at = ${callableAt}::timestamptz, owner_id = ${a.resume.ownerId}::int where id = ${c.id}`,
    );
    await afterStateChange(tx, c, { queue: a.resume.queue, callableAt, ownerId: a.resume.ownerId }, pending);
  }

  /** What transitionCase's callers do after a change: the owner's callback push, the supervisors' views. */
  async function afterStateChange(tx: Db, c: CaseRow, next: { queue: string; callableAt: Date | null; ownerId: number | null }, pending: AppEvent[]) {
    if (next.queue === 'callback' && next.ownerId !== null && next.callableAt) {
      await deps.jobs.enqueue(
        tx,
        CALLBACK_DUE_JOB,
        { caseId: c.id, ownerId: next.ownerId, at: next.callableAt.toISOString() },
        { runAt: next.callableAt, dedupeKey: `callback-due:${c.id}:${next.callableAt.getTime()}` },
      );
      pending.push({ type: 'callbacks.changed', userId: next.ownerId });
    }
    pending.push({ type: 'campaign.changed', userId: null, campaignId: c.campaignId });
  }

  /** A waiting action is skipped when its plan was changed: the case moved on or left the campaign. */
  async function supersededBecause(tx: Db, a: ActionRow, c: CaseRow): Promise<string | null> {
    if (!a.waits) return null;
    if (c.releasedAt) return 'skipped: the case left the campaign before the action was due';
    if ((await latestHistoryId(tx, c.id)) !== a.historyId) return 'skipped: the case got another status before the action was due';
    return null;
  }

  async function failOrRetry(tx: Db, a: ActionRow, err: unknown, lastTry: boolean, pending: AppEvent[]): Promise<unknown> {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof ActionFailure || lastTry) {
      const c = await lockCase(tx, a.caseId);
      await settle(
        tx,
        a,
        c,
        { state: 'failed', error: lastTry && !(err instanceof ActionFailure) ? `${message} (gave up after ${a.attempts} tries)` : message },
        pending,
      );
      return undefined;
    }
    await tx.update(caseActions).set({ state: 'queued', lastError: message }).where(eq(caseActions.id, a.id));
    pending.push({ type: 'actions.changed', userId: null, campaignId: a.campaignId, caseId: a.caseId });
    return err;
  }

  const publish = (events: AppEvent[]) => {
    for (const e of events) deps.events.publish(e);
  };

  return {
    kind: ACTION_JOB,
    payload: Payload,
    maxAttempts: ACTION_MAX_ATTEMPTS,
    async run({ payload, job }) {
      const lastTry = job.attempts >= job.maxAttempts;
      const pending: AppEvent[] = [];
      // 1. claim the action; a DB-only action runs and ends right here
      const start = await db.transaction(async (tx): Promise<{ end: string } | { retry: unknown } | { outside: ActionRow; c: CaseRow }> => {
        const found = await lockAction(tx, payload.actionId);
        if (!found) return { end: 'missing' };
        if (isFinal(found.state)) return { end: found.state }; // a repeated job: the action already ran
        const c = await lockCase(tx, found.caseId);
        const why = await supersededBecause(tx, found, c);
        if (why) {
          await settle(tx, found, c, { state: 'skipped', detail: why }, pending);
          return { end: 'skipped' };
        }
        const a = { ...found, state: 'running' as const, attempts: found.attempts + 1, startedAt: found.startedAt ?? clock.now() };
        await tx.update(caseActions).set({ state: a.state, attempts: a.attempts, startedAt: a.startedAt }).where(eq(caseActions.id, a.id));
        const kind = a.kind as ActionKind;
        const inTx = deps.dbHandlers[kind];
        if (!inTx) {
          if (deps.handlers[kind]) return { outside: a, c };
          await settle(tx, a, c, { state: 'failed', error: `No handler for the action "${kind}" is installed` }, pending);
          return { end: 'failed' };
        }
        try {
          // a savepoint: a failing handler leaves nothing behind, and the failure is recorded below
          const outcome = await tx.transaction((sp) => inTx(context(a, c, sp as unknown as Database)));
          pending.push(...(outcome.events ?? []));
          await settle(tx, a, await lockCase(tx, a.caseId), { state: 'done', detail: outcome.detail }, pending);
          return { end: 'done' };
        } catch (err) {
          const retry = await failOrRetry(tx, a, err, lastTry, pending);
          return retry === undefined ? { end: 'failed' } : { retry };
        }
      });
      publish(pending.splice(0));
      if ('retry' in start) throw start.retry;
      if ('end' in start) return { state: start.end };
      // 2. the outside effect, with the idempotency key; 3. its result
      const { outside: a, c } = start;
      let result: { outcome: ActionOutcome } | { err: unknown };
      try {
        result = { outcome: await (deps.handlers[a.kind as ActionKind] as NonNullable<ActionHandlers[ActionKind]>)(context(a, c, db)) };
      } catch (err) {
        result = { err };
      }
      const retry = await db.transaction(async (tx) => {
        const now = await lockAction(tx, a.id);
        if (!now || isFinal(now.state)) return undefined;
        if ('err' in result) return failOrRetry(tx, now, result.err, lastTry, pending);
        await settle(tx, now, await lockCase(tx, a.caseId), { state: 'done', detail: result.outcome.detail }, pending);
        return undefined;
      });
      publish(pending);
      if (retry !== undefined) throw retry;
      return { state: 'err' in result ? 'failed' : 'done' };
    },
  };
}

/** The case's latest status change (its history row). */
export async function latestHistoryId(tx: Db, caseId: number): Promise<number | null> {
  const [r] = await rows<{ id: string }>(tx, sql`select id from case_history where case_id = ${caseId} order by id desc limit 1`);
  return r ? Number(r.id) : null;
}
