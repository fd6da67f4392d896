// AS-1..AS-4, AS-6: turn free contacts into cases of a campaign. Blocked contacts never,
// contacts in use elsewhere never, contacts already in the campaign skipped; the answer says
// how many were really added. Cases are created in the database view's sort, so assignment
// order (case id) is "as assigned, then address, city" (AS-6).
import { type SQL, sql } from 'drizzle-orm';
import { type Static, Type } from 'typebox';
import type { Db } from '../../db/client.ts';
import { assignmentItems } from '../../db/schema.ts';
import { campaignCounts, getCampaign } from '../campaigns/repo.ts';
import { ContactFilter, contactWhere, defaultOrder } from '../contacts/filter.ts';
import { isFree } from '../contacts/usage.ts';
import type { JobDefinition, JobRunner } from '../jobs/runner.ts';
import { rows } from '../../db/query.ts';
import type { EventBus } from '../../shared/events.ts';
import { caseDefaults } from '../cases/case-defaults.ts';

export const AssignRequest = Type.Object(
  {
    campaignId: Type.Integer({ minimum: 10000, maximum: 99999 }),
    filter: ContactFilter,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000, description: 'create at most this many cases (AS-2 slider, AS-4 count)' })),
  },
  { additionalProperties: false },
);
export type AssignRequest = Static<typeof AssignRequest>;

export interface AssignResult {
  added: number;
  skippedInUse: number;
  skippedBlocked: number;
  skippedDuplicate: number;
  [k: string]: number;
}

interface Ctx {
  now: Date;
  userId: number | null;
  country: string;
}

/** Eligible = matches the selection, free, not blocked, not in this campaign yet. */
async function eligibleWhere(db: Db, campaignId: number, filter: ContactFilter, country: string): Promise<SQL> {
  const where = await contactWhere(db, { ...filter, onlyFree: true, blocked: 'exclude' }, country);
  // CP-7: the campaign's own contact filter decides which contacts may join it at all
  const own = (await getCampaign(db, campaignId)).contactFilter as ContactFilter | null;
  const joinable = own ? await contactWhere(db, { ...own, onlyFree: true, blocked: 'exclude' }, country) : sql`true`;
  return sql`${where} and ${joinable} and not exists (select 1 from cases k where k.campaign_id = ${campaignId} and k.contact_id = contacts.id)`;
}

/** AS-2: how many are selected, for how many the action is possible, and the campaign's counts. */
export async function previewAssignment(db: Db, input: { campaignId?: number; filter: ContactFilter }, country: string) {
  const selectedWhere = await contactWhere(db, { ...input.filter, onlyFree: input.filter.onlyFree ?? !input.filter.ids }, country);
  const sel = await rows<{ n: string; free: string }>(
    db,
    sql`
    select count(*) as n, count(*) filter (where ${isFree} and not blocked) as free from contacts where ${selectedWhere}`,
  );
  const result = {
    selected: Number(sel[0].n),
    free: Number(sel[0].free),
    eligible: Number(sel[0].free),
    campaign: null as null | { id: number; name: string; total: number; unused: number },
  };
  if (input.campaignId) {
    const campaign = await getCampaign(db, input.campaignId);
    const where = await eligibleWhere(db, input.campaignId, input.filter, country);
    const r = await rows<{ n: string }>(db, sql`select count(*) as n from contacts where ${where}`);
    result.eligible = Number(r[0].n);
    result.campaign = { id: campaign.id, name: campaign.name, ...(await campaignCounts(db, campaign.id)) };
  }
  return result;
}

/**
 * Assigns one batch: `source` yields (contact_id, ord). Locks the contacts (a concurrent block
 * waits), skips the blocked, those held by another campaign and those already in this one, and
 * creates the cases in `ord` order. The partial unique index on active cases settles any race
 * with a concurrent assignment (ON CONFLICT DO NOTHING). The case is the contact's "in use"
 * mark, its latest use (CT-8) and its timeline entry, so nothing else is written.
 */
async function assignBatch(db: Db, campaignId: number, source: SQL, ctx: Ctx): Promise<AssignResult> {
  const defaults = await caseDefaults(db, campaignId);
  const [row] = await rows<Record<string, string>>(
    db,
    sql`
    with candidates as (${source}),
    locked as (
      select c.id, c.blocked, cand.ord, ${defaults.zone} as tz,
        exists (select 1 from cases d where d.contact_id = c.id and d.campaign_id = ${campaignId}) as dup,
        exists (select 1 from cases a where a.contact_id = c.id and a.released_at is null and not a.inbound) as in_use
      from contacts c join candidates cand on cand.contact_id = c.id
      for update of c),
    ins as (
      insert into cases (campaign_id, contact_id, created_by, created_at, status_id, tz)
      select ${campaignId}, id, ${ctx.userId}, ${ctx.now}, ${defaults.initialStatusId}::int, tz from locked
      where not dup and not in_use and not blocked order by ord
      on conflict do nothing
      returning 1)
    select
      (select count(*) from ins) as added,
      (select count(*) from locked where dup) as dup,
      (select count(*) from locked where not dup and in_use) as in_use,
      (select count(*) from locked where not dup and not in_use and blocked) as blocked,
      (select count(*) from locked where not dup and not in_use and not blocked) as free`,
  );
  const added = Number(row.added);
  // a free contact not added lost a race to a concurrent assignment: it is in use now
  return { added, skippedDuplicate: Number(row.dup), skippedInUse: Number(row.in_use) + Number(row.free) - added, skippedBlocked: Number(row.blocked) };
}

