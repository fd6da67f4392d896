// CP-8 per-contact table and AS-5 filtered case views; CP-5 attempts view with script answers;
// campaign statistics.
import { type SQL, sql } from 'drizzle-orm';
import { type Static, Type } from 'typebox';
import { OneOf } from '../../http.ts';
import type { Db } from '../../db/client.ts';
import { containsPattern, isoDates, rows } from '../../db/query.ts';
import { queues } from '../statuses/types.ts';

export const CaseFilter = Type.Object(
  {
    statusId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
    queue: Type.Optional(OneOf(queues)),
    importId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'AS-5: cases whose contact came from this import file' })),
    agentId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'owned, held or last worked by this agent' })),
    q: Type.Optional(Type.String({ maxLength: 100, description: 'name or phone fragment' })),
    success: Type.Optional(Type.Boolean()),
    includeReleased: Type.Optional(Type.Boolean()),
    sort: Type.Optional(OneOf(['order', 'created_asc', 'created_desc', 'next_attempt', 'last_attempt'] as const)),
  },
  { additionalProperties: false },
);
export type CaseFilter = Static<typeof CaseFilter>;

const like = containsPattern;

export function caseWhere(campaignId: number, f: CaseFilter): SQL {
  const parts: SQL[] = [sql`k.campaign_id = ${campaignId}`];
  if (!f.includeReleased) parts.push(sql`k.released_at is null`);
  if (f.statusId) parts.push(sql`k.status_id = ${f.statusId}`);
  if (f.queue) parts.push(sql`k.queue = ${f.queue}`);
  if (f.importId) parts.push(sql`ct.import_id = ${f.importId}`);
  if (f.agentId) parts.push(sql`(k.owner_id = ${f.agentId} or k.locked_by = ${f.agentId} or k.last_agent_id = ${f.agentId})`);
  if (f.success !== undefined) parts.push(sql`k.success = ${f.success}`);
  if (f.q?.trim()) {
    const p = like(f.q);
    parts.push(sql`(lower(coalesce(ct.name, '') || ' ' || coalesce(ct.first_name, '') || ' ' || coalesce(ct.last_name, '')) like ${p}
      or coalesce(ct.phone1, '') like ${p} or coalesce(ct.phone2, '') like ${p})`);
  }
  return sql.join(parts, sql` and `);
}

const orderBy: Record<NonNullable<CaseFilter['sort']>, SQL> = {
  order: sql`k.id`,
  created_asc: sql`k.created_at, k.id`,
  created_desc: sql`k.created_at desc, k.id desc`,
  next_attempt: sql`k.callable_at nulls last, k.id`,
  last_attempt: sql`k.last_attempt_at desc nulls last, k.id`,
};

export const PAGE = 50;

/** CP-8: per contact — the agent working it, its state, the result, connected or not, the next attempt. */
export async function listCases(db: Db, campaignId: number, f: CaseFilter, page: number) {
  const where = caseWhere(campaignId, f);
  const [{ n }] = await rows<{ n: number }>(db, sql`select count(*)::int as n from cases k join contacts ct on ct.id = k.contact_id where ${where}`);
  const items = await rows<Record<string, unknown>>(
    db,
    sql`select k.id, k.contact_id as "contactId",
      coalesce(ct.name, nullif(trim(coalesce(ct.first_name, '') || ' ' || coalesce(ct.last_name, '')), '')) as "contactName",
      ct.phone1_raw as phone1, ct.phone2_raw as phone2, ct.city, ct.street, ct.import_id as "importId",
      k.queue, k.status_id as "statusId", s.name as status, s.color as "statusColor", k.success, k.attempts,
      k.last_outcome as "lastOutcome", k.last_connected as "lastConnected", k.last_attempt_at as "lastAttemptAt",
      case when k.queue in ('closed', 'waiting') then null else k.callable_at end as "nextAttemptAt",
      k.owner_id as "ownerId", ou.display_name as owner, k.locked_by as "lockedBy", lu.display_name as "lockedByName",
      coalesce(lu.display_name, ou.display_name, au.display_name) as agent,
      k.priority, k.created_at as "createdAt", k.released_at as "releasedAt", k.closed_reason as "closedReason"
    from cases k join contacts ct on ct.id = k.contact_id
      left join statuses s on s.id = k.status_id
      left join users ou on ou.id = k.owner_id left join users lu on lu.id = k.locked_by left join users au on au.id = k.last_agent_id
    where ${where} order by ${orderBy[f.sort ?? 'order']} limit ${PAGE} offset ${(page - 1) * PAGE}`,
  );
  return { total: n, page, pageSize: PAGE, items: isoDates(items, ['lastAttemptAt', 'nextAttemptAt', 'createdAt', 'releasedAt']) };
}

