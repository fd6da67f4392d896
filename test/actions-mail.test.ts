// Issue 5 end to end: e-mail actions through the whole actions runtime. A process status with a
// delayed e-mail action is set by an agent through the real work path; the case waits (the hopper
// never offers it), nothing is sent before the delay, then the due job sends exactly one mail to a
// real SMTP server on 127.0.0.1 and the case gets its success status as "system". Also: the SMTP
// server down at the due time (retried, delivered once) and an inbound e-mail (PR-4e) moving a
// case to a status whose e-mail action then runs.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { rows } from '../src/db/query.ts';
import { loginToCampaigns, saveResult, takeNextCase, type WorkDeps } from '../src/modules/agents/work.ts';
import type { ActionDef, ProcessDef, ProcessStatusDef } from '../src/modules/processes/types.ts';
import { emptyExits } from '../src/modules/processes/types.ts';
import { createTestContext, type TestContext } from './harness.ts';
import { startSmtpSink } from './smtp-sink.ts';
import { find, parseXml } from './strict-xml.ts';

let ctx: TestContext;
let work: WorkDeps;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let templateId = 0;
let token = '';

before(async () => {
  ctx = await createTestContext();
  work = { db: ctx.db, events: ctx.events, jobs: ctx.jobs, leaseMinutes: 60 };
  sink = await startSmtpSink();
  const account = await ctx.api('manager', 'POST', '/api/mail/accounts', {
    name: 'Office',
    host: '127.0.0.1',
    port: sink.port,
    security: 'none',
    username: 'parley',
    password: 's3cret-pass',
    fromAddress: 'cc@parley.example',
    fromName: 'Parley CC',
  });
  assert.equal(account.status, 201, account.res.body);
  const t = await ctx.api('manager', 'POST', '/api/mail/templates', {
    name: 'Offer',
    subject: 'Offer for {{contact.firstName}} {{contact.lastName}}',
    bodyText: 'Dear {{contact.firstName}},\nCampaign {{case.campaign}}, status {{case.status}}.',
  });
  assert.equal(t.status, 201, t.res.body);
  templateId = t.body.id;
  token = (await ctx.api('manager', 'POST', '/api/auth/tokens', { name: 'mail provider' })).body.token;
});
after(async () => {
  await sink.close();
  await ctx.close();
});
beforeEach(() => {
  sink.mails.length = 0;
});

// ---- a process campaign ------------------------------------------------------------------------
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
const delayed = (kind: ActionDef['kind'], param: string, minutes: number): ActionDef => ({
  kind,
  param,
  delay: { minutes, from: 'status' },
  successStatusKey: 'Mailed',
  failureStatusKey: 'Failed',
});

let run = 0;
/** A running process campaign with one contact (with an e-mail address) and the agent logged in. */
async function campaignWith(actions: ActionDef[], opts: { initialExits?: ProcessStatusDef['exits']; noEmail?: boolean } = {}) {
  run++;
  ctx.clock.set('2026-03-02T09:00:00Z');
  await ctx.db.execute(sql`update cases set locked_by = null, locked_until = null, released_at = coalesce(released_at, ${ctx.clock.now()})`);
  await ctx.db.execute(sql`update agent_states set current_case_id = null, call_id = null, state = 'logged_out', campaign_ids = '{}'`);
  const def: ProcessDef = {
    name: `Mail actions ${run}`,
    description: '',
    kind: 'operational',
    inboundStatusKeys: [],
    statuses: [
      st('New', 'none', { initial: true, exits: opts.initialExits ?? emptyExits() }),
      st('Send_offer', 'public_callback_relative', { callbackDelaySeconds: 60, exits: { ...emptyExits(), actions } }),
      st('Mailed', 'callback_end_of_queue', { availability: 'system' }),
      st('Failed', 'ending', { availability: 'system' }),
    ],
  };
  const p = await ctx.api('manager', 'POST', '/api/processes', def);
  assert.equal(p.status, 201, p.res.body);
  const statusId = Object.fromEntries(p.body.process.statuses.map((s: { key: string; id: number }) => [s.key, s.id])) as Record<string, number>;
  const city = `Mailcity${run}`;
  const email = `anna.nowak${run}@example.pl`;
  const contact = await ctx.api('manager', 'POST', '/api/contacts', {
    firstName: 'Anna',
    lastName: `Nowak${run}`,
    city,
    phone1: `+48502${String(run).padStart(3, '0')}111`,
    ...(opts.noEmail ? {} : { email }),
  });
  assert.equal(contact.status, 201, contact.res.body);
  const campaignName = `Spring offer ${run}`;
  const c = await ctx.api('manager', 'POST', '/api/campaigns', { name: campaignName, processId: p.body.process.id, agentIds: [ctx.users.agent] });
  assert.equal(c.status, 201, c.res.body);
  assert.equal((await ctx.api('manager', 'POST', '/api/assignments', { campaignId: c.body.id, filter: { city } })).status, 200);
  assert.equal((await ctx.api('manager', 'POST', `/api/campaigns/${c.body.id}/state`, { state: 'running' })).status, 200);
  await loginToCampaigns(work, agent(), [c.body.id], ctx.clock.now());
  const [k] = await rows<{ id: string }>(ctx.db, sql`select id from cases where campaign_id = ${c.body.id}`);
  return {
    campaignId: c.body.id as number,
    campaignName,
    caseId: Number(k.id),
    statusId,
    contactId: contact.body.id as number,
    email,
    lastName: `Nowak${run}`,
    processId: p.body.process.id as number,
    def,
  };
}
const agent = () => ctx.users.agent as number;
const next = async () => (await takeNextCase(work, agent(), ctx.clock.now())).caseId;

