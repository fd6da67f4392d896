// Inbound queues and callback campaigns (CB-1..CB-5) through the real app and database on the
// simulated network in virtual time: arrivals, the key and hang-up triggers, callbacks worked
// through the preview dial path, blending with an outbound campaign, and tickets.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { rows } from '../src/db/query.ts';
import { createUser } from '../src/modules/auth/users-repo.ts';
import { startInboundDay } from '../src/modules/inbound/inbound-day.ts';
import { createTestContext, type TestContext } from './harness.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

let run = 0;
const agent = () => ctx.users.agent as number;
const state = async () => (await ctx.api('agent', 'GET', '/api/agent/state')).body;
const allDay: [string, string][] = [['00:00', '24:00']];
const always = { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay };
const answersAtOnce = {
  outcomes: { live: 1, machine: 0, busy: 0, invalid: 0, noAnswer: 0 },
  ringLiveSeconds: { mean: 3, sd: 0.5 },
  talkSeconds: { mean: 60, sd: 1 },
};
const callbackSettings = {
  delaySeconds: 60,
  agentSharePercent: 50,
  order: 'oldest',
  priority: 'always',
  neverCallNumbers: [] as string[],
  expiryMinutes: 120,
  retries: 1,
  retryIntervalMinutes: 5,
};

async function reset() {
  run++;
  ctx.clock.set('2026-03-02T09:00:00Z'); // Monday 10:00 in Warsaw
  await ctx.db.execute(sql`update agent_states set current_case_id = null, call_id = null, state = 'logged_out', campaign_ids = '{}'`);
  await ctx.db.execute(sql`delete from inbound_queues`);
  await ctx.db.execute(sql`update cases set locked_by = null, locked_until = null`);
}

/** An outbound campaign the agent logs in to (with `contacts` numbers assigned), running. */
async function outbound(settings: Record<string, unknown> = {}, contacts = 0) {
  const c = await ctx.api('manager', 'POST', '/api/campaigns', { name: `Outbound ${run}`, agentIds: [agent()], workingHours: always, ...settings });
  assert.equal(c.status, 201, c.res.body);
  const city = `Blendtown${run}`;
  for (let i = 0; i < contacts; i++)
    await ctx.api('manager', 'POST', '/api/contacts', { lastName: `O${i}`, city, phone1: `+4852${String(run).padStart(2, '0')}${String(i).padStart(5, '0')}` });
  if (contacts) assert.equal((await ctx.api('manager', 'POST', '/api/assignments', { campaignId: c.body.id, filter: { city } })).status, 200);
  assert.equal((await ctx.api('manager', 'POST', `/api/campaigns/${c.body.id}/state`, { state: 'running' })).status, 200);
  return c.body.id as number;
}

async function callbackCampaign(settings: Record<string, unknown> = {}) {
  const c = await ctx.api('manager', 'POST', '/api/campaigns', {
    name: `Callbacks ${run}`,
    type: 'callback',
    mode: 'preview',
    previewSeconds: 5,
    wrapUpSeconds: 30,
    workingHours: always,
    networkProfile: answersAtOnce,
    callbackSettings,
    ...settings,
  });
  assert.equal(c.status, 201, c.res.body);
  assert.equal((await ctx.api('manager', 'POST', `/api/campaigns/${c.body.id}/state`, { state: 'running' })).status, 200);
  return c.body.id as number;
}

async function queue(settings: Record<string, unknown>) {
  const q = await ctx.api('manager', 'POST', '/api/inbound/queues', {
    name: `Hotline ${run}`,
    number: `+4822${String(run).padStart(7, '0')}`,
    agentIds: [agent()],
    triggerKey: '5',
    hangupAfterSeconds: 30,
    arrivals: { callsPerHour: 0, patienceSeconds: 60, keyPressShare: 0, talkSeconds: 60 },
    ...settings,
  });
  assert.equal(q.status, 201, q.res.body);
  return q.body as { id: number; number: string };
}

