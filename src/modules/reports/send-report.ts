// PR-6 delivery: each slot of a schedule is a durable job with the deterministic dedupe key
// report:<scheduleId>:<slot ISO>, so a restart or a second server enqueuing the same slot adds
// nothing; the mail is logged under the same key, so a retried job sends once. After a run (and
// at start) the next slot is enqueued.
import { eq, sql } from 'drizzle-orm';
import { Type, type Static } from 'typebox';
import type { Database, Db } from '../../db/client.ts';
import { rows } from '../../db/query.ts';
import { processes, reportSchedules } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { type JobDefinition, type JobRunner, PermanentJobError } from '../jobs/runner.ts';
import { accountFor } from '../mail/accounts.ts';
import { type Mailer, PermanentMailError } from '../mail/mailer.ts';
import { sendLogged } from '../mail/send.ts';
import { escapeHtml, render, textToHtml } from '../mail/template.ts';
import { getTemplate } from '../mail/templates.ts';
import { buildReport, reportCampaigns } from './build-report.ts';
import { toCsv } from './csv.ts';
import type { ReportSchedule } from './repo.ts';
import { isSlot, nextSlot, previousSlot } from './schedule.ts';

export const REPORT_JOB = 'reports.send';
const Payload = Type.Object({ scheduleId: Type.Integer(), slot: Type.String({ format: 'date-time' }), manual: Type.Optional(Type.Boolean()) });

export interface ReportDeps {
  db: Database;
  clock: Clock;
  jobs: JobRunner;
  mailer: Mailer;
}

export const slotKey = (scheduleId: number, slot: Date) => `report:${scheduleId}:${slot.toISOString()}`;

/** Puts the schedule's next slot (after `after`, default now) on the queue; a slot already there is left alone. */
export async function enqueueNextSlot(deps: ReportDeps, s: ReportSchedule, after?: Date, executor: Db = deps.db) {
  if (!s.active) return null;
  const now = deps.clock.now();
  const slot = nextSlot(s.cron, s.timeZone, after && after > now ? after : now);
  if (!slot) return null;
  return deps.jobs.enqueue(executor, REPORT_JOB, { scheduleId: s.id, slot: slot.toISOString() }, { runAt: slot, dedupeKey: slotKey(s.id, slot) });
}

/** At start: every active schedule has its next slot queued. */
export async function enqueueAllSchedules(deps: ReportDeps) {
  const list = await deps.db.select().from(reportSchedules).where(eq(reportSchedules.active, true));
  for (const s of list) await enqueueNextSlot(deps, s);
  return list.length;
}

/** "Send now": a one-off run with its own key (now), outside the slot sequence. */
export async function enqueueSendNow(deps: ReportDeps, s: ReportSchedule, userId: number) {
  const at = deps.clock.now();
  return deps.jobs.enqueue(
    deps.db,
    REPORT_JOB,
    { scheduleId: s.id, slot: at.toISOString(), manual: true },
    { dedupeKey: `report:${s.id}:manual:${at.toISOString()}`, createdBy: userId },
  );
}