/** The agent takes the case and sets the status with the e-mail action. */
async function setSendOffer(c: { caseId: number; statusId: Record<string, number> }) {
  assert.equal(await next(), c.caseId, 'the agent is offered the case');
  await saveResult(work, agent(), c.caseId, { outcome: 'answered', statusId: c.statusId.Send_offer, answers: {} }, ctx.clock.now());
}
const caseRow = async (id: number) => (await rows<{ status_id: number; queue: string }>(ctx.db, sql`select status_id, queue from cases where id = ${id}`))[0];
const lastHistory = async (caseId: number) =>
  (
    await rows<{ source: string; requester_id: number | null; to_status_id: number; note: string }>(
      ctx.db,
      sql`select source, requester_id, to_status_id, note from case_history where case_id = ${caseId} order by id desc limit 1`,
    )
  )[0];
const actionsOf = async (caseId: number) => (await ctx.api('manager', 'GET', `/api/actions?caseId=${caseId}`)).body.items as Record<string, any>[];
const minutes = (n: number) => n * 60_000;
/** before counting "nothing sent": a moment for the sink to finish parsing anything that did arrive */
const settle = () => new Promise((r) => setTimeout(r, 100));

// ---- the tests ---------------------------------------------------------------------------------
test('a delayed "e-mail from a template" action: the case waits, nothing is sent early, then one mail and the success status as "system"', async () => {
  const c = await campaignWith([delayed('email_template', String(templateId), 30)]);
  await setSendOffer(c);
  assert.equal((await caseRow(c.caseId)).queue, 'waiting', 'the case waits for its delayed mail');
  const [queued] = await actionsOf(c.caseId);
  assert.equal(queued.state, 'queued');
  assert.equal(queued.kind, 'email_template');
  const [template] = await rows<{ name: string }>(ctx.db, sql`select name from mail_templates where id = ${templateId}`);
  assert.equal(queued.paramLabel, template.name, 'the template by name');

  ctx.clock.advance(minutes(29));
  assert.equal(await ctx.jobs.runDue(), 0, 'nothing is due before the delay');
  assert.equal(await next(), null, 'the hopper does not offer a waiting case, even after its 1-minute callback');
  await settle();
  assert.equal(sink.mails.length, 0, 'nothing sent before the delay');

  ctx.clock.advance(minutes(2));
  assert.equal(await ctx.jobs.runDue(), 1);
  const [m] = await sink.waitFor(1);
  assert.equal(m.envelopeFrom, 'cc@parley.example');
  assert.deepEqual(m.envelopeTo, [c.email]);
  assert.equal(m.parsed.from?.value[0].name, 'Parley CC');
  assert.equal(m.parsed.subject, `Offer for Anna ${c.lastName}`);
  assert.equal(m.parsed.text?.trim(), `Dear Anna,\nCampaign ${c.campaignName}, status Send_offer.`);
  assert.match(String(m.parsed.html), new RegExp(`<p>Dear Anna,<br>Campaign ${c.campaignName}, status Send_offer.</p>`));

  const k = await caseRow(c.caseId);
  assert.equal(k.status_id, c.statusId.Mailed, 'the success status');
  assert.notEqual(k.queue, 'waiting');
  const h = await lastHistory(c.caseId);
  assert.equal(h.source, 'system');
  assert.equal(h.requester_id, null);
  assert.equal(h.to_status_id, c.statusId.Mailed);
  assert.match(h.note, new RegExp(`email_template: sent to ${c.email}`));
  const [done] = await actionsOf(c.caseId);
  assert.equal(done.state, 'done');
  assert.match(done.detail, /sent to/);
  const [log] = await rows<{ state: string; case_id: number; recipient: string }>(
    ctx.db,
    sql`select state, case_id::int as case_id, recipient from mail_log where case_id = ${c.caseId}`,
  );
  assert.deepEqual(log, { state: 'sent', case_id: c.caseId, recipient: c.email });

  // the job run again (a redelivered job row) sends nothing more and changes nothing
  await ctx.db.execute(
    sql`update jobs set state = 'queued', run_at = ${ctx.clock.now()} where kind = 'actions.run' and payload->>'actionId' = ${String(done.id)}`,
  );
  assert.equal(await ctx.jobs.runDue(), 1);
  await settle();
  assert.equal(sink.mails.length, 1, 'exactly one mail');
  assert.equal((await caseRow(c.caseId)).status_id, c.statusId.Mailed);
  const [n] = await rows<{ n: number }>(ctx.db, sql`select count(*)::int as n from case_history where case_id = ${c.caseId} and source = 'system'`);
  assert.equal(n.n, 1, 'one "system" history row');
});