/** Stops the day; no engine task may have failed in it. */
async function stopDay(d: Awaited<ReturnType<typeof startInboundDay>>) {
  await d.stop();
  assert.deepEqual(d.errors, [], 'no engine task failed');
}

const day = (seed = 1) => startInboundDay({ db: ctx.db, events: ctx.events, jobs: ctx.jobs, clock: ctx.clock, seed, robots: false });
const plan = (p: Partial<{ patienceSeconds: number; keyAfterSeconds: number | null; digit: string; talkSeconds: number }> = {}) => ({
  patienceSeconds: 600,
  keyAfterSeconds: null,
  digit: '5',
  talkSeconds: 60,
  ...p,
});

test('queues API: managers edit, supervisors read; the callback campaign must be a callback campaign; settings are checked', async () => {
  await reset();
  const out = await outbound();
  const cb = await callbackCampaign({ callbackSettings: { ...callbackSettings, neverCallNumbers: ['600 100 200', '+48600100200'] } });
  const got = await ctx.api('supervisor', 'GET', `/api/campaigns/${cb}`);
  assert.deepEqual(got.body.callbackSettings.neverCallNumbers, ['+48600100200'], 'never-call numbers stored as E.164 once');
  assert.equal((await ctx.api('manager', 'PATCH', `/api/campaigns/${cb}`, { mode: 'predictive' })).status, 400, 'callbacks are dialed in preview');
  const body = { name: 'Sales line', number: '22 123 45 67', agentIds: [agent()], callbackMode: 'campaign', callbackCampaignId: cb, triggerKey: '5' };
  assert.equal((await ctx.api('supervisor', 'POST', '/api/inbound/queues', body)).status, 403);
  assert.equal((await ctx.api('agent', 'GET', '/api/inbound/queues')).status, 403);
  const wrongCampaign = await ctx.api('manager', 'POST', '/api/inbound/queues', { ...body, callbackCampaignId: out });
  assert.equal(wrongCampaign.status, 400);
  assert.equal(wrongCampaign.body.field, 'callbackCampaignId');
  const noTrigger = await ctx.api('manager', 'POST', '/api/inbound/queues', { ...body, triggerKey: null });
  assert.equal(noTrigger.body.field, 'triggerKey', 'a callback needs a key or a hang-up time');
  assert.equal((await ctx.api('manager', 'POST', '/api/inbound/queues', { ...body, triggerKey: '12' })).status, 400, 'one key 0-9');
  const made = await ctx.api('manager', 'POST', '/api/inbound/queues', body);
  assert.equal(made.status, 201, made.res.body);
  assert.equal(made.body.number, '+48221234567');
  assert.equal(made.body.ticketSubject, 'Missed call from number %number%');
  assert.equal((await ctx.api('manager', 'POST', '/api/inbound/queues', { ...body, name: 'Other' })).status, 409, 'one queue per number');
  const patched = await ctx.api('manager', 'PATCH', `/api/inbound/queues/${made.body.id}`, { callbackMode: 'ticket', ticketSubject: 'Oddzwoń do %number%' });
  assert.equal(patched.status, 200, patched.res.body);
  assert.equal(patched.body.ticketSubject, 'Oddzwoń do %number%');
  assert.equal((await ctx.api('supervisor', 'GET', '/api/inbound/queues')).body.length, 1);
  assert.equal((await ctx.api('supervisor', 'GET', '/api/inbound/figures')).status, 200);
});