/** CP-8 statistics: where the campaign's cases stand, by status and by agent. */
export async function campaignStats(db: Db, campaignId: number, now: Date) {
  const [totals] = await rows<Record<string, number>>(
    db,
    sql`select count(*)::int as total,
      count(*) filter (where released_at is null)::int as active,
      count(*) filter (where released_at is not null)::int as released,
      count(*) filter (where released_at is null and attempts = 0 and queue = 'fresh')::int as untouched,
      count(*) filter (where attempts > 0)::int as processed,
      count(*) filter (where released_at is null and queue = 'callback')::int as callbacks,
      count(*) filter (where released_at is null and queue = 'callback' and callable_at <= ${now})::int as callbacks_due,
      count(*) filter (where released_at is null and queue in ('retry', 'progressive', 'end_of_queue'))::int as to_retry,
      count(*) filter (where released_at is null and queue = 'waiting')::int as waiting,
      count(*) filter (where queue = 'closed')::int as closed,
      count(*) filter (where success)::int as successes,
      count(*) filter (where locked_by is not null)::int as in_progress,
      coalesce(sum(attempts), 0)::int as attempts
    from cases where campaign_id = ${campaignId}`,
  );
  const byStatus = await rows<{ statusId: number | null; status: string | null; color: string | null; n: number }>(
    db,
    sql`select k.status_id as "statusId", s.name as status, s.color, count(*)::int as n
    from cases k left join statuses s on s.id = k.status_id where k.campaign_id = ${campaignId} group by 1, 2, 3 order by 4 desc`,
  );
  const byAgent = await rows<{ agentId: number; agent: string; attempts: number; connected: number; successes: number }>(
    db,
    sql`select a.agent_id as "agentId", u.display_name as agent, count(*)::int as attempts, count(*) filter (where a.connected)::int as connected,
      (select count(*)::int from cases k where k.campaign_id = ${campaignId} and k.success and k.success_agent_id = a.agent_id) as successes
    from attempts a join users u on u.id = a.agent_id where a.campaign_id = ${campaignId} group by 1, 2 order by 3 desc`,
  );
  const byOutcome = await rows<{ outcome: string; n: number }>(
    db,
    sql`select outcome, count(*)::int as n from attempts where campaign_id = ${campaignId} group by 1 order by 2 desc`,
  );
  const camelTotals = Object.fromEntries(Object.entries(totals).map(([k, v]) => [k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()), Number(v)]));
  return { campaignId, ...camelTotals, byStatus, byAgent, byOutcome };
}

/** CP-5: the attempts (sessions) view; script answers are columns and can be searched. */
export async function listAttempts(db: Db, campaignId: number, f: { param?: string; value?: string; agentId?: number; page: number }) {
  const parts: SQL[] = [sql`a.campaign_id = ${campaignId}`];
  if (f.param && f.value !== undefined) parts.push(sql`lower(a.params ->> ${f.param}) like ${like(f.value)}`);
  else if (f.param) parts.push(sql`a.params ? ${f.param}`);
  if (f.agentId) parts.push(sql`a.agent_id = ${f.agentId}`);
  const where = sql.join(parts, sql` and `);
  const [{ n }] = await rows<{ n: number }>(db, sql`select count(*)::int as n from attempts a where ${where}`);
  const items = await rows<Record<string, unknown>>(
    db,
    sql`select a.id, a.case_id as "caseId", a.contact_id as "contactId",
      coalesce(ct.name, nullif(trim(coalesce(ct.first_name, '') || ' ' || coalesce(ct.last_name, '')), '')) as "contactName",
      a.phone, a.outcome, a.connected, s.name as status, u.display_name as agent, a.note, a.params, a.callback_at as "callbackAt",
      a.started_at as "startedAt", a.ended_at as "endedAt"
    from attempts a left join contacts ct on ct.id = a.contact_id left join statuses s on s.id = a.status_id left join users u on u.id = a.agent_id
    where ${where} order by a.ended_at desc, a.id desc limit ${PAGE} offset ${(f.page - 1) * PAGE}`,
  );
  const columns = await rows<{ key: string }>(
    db,
    sql`select distinct jsonb_object_keys(params) as key from (select params from attempts where campaign_id = ${campaignId} order by id desc limit 1000) x order by 1`,
  );
  return { total: n, page: f.page, pageSize: PAGE, columns: columns.map((c) => c.key), items: isoDates(items, ['callbackAt', 'startedAt', 'endedAt']) };
}
