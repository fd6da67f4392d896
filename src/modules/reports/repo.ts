// PR-6 schedules of a process: stored validated (cron, zone, campaigns of that process, account,
// template); every save puts the next slot on the job queue.
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { pgArray, rows } from '../../db/query.ts';
import { reportSchedules } from '../../db/schema.ts';
import { invalid, notFound } from '../../shared/errors.ts';
import type { ReportKind } from './build-report.ts';
import { checkSchedule, nextSlot } from './schedule.ts';

export type ReportSchedule = typeof reportSchedules.$inferSelect;

export interface ScheduleInput {
  name: string;
  cron: string;
  timeZone: string;
  kind: ReportKind;
  campaignIds: number[];
  accountId?: number | null;
  recipients: string[];
  templateId?: number | null;
  active?: boolean;
}

export const withNextRun = (s: ReportSchedule, now: Date) => ({ ...s, nextRunAt: s.active ? nextSlot(s.cron, s.timeZone, now) : null });

export async function listSchedules(db: Db, processId: number) {
  return db.select().from(reportSchedules).where(eq(reportSchedules.processId, processId)).orderBy(asc(reportSchedules.name), asc(reportSchedules.id));
}

export async function getSchedule(db: Db, id: number): Promise<ReportSchedule> {
  const [s] = await db.select().from(reportSchedules).where(eq(reportSchedules.id, id));
  if (!s) throw notFound('Report schedule');
  return s;
}

async function check(db: Db, processId: number, input: ScheduleInput) {
  checkSchedule(input.cron, input.timeZone);
  if ((await rows(db, sql`select 1 from processes where id = ${processId}`)).length === 0) throw notFound('Process', 'processId');
  const ids = [...new Set(input.campaignIds)];
  if (ids.length) {
    const found = await rows<{ id: number }>(db, sql`select id from campaigns where process_id = ${processId} and id = any(${pgArray(ids)}::int[])`);
    if (found.length !== ids.length) throw invalid('campaignIds', 'Every campaign must use this process');
  }
  if (input.accountId && !(await rows(db, sql`select 1 from smtp_accounts where id = ${input.accountId}`)).length) throw notFound('SMTP account', 'accountId');
  if (input.templateId && !(await rows(db, sql`select 1 from mail_templates where id = ${input.templateId}`)).length) throw notFound('Template', 'templateId');
  return ids;
}

export async function saveSchedule(db: Db, target: { processId: number } | { id: number }, input: ScheduleInput, now: Date): Promise<ReportSchedule> {
  const processId = 'id' in target ? (await getSchedule(db, target.id)).processId : target.processId;
  const campaignIds = await check(db, processId, input);
  const values = {
    name: input.name.trim(),
    cron: input.cron.trim().replace(/\s+/g, ' '),
    timeZone: input.timeZone,
    kind: input.kind,
    campaignIds,
    accountId: input.accountId ?? null,
    recipients: [...new Set(input.recipients.map((r) => r.trim().toLowerCase()))],
    templateId: input.templateId ?? null,
    active: input.active ?? true,
    updatedAt: now,
  };
  if ('id' in target) {
    const [s] = await db.update(reportSchedules).set(values).where(eq(reportSchedules.id, target.id)).returning();
    return s;
  }
  const [s] = await db
    .insert(reportSchedules)
    .values({ ...values, processId, createdAt: now })
    .returning();
  return s;
}

export async function deleteSchedule(db: Db, id: number) {
  const gone = await db.delete(reportSchedules).where(eq(reportSchedules.id, id)).returning({ id: reportSchedules.id });
  if (!gone.length) throw notFound('Report schedule');
}