test('arrivals: a caller goes to a ready member, waits FIFO while all are busy, and the agent is free after the call', async () => {
  await reset();
  const out = await outbound();
  const q = await queue({ callbackMode: 'none', triggerKey: null, hangupAfterSeconds: null });
  const d = await day();
  assert.equal((await ctx.api('agent', 'POST', '/api/agent/login', { campaignIds: [out] })).status, 200);
  await d.run(500);
  d.network.ring(q.number, '+48600000001', plan({ talkSeconds: 100 }));
  await d.run(500);
  let s = await state();
  assert.equal(s.state, 'talking', 'answered by the ready member');
  assert.equal(s.callId, null, 'no dialer call: an inbound one');
  const inCall = await ctx.api('agent', 'GET', '/api/agent/inbound');
  assert.equal(inCall.body.call.phone, '+48600000001');
  d.network.ring(q.number, '+48600000002', plan());
  await d.run(1000);
  d.network.ring(q.number, '+48600000003', plan());
  await d.run(1000);
  assert.deepEqual(d.runtime.waitingNow(), { [q.id]: 2 });
  assert.equal((await ctx.api('supervisor', 'GET', '/api/inbound/figures')).body[0].waiting, 2);
  await d.run(100_000);
  const answered = await rows<{ phone: string; agent_id: number }>(
    ctx.db,
    sql`select phone, agent_id from inbound_calls where queue_id = ${q.id} and answered_at is not null order by answered_at`,
  );
  assert.deepEqual(
    answered.map((a) => a.phone),
    ['+48600000001', '+48600000002'],
    'the first waiting caller is answered first',
  );
  // the agent hangs up the second call
  assert.equal((await ctx.api('agent', 'POST', '/api/agent/inbound/hangup')).status, 202);
  await d.run(1000);
  s = await state();
  assert.equal(s.state, 'talking', 'the third caller at once');
  await d.run(70_000);
  assert.equal((await state()).state, 'ready');
  const [row] = await rows<{ n: number }>(ctx.db, sql`select count(*)::int as n from inbound_calls where queue_id = ${q.id} and outcome = 'answered'`);
  assert.equal(row.n, 3);
  await stopDay(d);
});

test('each caller goes to one member, the longest idle; a withheld number gets no callback', async () => {
  await reset();
  const out = await outbound();
  const other = (await createUser(ctx.db, { username: `agent-b${run}`, displayName: 'Agent B', role: 'agent', password: 'password-b-1' }, ctx.clock.now())).id;
  const cb = await callbackCampaign();
  const q = await queue({ agentIds: [agent(), other], callbackMode: 'campaign', callbackCampaignId: cb });
  assert.equal((await ctx.api('agent', 'POST', '/api/agent/login', { campaignIds: [out] })).status, 200);
  // agent B has been ready longer
  await ctx.db.execute(
    sql`insert into agent_states (user_id, state, since, campaign_ids) values (${other}, 'ready', ${new Date(ctx.clock.now().getTime() - 60_000)}, '{}')`,
  );
  const d = await day(10);
  d.network.ring(q.number, '+48600000081', plan());
  await d.run(1000);
  const talking = await rows<{ user_id: number }>(ctx.db, sql`select user_id from agent_states where state = 'talking' order by user_id`);
  assert.deepEqual(
    talking.map((t) => t.user_id),
    [other],
    'one caller, one agent: the longest idle',
  );
  assert.equal((await state()).state, 'ready');
  d.network.ring(q.number, '+48600000082', plan());
  await d.run(1000);
  assert.equal((await state()).state, 'talking', 'the next caller to the other member');
  d.network.ring(q.number, 'anonymous', plan({ keyAfterSeconds: 2 }));
  await d.run(5000);
  const [withheld] = await rows<{ outcome: string; callback_case_id: number | null }>(
    ctx.db,
    sql`select outcome, callback_case_id from inbound_calls where phone = 'anonymous'`,
  );
  assert.deepEqual(withheld, { outcome: 'abandoned', callback_case_id: null });
  await d.run(70_000);
  await stopDay(d);
});