const DEFAULT_SUBJECT = 'Parley report: {{report.name}} ({{report.period}})';
const DEFAULT_INTRO = '{{report.name}}: {{report.kind}} for {{report.campaigns}}, process {{report.process}}, period {{report.period}}.';
const kindTitle: Record<ReportSchedule['kind'], string> = {
  campaign_results: 'campaign results',
  status_breakdown: 'status breakdown',
  agent_results: 'agent results',
  abandon_rate: 'abandon rate by window',
};
const localTime = (d: Date, tz: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(d);

/** Builds and sends one report; `key` makes it idempotent. */
export async function sendReport(deps: ReportDeps, s: ReportSchedule, slot: Date, key: string) {
  const { db } = deps;
  const from = previousSlot(s.cron, s.timeZone, slot) ?? new Date(slot.getTime() - 86_400_000);
  const table = await buildReport(db, { kind: s.kind, processId: s.processId, campaignIds: s.campaignIds, from, to: slot, now: deps.clock.now() });
  const [process] = await db.select({ name: processes.name }).from(processes).where(eq(processes.id, s.processId));
  const campaigns = await reportCampaigns(db, s.processId, s.campaignIds);
  const period = `${localTime(from, s.timeZone)} – ${localTime(slot, s.timeZone)} (${s.timeZone})`;
  const values: Record<string, string> = {
    'report.name': s.name,
    'report.kind': kindTitle[s.kind],
    'report.period': period,
    'report.process': process?.name ?? '',
    'report.campaigns': campaigns.map((c) => c.name).join(', ') || '—',
  };
  const template = s.templateId ? await getTemplate(db, s.templateId).catch(() => undefined) : undefined;
  const subject = render(template?.subject ?? DEFAULT_SUBJECT, values).replace(/[\r\n]+/g, ' ');
  const intro = render(template?.bodyText ?? DEFAULT_INTRO, values);
  const head = `<tr>${table.columns.map((c) => `<th style="text-align:left;border-bottom:1px solid #999;padding:4px 8px">${escapeHtml(c)}</th>`).join('')}</tr>`;
  const body = table.rows
    .map(
      (r) =>
        `<tr>${r.map((v) => `<td style="padding:4px 8px${typeof v === 'number' ? ';text-align:right' : ''}">${escapeHtml(v === null ? '' : String(v))}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const html = `${textToHtml(intro)}\n<table style="border-collapse:collapse;font-family:sans-serif;font-size:13px">\n${head}\n${body}\n</table>\n${
    table.rows.length ? '' : '<p>No data in this period.</p>'
  }`;
  const text = `${intro}\n\n${[table.columns, ...table.rows].map((r) => r.map((v) => (v === null ? '' : String(v))).join('\t')).join('\n')}\n`;
  const account = await accountFor(db, s.accountId ?? template?.accountId);
  const day = localTime(slot, s.timeZone).slice(0, 10);
  const sent = await sendLogged(
    { db, mailer: deps.mailer, now: () => deps.clock.now() },
    {
      idempotencyKey: key,
      account,
      mail: {
        to: s.recipients,
        subject,
        text,
        html,
        attachments: [
          { filename: `report-${s.kind.replace(/_/g, '-')}-${day}.csv`, content: toCsv(table.columns, table.rows), contentType: 'text/csv; charset=utf-8' },
        ],
      },
    },
  );
  return { rows: table.rows.length, alreadySent: sent.alreadySent };
}

export function reportJob(deps: ReportDeps): JobDefinition<Static<typeof Payload>> {
  return {
    kind: REPORT_JOB,
    payload: Payload,
    maxAttempts: 8,
    async run({ payload, job }) {
      const [s] = await deps.db.select().from(reportSchedules).where(eq(reportSchedules.id, payload.scheduleId));
      if (!s) return { skipped: 'schedule deleted' };
      const slot = new Date(payload.slot);
      if (!payload.manual && (!s.active || !isSlot(s.cron, s.timeZone, slot))) return { skipped: 'schedule changed' };
      const key = job.dedupeKey ?? slotKey(s.id, slot);
      try {
        const r = await sendReport(deps, s, slot, key);
        await deps.db.execute(sql`update report_schedules set last_sent_at = ${deps.clock.now()} where id = ${s.id}`);
        return { ...r, slot: payload.slot };
      } catch (err) {
        if (err instanceof PermanentMailError) throw new PermanentJobError(err.message);
        throw err;
      } finally {
        // the sequence goes on even when this slot failed for good
        if (!payload.manual) await enqueueNextSlot(deps, s, slot);
      }
    },
  };
}

/** For tests and the UI: the jobs queued for a schedule. */
export async function queuedSlots(db: Db, scheduleId: number) {
  return rows<{ dedupe_key: string; run_at: Date; state: string }>(
    db,
    sql`select dedupe_key, run_at, state from jobs where kind = ${REPORT_JOB} and dedupe_key like ${`report:${scheduleId}:%`} order by run_at, id`,
  );
}