test('a delayed "case as XML" action: the mail carries the case and its XML attachment', async () => {
  const c = await campaignWith([delayed('email_case_xml', 'crm@partner.example', 10)]);
  await setSendOffer(c);
  ctx.clock.advance(minutes(9));
  assert.equal(await ctx.jobs.runDue(), 0);
  await settle();
  assert.equal(sink.mails.length, 0);
  ctx.clock.advance(minutes(2));
  assert.equal(await ctx.jobs.runDue(), 1);
  const [m] = await sink.waitFor(1);
  assert.deepEqual(m.envelopeTo, ['crm@partner.example']);
  assert.equal(m.envelopeFrom, 'cc@parley.example', 'the default account');
  assert.equal(m.parsed.subject, `Case ${c.caseId}: Anna ${c.lastName} (${c.campaignName}, Send_offer)`);
  assert.match(m.parsed.text ?? '', new RegExp(c.lastName));
  assert.equal(m.parsed.attachments.length, 1);
  const att = m.parsed.attachments[0];
  assert.equal(att.filename, `case-${c.caseId}.xml`);
  assert.equal(att.contentType, 'application/xml');
  const xml = parseXml(att.content.toString('utf8'));
  assert.equal(find(xml, 'contact/lastName')?.text, c.lastName);
  assert.equal(find(xml, 'contact/email')?.text, c.email);
  assert.equal((await caseRow(c.caseId)).status_id, c.statusId.Mailed);
  assert.equal((await lastHistory(c.caseId)).source, 'system');
});

test('the SMTP server is down at the due time: the action is retried and the mail delivered once when it is back', async () => {
  const c = await campaignWith([delayed('email_template', String(templateId), 5)]);
  await setSendOffer(c);
  const port = sink.port;
  await sink.close();
  ctx.clock.advance(minutes(6));
  assert.equal(await ctx.jobs.runDue(), 1, 'the due try');
  let [a] = await actionsOf(c.caseId);
  assert.equal(a.state, 'queued', 'waiting for the next try, not failed');
  assert.match(a.lastError ?? '', /ECONNREFUSED|connect/i);
  assert.equal((await caseRow(c.caseId)).queue, 'waiting', 'the case still waits');
  assert.equal((await caseRow(c.caseId)).status_id, c.statusId.Send_offer);

  sink = await startSmtpSink({ port });
  ctx.clock.advance(minutes(1)); // past the backoff
  assert.equal(await ctx.jobs.runDue(), 1, 'the retry');
  const [m] = await sink.waitFor(1);
  assert.deepEqual(m.envelopeTo, [c.email]);
  [a] = await actionsOf(c.caseId);
  assert.equal(a.state, 'done');
  assert.equal(a.attempts, 2);
  assert.equal((await caseRow(c.caseId)).status_id, c.statusId.Mailed);
  ctx.clock.advance(minutes(60));
  assert.equal(await ctx.jobs.runDue(), 0, 'no job left');
  await settle();
  assert.equal(sink.mails.length, 1, 'delivered once');
  const [log] = await rows<{ n: number }>(ctx.db, sql`select count(*)::int as n from mail_log where case_id = ${c.caseId} and state = 'sent'`);
  assert.equal(log.n, 1);
});

test('an inbound e-mail (PR-4e) moving a case to a status with an e-mail action runs that action', async () => {
  const c = await campaignWith([delayed('email_template', String(templateId), 15)], {
    initialExits: { ...emptyExits(), event: { inboundEmail: 'Send_offer' } },
  });
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/mail/inbound',
    headers: { authorization: `Bearer ${token}` },
    payload: { from: `Anna <${c.email.toUpperCase()}>`, to: 'offers@parley.example', subject: 'Please send the offer', text: 'Thanks' },
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json().casesChanged, [c.caseId]);
  assert.equal((await caseRow(c.caseId)).status_id, c.statusId.Send_offer);
  assert.equal((await caseRow(c.caseId)).queue, 'waiting');
  const [queued] = await actionsOf(c.caseId);
  assert.equal(queued.state, 'queued');

  ctx.clock.advance(minutes(16));
  assert.equal(await ctx.jobs.runDue(), 1);
  const [m] = await sink.waitFor(1);
  assert.deepEqual(m.envelopeTo, [c.email]);
  assert.equal(m.parsed.subject, `Offer for Anna ${c.lastName}`);
  assert.equal((await caseRow(c.caseId)).status_id, c.statusId.Mailed);
  assert.equal((await lastHistory(c.caseId)).source, 'system');
});