test('CB-2: the key press and a long enough wait make a callback; a second missed call updates it; never-call numbers get none', async () => {
  await reset();
  const cb = await callbackCampaign({ callbackSettings: { ...callbackSettings, neverCallNumbers: ['+48600000099'] } });
  const q = await queue({ callbackMode: 'campaign', callbackCampaignId: cb, triggerMessage: 'We will call you back', agentIds: [] });
  const d = await day(3);
  const missedAt = ctx.clock.now().getTime() + 10_000;
  d.network.ring(q.number, '+48600000011', plan({ keyAfterSeconds: 10 }));
  d.network.ring(q.number, '+48600000012', plan({ patienceSeconds: 45 }));
  d.network.ring(q.number, '+48600000013', plan({ patienceSeconds: 20 }));
  d.network.ring(q.number, '+48600000099', plan({ keyAfterSeconds: 5 }));
  d.network.ring(q.number, '+48600000011', plan({ keyAfterSeconds: 30 }));
  await d.run(60_000);
  const calls = await rows<{ phone: string; outcome: string; trigger: string | null; key_pressed: string | null }>(
    ctx.db,
    sql`select phone, outcome, trigger, key_pressed from inbound_calls where queue_id = ${q.id} order by id`,
  );
  assert.deepEqual(
    calls.map((c) => [c.phone, c.outcome, c.trigger]),
    [
      ['+48600000011', 'callback', 'key'],
      ['+48600000012', 'callback', 'hangup'],
      ['+48600000013', 'abandoned', null],
      ['+48600000099', 'never_call', 'key'],
      ['+48600000011', 'callback', 'key'],
    ],
  );
  const requests = await rows<{ phone: string; missed_calls: number; first_missed_at: Date; expires_at: Date; callable_at: Date; inbound: boolean }>(
    ctx.db,
    sql`select r.phone, r.missed_calls, r.first_missed_at, r.expires_at, k.callable_at, k.inbound from callback_requests r join cases k on k.id = r.case_id order by r.phone`,
  );
  assert.equal(requests.length, 2, 'one callback per number; none for the never-call number');
  const first = requests[0];
  assert.equal(first.phone, '+48600000011');
  assert.equal(first.missed_calls, 2);
  assert.equal(new Date(first.first_missed_at).getTime(), missedAt);
  assert.equal(new Date(first.callable_at).getTime(), missedAt + 60_000, 'callable at the missed call + the delay');
  assert.equal(new Date(first.expires_at).getTime(), missedAt + 20_000 + 120 * 60_000, 'expiry from the latest missed call');
  assert.ok(first.inbound);
  const [status] = await rows<{ name: string }>(
    ctx.db,
    sql`select s.name from cases k join statuses s on s.id = k.status_id join callback_requests r on r.case_id = k.id where r.phone = '+48600000011'`,
  );
  assert.equal(status?.name, 'Call', 'a callback starts as a number to call');
  const [contact] = await rows<{ source: string }>(ctx.db, sql`select source from contacts where phone1 = '+48600000011'`);
  assert.equal(contact.source, 'inbound', 'an unknown caller becomes a contact');
  await stopDay(d);
});

