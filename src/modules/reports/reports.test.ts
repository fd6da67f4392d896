// PR-6: scheduled reports. Slots computed across DST in Europe/Warsaw; the API refuses bad
// schedules with field errors; a slot enqueued twice (restart, a second server) sends one mail;
// the mail carries an HTML table and a CSV attachment whose content is checked.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestContext } from '../../../test/harness.ts';
import { startSmtpSink } from '../../../test/smtp-sink.ts';
import { rows } from '../../db/query.ts';
import { loginToCampaigns, saveResult, takeNextCase, type WorkDeps } from '../agents/work.ts';
import { createJobRunner } from '../jobs/runner.ts';
import { emptyExits, type ProcessStatusDef } from '../processes/types.ts';
import { toCsv } from './csv.ts';
import { getSchedule } from './repo.ts';
import { checkSchedule, nextSlot, previousSlot } from './schedule.ts';
import { enqueueAllSchedules, enqueueNextSlot, queuedSlots, REPORT_JOB, reportJob, sendReport, slotKey } from './send-report.ts';

const ctx = await createTestContext();
const sink = await startSmtpSink();
after(async () => {
  await sink.close();
  await ctx.close();
});
const work: WorkDeps = { db: ctx.db, events: ctx.events, jobs: ctx.jobs, leaseMinutes: 60 };
let processId = 0;
let campaignId = 0;
let otherProcessCampaign = 0;

const st = (key: string, qualifier: ProcessStatusDef['qualifier'], over: Partial<ProcessStatusDef> = {}): ProcessStatusDef => ({
  key,
  name: key,
  description: '',
  responsibleUserId: null,
  availability: 'agents',
  qualifier,
  callbackDelaySeconds: null,
  callbackAt: null,
  color: '#336699',
  initial: false,
  x: 0,
  y: 0,
  exits: emptyExits(),
  ...over,
});
const processDef = (name: string) => ({
  name,
  description: '',
  kind: 'operational',
  inboundStatusKeys: [],
  statuses: [
    st('New', 'public_callback_relative', {
      initial: true,
      callbackDelaySeconds: 600,
      exits: { ...emptyExits(), script: [{ field: 'deal', value: 'yes', statusKey: 'Sale' }] },
    }),
    st('Sale', 'success_end', { name: 'Sale; "signed"' }),
  ],
});

before(async () => {
  const p = await ctx.api('manager', 'POST', '/api/processes', processDef('Reported'));
  assert.equal(p.status, 201, p.res.body);
  processId = p.body.process.id;
  const sale = p.body.process.statuses.find((s: { key: string }) => s.key === 'Sale').id;
  const other = await ctx.api('manager', 'POST', '/api/processes', processDef('Other'));
  otherProcessCampaign = (await ctx.api('manager', 'POST', '/api/campaigns', { name: 'Elsewhere', processId: other.body.process.id })).body.id;
  for (let i = 0; i < 3; i++)
    assert.equal((await ctx.api('manager', 'POST', '/api/contacts', { lastName: `R${i}`, city: 'Reportville', phone1: `+4850300000${i}` })).status, 201);
  campaignId = (await ctx.api('manager', 'POST', '/api/campaigns', { name: 'Łódź – sprzedaż', processId, agentIds: [ctx.users.agent] })).body.id;
  assert.equal((await ctx.api('manager', 'POST', '/api/assignments', { campaignId, filter: { city: 'Reportville' } })).status, 200);
  assert.equal((await ctx.api('manager', 'POST', `/api/campaigns/${campaignId}/state`, { state: 'running' })).status, 200);
  const agent = ctx.users.agent as number;
  await loginToCampaigns(work, agent, [campaignId], ctx.clock.now());
  const a = await takeNextCase(work, agent, ctx.clock.now());
  await saveResult(work, agent, a.caseId as number, { outcome: 'answered', statusId: sale }, ctx.clock.now());
  const acc = await ctx.api('manager', 'POST', '/api/mail/accounts', {
    name: 'Reports',
    host: '127.0.0.1',
    port: sink.port,
    security: 'none',
    fromAddress: 'reports@parley.example',
  });
  assert.equal(acc.status, 201, acc.res.body);
});

