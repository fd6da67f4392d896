// Automatic actions as managers see them (AC-1: failures visible with the reason, retried by hand).
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { isoDates, rows } from '../../db/query.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import type { JobRunner } from '../jobs/runner.ts';
import { ACTION_JOB, actionDedupeKey } from './record.ts';
import { latestHistoryId } from './run-action.ts';

export const actionStates = ['queued', 'running', 'done', 'failed', 'skipped'] as const;

export interface ActionFilter {
  state?: (typeof actionStates)[number];
  campaignId?: number;
  caseId?: number;
  /** the page before this action id (newest first) */
  beforeId?: number;
  limit?: number;
}

const dateKeys = ['runAt', 'createdAt', 'startedAt', 'finishedAt'] as const;

/**
 * What the parameter names, for people: the user notified, the campaign moved or copied to, the
 * template sent (null when it names nothing any more, or the parameter is itself readable).
 * Compared as text so a malformed parameter matches nothing instead of failing the cast.
 */
const paramLabelSql = sql`case
    when a.kind = 'notification' then (select u.display_name from users u where u.id::text = a.param)
    when a.kind in ('move_to_campaign', 'copy_case') then (select c.name from campaigns c where c.id::text = a.param)
    when a.kind = 'email_template' then (select t.name from mail_templates t where t.id::text = a.param)
  end`;

export async function listActions(db: Db, f: ActionFilter) {
  const where = [sql`true`];
  if (f.state) where.push(sql`a.state = ${f.state}`);
  if (f.campaignId) where.push(sql`a.campaign_id = ${f.campaignId}`);
  if (f.caseId) where.push(sql`a.case_id = ${f.caseId}`);
  if (f.beforeId) where.push(sql`a.id < ${f.beforeId}`);
  const list = await rows<Record<string, unknown>>(
    db,
    sql`select a.id::int as id, a.case_id::int as "caseId", a.campaign_id as "campaignId", cp.name as "campaignName",
        coalesce(nullif(trim(concat_ws(' ', ct.first_name, ct.last_name)), ''), ct.name, ct.phone1, '') as "contactName",
        a.status_id as "statusId", s.name as "statusName", a.kind, a.param, ${paramLabelSql} as "paramLabel", a.state, a.attempts, a.retries, a.last_error as "lastError", a.detail,
        a.delay_minutes as "delayMinutes", a.delay_from as "delayFrom", a.waits,
        ss.name as "successStatusName", fs.name as "failureStatusName",
        a.run_at as "runAt", a.created_at as "createdAt", a.started_at as "startedAt", a.finished_at as "finishedAt"
      from case_actions a join cases k on k.id = a.case_id join contacts ct on ct.id = k.contact_id join campaigns cp on cp.id = a.campaign_id
        left join statuses s on s.id = a.status_id left join statuses ss on ss.id = a.success_status_id left join statuses fs on fs.id = a.failure_status_id
      where ${sql.join(where, sql` and `)}
      order by a.id desc limit ${f.limit ?? 50}`,
  );
  return isoDates(list, dateKeys);
}

/** How many actions are in each state (the failures count goes on the page's tab). */
export async function actionCounts(db: Db, campaignId?: number): Promise<Record<string, number>> {
  const r = await rows<{ state: string; n: number }>(
    db,
    sql`select state, count(*)::int as n from case_actions ${campaignId ? sql`where campaign_id = ${campaignId}` : sql``} group by state`,
  );
  return Object.fromEntries(actionStates.map((s) => [s, r.find((x) => x.state === s)?.n ?? 0]));
}

/**
 * Runs a failed or skipped action again, now, against the case as it is: the action is anchored
 * to the case's latest status change (so its result status applies unless the case changes status
 * again meanwhile) and holds nothing back. Its idempotency key stays the same: a receiver that
 * saw the first delivery recognises it.
 */
export async function retryAction(db: Db, jobs: Pick<JobRunner, 'enqueue'>, id: number, now: Date) {
  return db.transaction(async (tx) => {
    const [a] = await rows<{ id: string; case_id: string; state: string; retries: number }>(
      tx,
      sql`select id, case_id, state, retries from case_actions where id = ${id} for update`,
    );
    if (!a) throw notFound('Action', 'id');
    if (a.state !== 'failed' && a.state !== 'skipped') throw new AppError('conflict', `Only failed or skipped actions can be retried (this one is ${a.state})`);
    const historyId = await latestHistoryId(tx, Number(a.case_id));
    const retries = a.retries + 1;
    await tx.execute(
      sql`update case_actions set state = 'queued', retries = ${retries}, history_id = coalesce(${historyId}::bigint, history_id), waits = false, resume = null,
        run_at = ${now}, detail = null, finished_at = null where id = ${id}`,
    );
    await jobs.enqueue(tx, ACTION_JOB, { actionId: id }, { runAt: now, dedupeKey: actionDedupeKey(id, retries) });
    return { id, state: 'queued' as const, retries };
  });
}

/** AC-1 notification: a user's own, newest first, with the unread count. */
export async function listNotifications(db: Db, userId: number, limit: number) {
  const items = await rows<Record<string, unknown>>(
    db,
    sql`select id::int as id, text, case_id::int as "caseId", campaign_id as "campaignId", created_at as "createdAt", read_at as "readAt"
      from notifications where user_id = ${userId} order by id desc limit ${limit}`,
  );
  const [u] = await rows<{ n: number }>(db, sql`select count(*)::int as n from notifications where user_id = ${userId} and read_at is null`);
  return { items: isoDates(items, ['createdAt', 'readAt']), unread: u.n };
}

export async function markNotificationsRead(db: Db, userId: number, now: Date, id?: number): Promise<number> {
  const r = await rows<{ n: number }>(
    db,
    sql`with x as (update notifications set read_at = ${now} where user_id = ${userId} and read_at is null ${id ? sql`and id = ${id}` : sql``} returning 1)
      select count(*)::int as n from x`,
  );
  return r[0].n;
}