test('CB-3: a ready member gets the due callback in preview, it is dialed after the preview time, wrapped up and closed; an unworked one expires', async () => {
  await reset();
  const out = await outbound({ sortOrder: 200 }); // ordered after the callbacks (CB-4)
  const cb = await callbackCampaign({ callbackSettings: { ...callbackSettings, delaySeconds: 0, expiryMinutes: 30 } });
  const q = await queue({ callbackMode: 'campaign', callbackCampaignId: cb });
  const d = await day(4);
  await ctx.api('agent', 'POST', '/api/agent/pause', {});
  assert.equal((await ctx.api('agent', 'POST', '/api/agent/login', { campaignIds: [out] })).status, 200);
  assert.equal((await ctx.api('agent', 'POST', '/api/agent/ready', { ready: false })).status, 200);
  d.network.ring(q.number, '+48600000021', plan({ keyAfterSeconds: 3 }));
  d.network.ring(q.number, '+48600000022', plan({ keyAfterSeconds: 4 }));
  await d.run(10_000);
  assert.equal((await state()).state, 'paused', 'a paused agent gets nothing');
  assert.equal((await ctx.api('agent', 'POST', '/api/agent/ready', { ready: true })).status, 200);
  await d.run(1000);
  let s = await state();
  assert.equal(s.state, 'preview', 'the oldest callback, to read first');
  const [k] = await rows<{ phone1: string }>(
    ctx.db,
    sql`select ct.phone1 from cases k join contacts ct on ct.id = k.contact_id where k.id = ${s.currentCaseId}`,
  );
  assert.equal(k.phone1, '+48600000021', 'oldest first');
  await d.run(5000);
  s = await state();
  assert.equal(s.state, 'dialing', 'dialed when the preview time ran out');
  await d.run(10_000);
  assert.equal((await state()).state, 'talking');
  await d.run(65_000);
  s = await state();
  assert.equal(s.state, 'wrap_up');
  const statuses = (await ctx.api('manager', 'GET', `/api/campaigns/${cb}/statuses`)).body as { id: number; name: string }[];
  const done = statuses.find((x) => x.name === 'Do not call');
  const saved = await ctx.api('agent', 'POST', `/api/cases/${s.currentCaseId}/result`, { outcome: 'answered', statusId: done?.id });
  assert.equal(saved.status, 200, saved.res.body);
  const [closed] = await rows<{ released_at: Date | null; queue: string }>(ctx.db, sql`select released_at, queue from cases where id = ${s.currentCaseId}`);
  assert.ok(closed.released_at, 'a finished callback releases its case');
  assert.equal(closed.queue, 'closed');
  // the agent pauses; the second callback runs out of time unworked
  await d.run(500);
  assert.equal((await ctx.api('agent', 'POST', '/api/agent/logout', {})).status, 200, 'logging out hands the offered callback back');
  await d.run(31 * 60_000);
  const [expired] = await rows<{ closed_reason: string; queue: string }>(
    ctx.db,
    sql`select k.closed_reason, k.queue from cases k join callback_requests r on r.case_id = k.id where r.phone = '+48600000022'`,
  );
  assert.deepEqual(expired, { closed_reason: 'expired', queue: 'closed' });
  const [history] = await rows<{ note: string }>(
    ctx.db,
    sql`select h.note from case_history h join callback_requests r on r.case_id = h.case_id where r.phone = '+48600000022' order by h.id desc limit 1`,
  );
  assert.equal(history.note, 'Callback expired');
  await stopDay(d);
});

test('CB-3 retries: busy callbacks are tried again after the interval, then closed when retries run out', async () => {
  await reset();
  const out = await outbound({ sortOrder: 200 }); // ordered after the callbacks (CB-4)
  const busy = { outcomes: { live: 0, machine: 0, busy: 1, invalid: 0, noAnswer: 0 } };
  const cb = await callbackCampaign({ networkProfile: busy, previewSeconds: 1, callbackSettings: { ...callbackSettings, delaySeconds: 0, retries: 1 } });
  const q = await queue({ callbackMode: 'campaign', callbackCampaignId: cb });
  const d = await day(5);
  await ctx.api('agent', 'POST', '/api/agent/login', { campaignIds: [out] });
  await ctx.api('agent', 'POST', '/api/agent/ready', { ready: false });
  d.network.ring(q.number, '+48600000031', plan({ keyAfterSeconds: 1 }));
  await d.run(3000);
  await ctx.api('agent', 'POST', '/api/agent/ready', { ready: true });
  await d.run(30_000);
  const s = await state();
  // busy with no status mapped to it: the agent saves the attempt
  assert.equal(s.state, 'wrap_up');
  const statuses = (await ctx.api('manager', 'GET', `/api/campaigns/${cb}/statuses`)).body as { id: number; name: string }[];
  const again = statuses.find((x) => x.name === 'Call')?.id;
  assert.equal((await ctx.api('agent', 'POST', `/api/cases/${s.currentCaseId}/result`, { outcome: 'busy', statusId: again })).status, 200);
  const [afterFirst] = await rows<{ queue: string; callable_at: Date; attempts: number }>(
    ctx.db,
    sql`select k.queue, k.callable_at, k.attempts from cases k join callback_requests r on r.case_id = k.id where r.phone = '+48600000031'`,
  );
  assert.equal(afterFirst.attempts, 1);
  assert.equal(afterFirst.queue, 'callback');
  await d.run(60_000);
  assert.equal(
    (await rows<{ n: number }>(ctx.db, sql`select count(*)::int as n from calls where campaign_id = ${cb}`))[0].n,
    1,
    'not again before the interval',
  );
  await d.run(5 * 60_000);
  const dials = await rows<{ dialed_at: Date }>(ctx.db, sql`select dialed_at from calls where campaign_id = ${cb} order by id`);
  assert.equal(dials.length, 2, 'dialed again after the interval');
  assert.ok(new Date(dials[1].dialed_at).getTime() - new Date(dials[0].dialed_at).getTime() >= 5 * 60_000);
  // busy again: the campaign's wrap-up time (30 s) runs out and saves the attempt with the case's status
  await d.run(20 * 60_000);
  const [last] = await rows<{ queue: string; closed_reason: string; attempts: number }>(
    ctx.db,
    sql`select k.queue, k.closed_reason, k.attempts from cases k join callback_requests r on r.case_id = k.id where r.phone = '+48600000031'`,
  );
  assert.deepEqual(last, { queue: 'closed', closed_reason: 'attempts_exhausted', attempts: 2 }, 'one retry, then closed');
  await stopDay(d);
});

