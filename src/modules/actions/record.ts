// AC-2: the planned actions of a status change become rows and durable jobs in the transaction
// that set the status, so a committed status always has its actions and a rolled-back one none.
// The job rows are written here (not through the runner object) so that `transitionCase` stays a
// function of the transaction alone; the NOTIFY wakes every worker at commit.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { ActionPlan } from './plan.ts';
import { announceScheduledActions } from './scheduled-events.ts';

export const ACTION_JOB = 'actions.run';
/** backoff 2 s, 4 s … 4 min between tries (jobs/runner.ts): about 8 minutes of retries in all */
export const ACTION_MAX_ATTEMPTS = 8;

/** The job's dedupe key: deterministic per action row (and per manual retry). */
export const actionDedupeKey = (actionId: number, retry = 0) => (retry ? `action:${actionId}:retry:${retry}` : `action:${actionId}`);

export async function recordActions(
  tx: Db,
  c: { id: number; campaignId: number },
  historyId: number,
  statusId: number,
  plan: ActionPlan,
  now: Date,
): Promise<void> {
  if (plan.actions.length === 0) return;
  const values = plan.actions.map(
    (a) => sql`(${c.id}, ${c.campaignId}, ${historyId}, ${statusId}, ${a.position}, ${a.kind}, ${a.param}, ${a.successStatusId}::int, ${a.failureStatusId}::int,
      ${a.delayMinutes}::int, ${a.delayFrom}::text, ${a.runAt}::timestamptz, ${a.waits}, ${a.waits && plan.resume ? JSON.stringify(plan.resume) : null}::jsonb, ${now}::timestamptz)`,
  );
  await tx.execute(sql`
    with a as (
      insert into case_actions (case_id, campaign_id, history_id, status_id, position, kind, param, success_status_id, failure_status_id,
        delay_minutes, delay_from, run_at, waits, resume, created_at)
      values ${sql.join(values, sql`, `)}
      returning id, run_at)
    insert into jobs (kind, payload, run_at, dedupe_key, max_attempts, created_at)
    select ${ACTION_JOB}, jsonb_build_object('actionId', id), run_at, 'action:' || id, ${ACTION_MAX_ATTEMPTS}, ${now}::timestamptz from a`);
  await tx.execute(sql`select pg_notify('parley_jobs', '')`);
  await announceScheduledActions(tx, c);
}