test('slots follow local time across DST in Europe/Warsaw', () => {
  const tz = 'Europe/Warsaw';
  // 08:00 local: 07:00Z in winter, 06:00Z from the last Sunday of March, 07:00Z again from the last Sunday of October
  assert.equal(nextSlot('0 8 * * *', tz, new Date('2026-03-28T07:30:00Z'))?.toISOString(), '2026-03-29T06:00:00.000Z');
  assert.equal(nextSlot('0 8 * * *', tz, new Date('2026-03-27T08:00:00Z'))?.toISOString(), '2026-03-28T07:00:00.000Z');
  assert.equal(nextSlot('0 8 * * *', tz, new Date('2026-10-24T06:30:00Z'))?.toISOString(), '2026-10-25T07:00:00.000Z');
  assert.equal(previousSlot('0 8 * * *', tz, new Date('2026-03-29T06:00:00Z'))?.toISOString(), '2026-03-28T07:00:00.000Z', 'a 23-hour period');
  // 02:30 does not exist on 29 March: the run moves to the first minute that does
  assert.equal(nextSlot('30 2 * * *', tz, new Date('2026-03-28T12:00:00Z'))?.toISOString(), '2026-03-29T01:00:00.000Z');
  // Monday 08:00 weekly, the week the clocks change
  assert.equal(nextSlot('0 8 * * 1', tz, new Date('2026-03-27T00:00:00Z'))?.toISOString(), '2026-03-30T06:00:00.000Z');
  assert.throws(
    () => checkSchedule('0 25 * * *', tz),
    (e: { field?: string }) => e.field === 'cron',
  );
  assert.throws(
    () => checkSchedule('0 8 * * *', 'Europe/Atlantis'),
    (e: { field?: string }) => e.field === 'timeZone',
  );
});

test('CSV: semicolons, decimal comma, quoting, UTF-8 with BOM, CRLF', () => {
  const csv = toCsv(
    ['Name', 'Rate %'],
    [
      ['Łódź; "A"', 2.5],
      ['Kraków', 10],
      [null, 0],
    ],
  );
  assert.equal(csv, '\uFEFFName;Rate %\r\n"Łódź; ""A""";2,50\r\nKraków;10\r\n;0\r\n');
});

test('the API validates schedules: bad cron / zone / campaigns of another process are field errors; managers only', async () => {
  const base = {
    name: 'Daily',
    cron: '0 8 * * *',
    timeZone: 'Europe/Warsaw',
    kind: 'campaign_results',
    campaignIds: [campaignId],
    recipients: ['boss@example.pl'],
  };
  const bad = async (over: object) => (await ctx.api('manager', 'POST', `/api/processes/${processId}/reports`, { ...base, ...over })).body;
  assert.equal((await bad({ cron: '0 8 * *' })).field, 'cron');
  assert.equal((await bad({ cron: '99 8 * * *' })).field, 'cron');
  assert.equal((await bad({ timeZone: 'Mars/Olympus' })).field, 'timeZone');
  assert.equal((await bad({ campaignIds: [otherProcessCampaign] })).field, 'campaignIds');
  assert.equal((await bad({ recipients: ['not-an-address'] })).code, 'validation_failed');
  assert.equal((await bad({ kind: 'everything' })).field, 'kind');
  assert.equal((await ctx.api('supervisor', 'POST', `/api/processes/${processId}/reports`, base)).status, 403);
});