test('blending: an agent in a queue and a progressive campaign takes the waiting caller first and gets no outbound call while on it', async () => {
  await reset();
  const out = await outbound({ mode: 'progressive', networkProfile: answersAtOnce }, 5);
  const q = await queue({ callbackMode: 'none', triggerKey: null, hangupAfterSeconds: null });
  const d = await day(6);
  assert.equal((await ctx.api('agent', 'POST', '/api/agent/login', { campaignIds: [out] })).status, 200);
  await d.run(1500);
  let s = await state();
  assert.equal(s.state, 'dialing', 'outbound while no caller waits');
  d.network.ring(q.number, '+48600000041', plan({ talkSeconds: 120 }));
  await d.run(70_000);
  s = await state();
  assert.equal(s.state, 'wrap_up', 'the outbound call ended; the caller still waits');
  assert.deepEqual(d.runtime.waitingNow(), { [q.id]: 1 });
  const statuses = (await ctx.api('manager', 'GET', `/api/campaigns/${out}/statuses`)).body as { id: number; name: string }[];
  await ctx.api('agent', 'POST', `/api/cases/${s.currentCaseId}/result`, { outcome: 'answered', statusId: statuses[0].id });
  await d.run(2000);
  s = await state();
  assert.equal(s.state, 'talking', 'ready again: the inbound caller comes first');
  assert.equal(s.callId, null);
  const [inbound] = await rows<{ answered_at: Date }>(ctx.db, sql`select answered_at from inbound_calls where phone = '+48600000041'`);
  await d.run(125_000);
  const overlapping = await rows(
    ctx.db,
    sql`select 1 from calls c, inbound_calls i where i.phone = '+48600000041' and c.campaign_id = ${out} and c.agent_id = i.agent_id and c.dialed_at >= i.answered_at and c.dialed_at < i.ended_at`,
  );
  assert.equal(overlapping.length, 0, 'no outbound call reserved for the agent while on the inbound call');
  assert.ok(inbound.answered_at);
  assert.ok(['dialing', 'talking', 'wrap_up'].includes((await state()).state), 'outbound again after the inbound call');
  await stopDay(d);
});