const addResults = (a: AssignResult, b: AssignResult): AssignResult => ({
  added: a.added + b.added,
  skippedInUse: a.skippedInUse + b.skippedInUse,
  skippedBlocked: a.skippedBlocked + b.skippedBlocked,
  skippedDuplicate: a.skippedDuplicate + b.skippedDuplicate,
});
const emptyResult = (): AssignResult => ({ added: 0, skippedInUse: 0, skippedBlocked: 0, skippedDuplicate: 0 });

/** Small assignments run at once, in one transaction. */
export async function assignNow(db: Db, req: AssignRequest, ctx: Ctx): Promise<AssignResult> {
  await getCampaign(db, req.campaignId);
  const where = await eligibleWhere(db, req.campaignId, req.filter, ctx.country);
  const source = sql`select id as contact_id, row_number() over (order by ${defaultOrder}) as ord from contacts where ${where} order by ${defaultOrder} ${req.limit ? sql`limit ${req.limit}` : sql``}`;
  return db.transaction((tx) => assignBatch(tx, req.campaignId, source, ctx));
}

export const ASSIGN_JOB = 'contacts.assign';
const BATCH = 10_000;

export const AssignJobPayload = Type.Object({
  request: AssignRequest,
  userId: Type.Union([Type.Integer(), Type.Null()]),
  country: Type.String(),
  batchSize: Type.Optional(Type.Integer({ minimum: 1 })),
});

interface AssignProgress extends AssignResult {
  total: number;
  done: number;
}

/**
 * AS-3: large assignments run as a job. The target set is materialised once, in the database
 * sort; each batch commits its cases together with the checkpoint, so after a crash the job
 * resumes where it stopped and never assigns twice.
 */
export function assignJob(deps: { db: Db; clock: { now(): Date }; events?: EventBus }): JobDefinition<Static<typeof AssignJobPayload>> {
  return {
    kind: ASSIGN_JOB,
    payload: AssignJobPayload,
    async run({ job, payload, progress }) {
      const { db, clock } = deps;
      const { request } = payload;
      const jobId = job.id;
      let state = job.progress as AssignProgress | null;
      if (!state) {
        const where = await eligibleWhere(db, request.campaignId, request.filter, payload.country);
        state = await db.transaction(async (tx) => {
          await tx.delete(assignmentItems).where(sql`job_id = ${jobId}`);
          await tx.execute(sql`
            insert into assignment_items (job_id, pos, contact_id)
            select ${jobId}, row_number() over (order by ${defaultOrder}), id from contacts where ${where}
            order by ${defaultOrder} ${request.limit ? sql`limit ${request.limit}` : sql``}`);
          // fresh statistics, or the planner may scan the whole table for every batch
          await tx.execute(sql`analyze assignment_items`);
          const [{ n }] = await rows<{ n: string }>(tx, sql`select count(*) as n from assignment_items where job_id = ${jobId}`);
          const total = Number(n);
          const initial: AssignProgress = { total, done: 0, ...emptyResult() };
          await progress(initial, tx);
          return initial;
        });
      }
      while (state.done < state.total) {
        const from = state.done;
        const to = Math.min(state.total, from + (payload.batchSize ?? BATCH));
        const ctx = { now: clock.now(), userId: payload.userId, country: payload.country };
        const source = sql`select contact_id, pos as ord from assignment_items where job_id = ${jobId} and pos > ${from} and pos <= ${to}`;
        const before: AssignProgress = state;
        state = await db.transaction(async (tx) => {
          const batch = await assignBatch(tx, request.campaignId, source, ctx);
          const next: AssignProgress = { ...addResults(before, batch), total: before.total, done: to };
          await progress(next, tx);
          return next;
        });
      }
      await db.delete(assignmentItems).where(sql`job_id = ${jobId}`);
      deps.events?.publish({ type: 'campaign.changed', userId: null, campaignId: request.campaignId });
      const { total, done: _, ...result } = state;
      return { ...result, total };
    },
  };
}

/** Runs small requests inline; queues large ones. */
export async function assignContacts(db: Db, jobs: JobRunner, req: AssignRequest, ctx: Ctx & { syncLimit: number }) {
  const preview = await previewAssignment(db, { campaignId: req.campaignId, filter: req.filter }, ctx.country);
  const target = Math.min(preview.eligible, req.limit ?? Number.POSITIVE_INFINITY);
  if (target <= ctx.syncLimit) {
    return { mode: 'done' as const, result: { ...(await assignNow(db, req, ctx)), total: target } };
  }
  const job = await jobs.enqueue(db, ASSIGN_JOB, { request: req, userId: ctx.userId, country: ctx.country }, { createdBy: ctx.userId, maxAttempts: 10 });
  return { mode: 'queued' as const, jobId: job.id, total: target };
}