test('one mail per slot when the slot is enqueued twice (restart, a second server); the next slot follows; HTML + CSV', async () => {
  const tpl = await ctx.api('manager', 'POST', '/api/mail/templates', {
    name: 'Report intro',
    subject: 'Wyniki {{report.name}}',
    bodyText: 'Dzień dobry,\n\nraport {{report.kind}} za {{report.period}}.',
  });
  assert.equal(tpl.status, 201, tpl.res.body);
  const created = await ctx.api('manager', 'POST', `/api/processes/${processId}/reports`, {
    name: 'Daily',
    cron: '0 8 * * *',
    timeZone: 'Europe/Warsaw',
    kind: 'campaign_results',
    campaignIds: [campaignId],
    recipients: ['boss@example.pl', 'Deputy@Example.pl'],
    templateId: tpl.body.id,
  });
  assert.equal(created.status, 201, created.res.body);
  const id = created.body.id as number;
  const slot = new Date('2026-03-03T07:00:00Z');
  assert.equal(created.body.nextRunAt, slot.toISOString());
  assert.deepEqual(
    (await queuedSlots(ctx.db, id)).map((j) => j.dedupe_key),
    [slotKey(id, slot)],
  );

  // a restart enqueues every schedule again; a second server does the same with its own runner
  await enqueueAllSchedules(ctx.deps);
  const second = createJobRunner({ db: ctx.db, clock: ctx.clock, random: ctx.deps.random, events: ctx.events, workerId: 'server-2', soleProcess: false });
  second.define(reportJob({ ...ctx.deps, jobs: second }));
  await enqueueNextSlot({ ...ctx.deps, jobs: second }, await getSchedule(ctx.db, id));
  assert.equal((await queuedSlots(ctx.db, id)).length, 1, 'the same slot is one job');

  ctx.clock.set(slot);
  const before = sink.mails.length;
  await Promise.all([ctx.jobs.runDue(), second.runDue()]);
  await sink.waitFor(before + 1);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(sink.mails.length, before + 1, 'one mail for the slot');
  // a retried job (or a late duplicate) finds the mail log and sends nothing
  const again = await sendReport(ctx.deps, await getSchedule(ctx.db, id), slot, slotKey(id, slot));
  assert.equal(again.alreadySent, true);
  assert.equal(sink.mails.length, before + 1);

  const slots = await queuedSlots(ctx.db, id);
  assert.deepEqual(
    slots.map((j) => [j.dedupe_key, j.state]),
    [
      [slotKey(id, slot), 'done'],
      [slotKey(id, new Date('2026-03-04T07:00:00Z')), 'queued'],
    ],
  );

  const m = sink.mails[before];
  assert.equal(m.envelopeFrom, 'reports@parley.example');
  assert.deepEqual(m.envelopeTo.sort(), ['boss@example.pl', 'deputy@example.pl']);
  assert.equal(m.parsed.subject, 'Wyniki Daily');
  assert.match(m.parsed.html || '', /<table/);
  assert.match(m.parsed.html || '', /Łódź – sprzedaż/);
  assert.match(m.parsed.text || '', /raport campaign results za 2026-03-02 08:00 – 2026-03-03 08:00 \(Europe\/Warsaw\)/);
  assert.equal(m.parsed.attachments.length, 1);
  const att = m.parsed.attachments[0];
  assert.equal(att.filename, 'report-campaign-results-2026-03-03.csv');
  const bytes = att.content;
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const lines = bytes.toString('utf8').slice(1).split('\r\n');
  assert.equal(lines[0], 'Campaign id;Campaign;State;Cases;Open;Closed;Successes;Attempts in period;Connected in period;Connect rate %');
  assert.equal(lines[1], `${campaignId};Łódź – sprzedaż;running;3;2;1;1;1;1;100`);
});

test('status breakdown, agent results and abandon rate reports; "send now" runs once outside the schedule', async () => {
  ctx.clock.set('2026-03-02T12:00:00Z'); // back within the sessions' lifetime
  const kinds = { status_breakdown: 'Sale; "signed"', agent_results: 'agent', abandon_rate: 'lifetime' } as const;
  for (const [kind, expected] of Object.entries(kinds)) {
    const s = await ctx.api('manager', 'POST', `/api/processes/${processId}/reports`, {
      name: `Now ${kind}`,
      cron: '0 7 1 * *',
      timeZone: 'Europe/Prague',
      kind,
      campaignIds: [],
      recipients: ['boss@example.pl'],
    });
    assert.equal(s.status, 201, s.res.body);
    const before = sink.mails.length;
    const r = await ctx.api('manager', 'POST', `/api/reports/${s.body.id}/send`);
    assert.equal(r.status, 202, r.res.body);
    await ctx.jobs.runDue();
    const [m] = (await sink.waitFor(before + 1)).slice(before);
    const csv = m.parsed.attachments[0].content.toString('utf8');
    assert.ok(csv.includes(expected.includes(';') ? `"${expected.replace(/"/g, '""')}"` : expected), `${kind}: ${csv}`);
    if (kind === 'status_breakdown') assert.match(csv, /Łódź – sprzedaż;New;2;0/);
    if (kind === 'agent_results') assert.match(csv, /agent;agent;1;1;1;100/);
    if (kind === 'abandon_rate') assert.match(csv, /Łódź – sprzedaż;24h;0;0;0/);
  }
  const [{ n }] = await rows<{ n: number }>(ctx.db, sql`select count(*)::int as n from jobs where kind = ${REPORT_JOB} and state = 'failed'`);
  assert.equal(n, 0);
});