test('CB-4 order and parity: an outbound campaign ordered first keeps the agent; with equal order the one below its parity share comes first', async () => {
  await reset();
  const out = await outbound({ mode: 'progressive', networkProfile: { ...answersAtOnce, talkSeconds: { mean: 20, sd: 1 } }, sortOrder: 10 }, 5);
  const cb = await callbackCampaign({ sortOrder: 100, callbackSettings: { ...callbackSettings, delaySeconds: 0 } });
  const q = await queue({ callbackMode: 'campaign', callbackCampaignId: cb });
  const d = await day(8);
  assert.equal((await ctx.api('agent', 'POST', '/api/agent/login', { campaignIds: [out] })).status, 200);
  await d.run(1000);
  d.network.ring(q.number, '+48600000061', plan({ keyAfterSeconds: 1 }));
  await d.run(30_000);
  let s = await state();
  assert.equal(s.state, 'wrap_up', 'the outbound call ended');
  const statuses = (await ctx.api('manager', 'GET', `/api/campaigns/${out}/statuses`)).body as { id: number; name: string }[];
  await ctx.api('agent', 'POST', `/api/cases/${s.currentCaseId}/result`, { outcome: 'answered', statusId: statuses[0].id });
  await d.run(2000);
  s = await state();
  const campaignOf = async (caseId: number) =>
    (await rows<{ campaign_id: number }>(ctx.db, sql`select campaign_id from cases where id = ${caseId}`))[0].campaign_id;
  assert.equal(await campaignOf(s.currentCaseId), out, 'the outbound campaign (order 10) before the callbacks (order 100)');
  // equal order: parity over the last hour decides (outbound 2 attempts, callbacks none)
  assert.equal((await ctx.api('manager', 'PATCH', `/api/campaigns/${cb}`, { sortOrder: 10 })).status, 200);
  await d.run(30_000);
  s = await state();
  assert.equal(s.state, 'wrap_up');
  await ctx.api('agent', 'POST', `/api/cases/${s.currentCaseId}/result`, { outcome: 'answered', statusId: statuses[0].id });
  await d.run(1000);
  s = await state();
  assert.equal(s.state, 'preview');
  assert.equal(await campaignOf(s.currentCaseId), cb, 'now the callback campaign, below its parity share, comes first');
  await stopDay(d);
});

test('restart: inbound calls left open by a stopped process end as lost and free their agents', async () => {
  await reset();
  const out = await outbound();
  const q = await queue({ callbackMode: 'none', triggerKey: null, hangupAfterSeconds: null });
  assert.equal((await ctx.api('agent', 'POST', '/api/agent/login', { campaignIds: [out] })).status, 200);
  // what a process that died mid-call leaves behind
  await ctx.db.execute(
    sql`insert into inbound_calls (queue_id, phone, arrived_at, answered_at, agent_id) values (${q.id}, '+48600000071', ${ctx.clock.now()}, ${ctx.clock.now()}, ${agent()})`,
  );
  await ctx.db.execute(sql`insert into inbound_calls (queue_id, phone, arrived_at) values (${q.id}, '+48600000072', ${ctx.clock.now()})`);
  await ctx.db.execute(sql`update agent_states set state = 'talking' where user_id = ${agent()}`);
  const d = await day(9);
  await d.run(3000);
  const open = await rows<{ outcome: string }>(ctx.db, sql`select outcome from inbound_calls where queue_id = ${q.id} order by id`);
  assert.deepEqual(
    open.map((r) => r.outcome),
    ['lost', 'lost'],
  );
  assert.equal((await state()).state, 'ready', 'the agent is free again');
  await stopDay(d);
});