test('the SMTP server stays down: the action gives up after its tries with the reason and the failure status; a manual retry later delivers once', async () => {
  const c = await campaignWith([delayed('email_template', String(templateId), 5)]);
  await setSendOffer(c);
  const port = sink.port;
  await sink.close();
  ctx.clock.advance(minutes(6));
  let tries = 0;
  for (let i = 0; i < 20 && (await actionsOf(c.caseId))[0].state === 'queued'; i++) {
    tries += await ctx.jobs.runDue();
    ctx.clock.advance(minutes(5)); // past the longest backoff
  }
  let [a] = await actionsOf(c.caseId);
  assert.equal(a.state, 'failed');
  assert.equal(tries, 8, 'ACTION_MAX_ATTEMPTS tries');
  assert.match(a.lastError, /gave up after 8 tries/);
  assert.equal((await caseRow(c.caseId)).status_id, c.statusId.Failed, 'the failure status');
  const h = await lastHistory(c.caseId);
  assert.equal(h.source, 'system');
  assert.match(h.note, /email_template failed: .*gave up after 8 tries/);

  sink = await startSmtpSink({ port });
  // the failure status is the latest change, so a retry by hand sends the mail but sets no status
  const r = await ctx.api('manager', 'POST', `/api/actions/${a.id}/retry`);
  assert.equal(r.status, 200, r.res.body);
  assert.equal(await ctx.jobs.runDue(), 1);
  const [m] = await sink.waitFor(1);
  assert.deepEqual(m.envelopeTo, [c.email]);
  [a] = await actionsOf(c.caseId);
  assert.equal(a.state, 'done');
  assert.equal(await ctx.jobs.runDue(), 0);
  await settle();
  assert.equal(sink.mails.length, 1);
});

test('a contact without an e-mail address: the action fails at once (no retries) with the reason, and the case gets the failure status', async () => {
  const c = await campaignWith([delayed('email_template', String(templateId), 5)], { noEmail: true });
  await setSendOffer(c);
  ctx.clock.advance(minutes(6));
  assert.equal(await ctx.jobs.runDue(), 1);
  const [a] = await actionsOf(c.caseId);
  assert.equal(a.state, 'failed');
  assert.equal(a.attempts, 1, 'a retry cannot fix it');
  assert.match(a.lastError, /No recipient address/);
  assert.equal((await caseRow(c.caseId)).status_id, c.statusId.Failed);
  await settle();
  assert.equal(sink.mails.length, 0);
});

test('a template an e-mail action uses cannot be deleted (409 naming the process), nor while an action waits to send it', async () => {
  const t = await ctx.api('manager', 'POST', '/api/mail/templates', { name: 'Reminder', subject: 'Reminder', bodyText: 'Hello {{contact.firstName}}' });
  assert.equal(t.status, 201, t.res.body);
  const c = await campaignWith([delayed('email_template', String(t.body.id), 10)]);
  await setSendOffer(c);
  let del = await ctx.api('manager', 'DELETE', `/api/mail/templates/${t.body.id}`);
  assert.equal(del.status, 409, del.res.body);
  assert.equal(del.body.code, 'conflict');
  assert.match(del.body.message, new RegExp(`"Send_offer" of the process "${c.def.name}"`));

  // the process lets go of it; the case's action planned before still waits to send it
  const statuses = c.def.statuses.map((s) => (s.key === 'Send_offer' ? { ...s, exits: { ...s.exits, actions: [] } } : s));
  const saved = await ctx.api('manager', 'PUT', `/api/processes/${c.processId}`, { ...c.def, statuses });
  assert.equal(saved.status, 200, saved.res.body);
  del = await ctx.api('manager', 'DELETE', `/api/mail/templates/${t.body.id}`);
  assert.equal(del.status, 409, del.res.body);
  assert.match(del.body.message, /waiting/);

  ctx.clock.advance(minutes(11));
  assert.equal(await ctx.jobs.runDue(), 1);
  const [m] = await sink.waitFor(1);
  assert.equal(m.parsed.subject, 'Reminder');
  assert.equal((await ctx.api('manager', 'DELETE', `/api/mail/templates/${t.body.id}`)).status, 204, 'no one uses it now');
  // the other template, still used by the earlier tests' processes, stays
  assert.equal((await ctx.api('manager', 'DELETE', `/api/mail/templates/${templateId}`)).status, 409);
});