test('CB-5 tickets: a missed call opens one ticket per number; the agent calls back with one click and closes it', async () => {
  await reset();
  const out = await outbound();
  const cb = await callbackCampaign();
  const q = await queue({ callbackMode: 'ticket', callbackCampaignId: cb, ticketSubject: 'Nieodebrane połączenie z numeru %number%' });
  const d = await day(7);
  await ctx.api('agent', 'POST', '/api/agent/login', { campaignIds: [out] });
  await ctx.api('agent', 'POST', '/api/agent/ready', { ready: false });
  d.network.ring(q.number, '+48600000051', plan({ keyAfterSeconds: 2 }));
  d.network.ring(q.number, '+48600000051', plan({ patienceSeconds: 40 }));
  await d.run(60_000);
  const list = await ctx.api('agent', 'GET', '/api/agent/tickets');
  assert.equal(list.status, 200);
  assert.equal(list.body.length, 1, 'one ticket per number');
  const t = list.body[0];
  assert.equal(t.subject, 'Nieodebrane połączenie z numeru +48600000051');
  assert.equal(t.missedCalls, 2);
  assert.equal(t.canCall, true);
  assert.equal((await ctx.api('supervisor', 'GET', '/api/agent/tickets')).status, 403);
  const call = await ctx.api('agent', 'POST', `/api/agent/tickets/${t.id}/call`);
  assert.equal(call.status, 202, call.res.body);
  let s = await state();
  assert.ok(['preview', 'dialing'].includes(s.state), s.state);
  assert.equal(s.currentCaseId, call.body.caseId);
  await d.run(500);
  assert.equal((await state()).state, 'dialing', 'one click: dialed at once');
  await d.run(10_000);
  assert.equal((await ctx.api('agent', 'POST', '/api/agent/hangup')).status, 202);
  await d.run(500);
  s = await state();
  assert.equal(s.state, 'wrap_up');
  const statuses = (await ctx.api('manager', 'GET', `/api/campaigns/${cb}/statuses`)).body as { id: number; name: string }[];
  assert.equal((await ctx.api('agent', 'POST', `/api/cases/${s.currentCaseId}/result`, { outcome: 'answered', statusId: statuses[0].id })).status, 200);
  const [k] = await rows<{ released_at: Date | null }>(ctx.db, sql`select released_at from cases where id = ${call.body.caseId}`);
  assert.ok(k.released_at, "the ticket's case is released after its call");
  assert.equal((await ctx.api('manager', 'GET', `/api/campaigns/${cb}`)).body.state, 'running', 'a callback campaign never finishes for want of cases');
  assert.equal((await ctx.api('agent', 'POST', `/api/agent/tickets/${t.id}/close`)).status, 204);
  assert.equal((await ctx.api('agent', 'GET', '/api/agent/tickets')).body.length, 0);
  assert.equal((await ctx.api('agent', 'POST', `/api/agent/tickets/${t.id}/close`)).status, 409);
  await stopDay(d);
});

test('blending with preview: "next case" while on an inbound call is refused; a state written by the inbound runtime meanwhile is never overwritten', async () => {
  await reset();
  const out = await outbound({ mode: 'preview' }, 2);
  const q = await queue({ callbackMode: 'none', triggerKey: null, hangupAfterSeconds: null });
  const d = await day(7);
  assert.equal((await ctx.api('agent', 'POST', '/api/agent/login', { campaignIds: [out] })).status, 200);
  await d.run(500);
  d.network.ring(q.number, '+48600000071', plan({ talkSeconds: 100 }));
  await d.run(500);
  assert.equal((await state()).state, 'talking', 'answered by the ready member');
  const next = await ctx.api('agent', 'POST', '/api/agent/next');
  assert.equal(next.status, 409, next.res.body);
  assert.equal((await state()).state, 'talking', 'still on the inbound call');
  const [held] = await rows<{ n: number }>(ctx.db, sql`select count(*)::int as n from cases where locked_by = ${agent()}`);
  assert.equal(held.n, 0, 'no case taken for an agent on a call');
  // the race itself: a use case read "ready", then the runtime put the agent on a call; the guarded write loses
  const { saveStateIf } = await import('../src/modules/agents/work.ts');
  const deps = { db: ctx.db, events: ctx.events, jobs: ctx.jobs, leaseMinutes: 60 };
  assert.equal(await saveStateIf(deps, agent(), 'ready', { state: 'preview' }, ctx.clock.now()), undefined);
  assert.equal((await state()).state, 'talking');
  await d.run(120_000);
  assert.equal((await state()).state, 'ready', 'free after the caller hung up');
  const taken = await ctx.api('agent', 'POST', '/api/agent/next');
  assert.equal(taken.status, 200, taken.res.body);
  assert.ok(taken.body.case?.case?.id, 'a preview case once free');
  await stopDay(d);
});
