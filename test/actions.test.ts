// Automatic actions end to end (AC-1..AC-3, PR-4b): a process status with actions set by an
// agent through the real work path, the case waiting and never offered by the hopper, due jobs
// run on the manual clock, result statuses written as "system" history; failures with reasons
// and manual retry; exactly once across repeated jobs; a real HTTP server on 127.0.0.1 for the
// SMS gateway and webhooks (signature and Idempotency-Key checked); move and copy; call and play
// on the simulated network.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { rows } from '../src/db/query.ts';
import { dbActionHandlers, outsideActionHandlers } from '../src/modules/actions/handlers/index.ts';
import { actionJob } from '../src/modules/actions/run-action.ts';
import { loginToCampaigns, saveResult, takeNextCase, type WorkDeps } from '../src/modules/agents/work.ts';
import { startVirtualDay } from '../src/modules/dialer/virtual-day.ts';
import type { ActionDef, ProcessDef, ProcessStatusDef } from '../src/modules/processes/types.ts';
import { emptyExits } from '../src/modules/processes/types.ts';
import { virtualScheduler } from '../src/shared/scheduler.ts';
import { simulatedNetwork } from '../src/modules/telephony/simulated-network.ts';
import { createTestContext, type TestContext } from './harness.ts';

let ctx: TestContext;
let work: WorkDeps;
const SECRET = 'a-webhook-secret-of-32-characters';

// ---- a receiver of SMS-gateway calls and webhooks --------------------------------------------
interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
const received: Received[] = [];
/** the status codes the next requests get (then 200); 'drop' closes the socket without an answer */
let replies: (number | 'drop')[] = [];
let server: http.Server;
let base = '';

before(async () => {
  ctx = await createTestContext();
  work = { db: ctx.db, events: ctx.events, jobs: ctx.jobs, leaseMinutes: 60 };
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const reply = replies.shift() ?? 200;
      if (reply === 'drop') return req.socket.destroy();
      res.writeHead(reply, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: reply < 300 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await ctx.close();
});
beforeEach(() => {
  received.length = 0;
  replies = [];
});

// ---- a process campaign ------------------------------------------------------------------------
function st(key: string, qualifier: ProcessStatusDef['qualifier'], over: Partial<ProcessStatusDef> = {}): ProcessStatusDef {
  return {
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
  };
}
const action = (kind: ActionDef['kind'], param: string, over: Partial<ActionDef> = {}): ActionDef => ({
  kind,
  param,
  delay: null,
  successStatusKey: 'Done',
  failureStatusKey: 'Failed',
  ...over,
});

let run = 0;
/** A running process campaign with one contact and the agent logged in; `act` is the status with the actions. */
async function campaignWith(
  actions: ActionDef[],
  over: { actQualifier?: ProcessStatusDef['qualifier']; callbackDelaySeconds?: number; profile?: unknown } = {},
) {
  run++;
  ctx.clock.set('2026-03-02T09:00:00Z'); // Monday 10:00 in Warsaw
  // the earlier tests' cases leave the agent's hands and the hopper
  await ctx.db.execute(sql`update cases set locked_by = null, locked_until = null, released_at = coalesce(released_at, ${ctx.clock.now()})`);
  await ctx.db.execute(sql`update agent_states set current_case_id = null, call_id = null, state = 'logged_out', campaign_ids = '{}'`);
  const def: ProcessDef = {
    name: `Actions ${run}`,
    description: '',
    kind: 'operational',
    inboundStatusKeys: [],
    statuses: [
      st('New', 'none', { initial: true }),
      st('Act', over.actQualifier ?? 'public_callback_relative', {
        callbackDelaySeconds: over.callbackDelaySeconds ?? 60,
        exits: { ...emptyExits(), actions },
      }),
      st('Done', 'callback_end_of_queue', { availability: 'system' }),
      st('Failed', 'ending', { availability: 'system' }),
      st('Other', 'callback_end_of_queue'),
    ],
  };
  const p = await ctx.api('manager', 'POST', '/api/processes', def);
  assert.equal(p.status, 201, p.res.body);
  const statusId = Object.fromEntries(p.body.process.statuses.map((s: { key: string; id: number }) => [s.key, s.id])) as Record<string, number>;
  const city = `Acttown${run}`;
  const phone = `+48501${String(run).padStart(3, '0')}345`;
  const contact = await ctx.api('manager', 'POST', '/api/contacts', {
    firstName: 'Jan',
    lastName: `Kowalski${run}`,
    city,
    phone1: phone,
  });
  assert.equal(contact.status, 201, contact.res.body);
  const c = await ctx.api('manager', 'POST', '/api/campaigns', {
    name: `Actions ${run}`,
    processId: p.body.process.id,
    agentIds: [ctx.users.agent],
    ...(over.profile ? { networkProfile: over.profile } : {}),
  });
  assert.equal(c.status, 201, c.res.body);
  assert.equal((await ctx.api('manager', 'POST', '/api/assignments', { campaignId: c.body.id, filter: { city } })).status, 200);
  assert.equal((await ctx.api('manager', 'POST', `/api/campaigns/${c.body.id}/state`, { state: 'running' })).status, 200);
  await loginToCampaigns(work, agent(), [c.body.id], ctx.clock.now());
  const [k] = await rows<{ id: string }>(ctx.db, sql`select id from cases where campaign_id = ${c.body.id}`);
  return { campaignId: c.body.id as number, caseId: Number(k.id), statusId, contactId: contact.body.id as number, phone };
}
const agent = () => ctx.users.agent as number;
const next = async () => (await takeNextCase(work, agent(), ctx.clock.now())).caseId;

/** The agent takes the case and sets the status with the actions. */
async function setAct(c: { caseId: number; statusId: Record<string, number> }, answers: Record<string, unknown> = {}) {
  assert.equal(await next(), c.caseId, 'the agent is offered the case');
  await saveResult(work, agent(), c.caseId, { outcome: 'answered', statusId: c.statusId.Act, answers }, ctx.clock.now());
}

const caseRow = async (id: number) =>
  (
    await rows<{ status_id: number; queue: string; callable_at: Date | null; released_at: Date | null; params: Record<string, unknown> }>(
      ctx.db,
      sql`select status_id, queue, callable_at, released_at, params from cases where id = ${id}`,
    )
  )[0];
const actionsOf = async (caseId: number) => (await ctx.api('manager', 'GET', `/api/actions?caseId=${caseId}`)).body.items as Record<string, any>[];
const minutes = (n: number) => n * 60_000;

// ---- the runtime ---------------------------------------------------------------------------------
test('AC-2/AC-3: a delayed action holds the case back (the hopper never offers it), then runs once and sets its success status as "system"', async () => {
  const c = await campaignWith([action('notification', String(ctx.users.manager), { delay: { minutes: 60, from: 'status' } })]);
  await setAct(c);
  let k = await caseRow(c.caseId);
  assert.equal(k.status_id, c.statusId.Act);
  assert.equal(k.queue, 'waiting', 'the case waits for its delayed action');
  const [waiting] = await actionsOf(c.caseId);
  assert.equal(waiting.state, 'queued');
  assert.equal(new Date(waiting.runAt).getTime(), ctx.clock.now().getTime() + minutes(60));
  assert.equal(waiting.param, String(ctx.users.manager));
  assert.equal(waiting.paramLabel, 'manager', 'the page shows whom it notifies by name, not the raw id');

  // its callback (1 minute) would be due long before: the hopper still offers nothing
  ctx.clock.advance(minutes(30));
  assert.equal(await ctx.jobs.runDue(), 0, 'nothing is due yet');
  assert.equal(await next(), null, 'a waiting case is never offered');
  const why = await ctx.api('manager', 'GET', `/api/cases/${c.caseId}/why`);
  assert.equal(why.body.dialable, false);
  assert.ok(
    why.body.reasons.some((r: { code: string; blocking: boolean }) => r.code === 'waiting' && r.blocking),
    'and "why" says it waits for an action',
  );

  ctx.clock.advance(minutes(31));
  const before = ctx.published.length;
  assert.equal(await ctx.jobs.runDue(), 1);
  k = await caseRow(c.caseId);
  assert.equal(k.status_id, c.statusId.Done, 'the success status');
  assert.notEqual(k.queue, 'waiting');
  const history = await rows<{ source: string; requester_id: number | null; to_status_id: number; note: string }>(
    ctx.db,
    sql`select source, requester_id, to_status_id, note from case_history where case_id = ${c.caseId} order by id desc limit 1`,
  );
  assert.equal(history[0].source, 'system', "PR-5: the change is the system's");
  assert.equal(history[0].requester_id, null);
  assert.equal(history[0].to_status_id, c.statusId.Done);
  const card = await ctx.api('supervisor', 'GET', `/api/cases/${c.caseId}`);
  assert.equal(card.body.history[0].requester, 'system');
  assert.equal(card.body.actions[0].state, 'done');
  assert.equal(card.body.actions[0].paramLabel, 'manager', 'and so does the case card');

  // the notification reached the manager: stored, pushed, listed, marked read
  const pushed = ctx.published.slice(before).filter((e) => e.type === 'notification');
  assert.equal(pushed.length, 1);
  assert.equal(pushed[0].userId, ctx.users.manager);
  const list = await ctx.api('manager', 'GET', '/api/notifications');
  assert.equal(list.body.unread, 1);
  assert.match(list.body.items[0].text, /Jan Kowalski\d+: Act \(Actions \d+\)/);
  assert.equal(list.body.items[0].caseId, c.caseId);
  assert.equal((await ctx.api('agent', 'GET', '/api/notifications')).body.items.length, 0, 'only the user notified sees it');
  assert.equal((await ctx.api('agent', 'POST', `/api/notifications/${list.body.items[0].id}/read`)).status, 404, "nobody marks another's notification");
  assert.equal((await ctx.api('manager', 'POST', `/api/notifications/${list.body.items[0].id}/read`)).body.unread, 0);

  // the case is offered again (Done = end of queue)
  assert.equal(await next(), c.caseId);
});

test('scheduling actions announces actions.changed at commit (the Waiting count refreshes live), to managers and supervisors only', async () => {
  const c = await campaignWith([action('notification', String(ctx.users.manager), { delay: { minutes: 60, from: 'status' } })]);
  // two browsers: a supervisor's and an agent's
  const listen = async (role: 'supervisor' | 'agent') => {
    const socket = await ctx.app.injectWS('/ws', { headers: { cookie: await ctx.login(role) } });
    const got: { type: string; caseId?: number }[] = [];
    socket.on('message', (data: Buffer) => got.push(JSON.parse(data.toString())));
    return { socket, got };
  };
  const sup = await listen('supervisor');
  const agentSocket = await listen('agent');
  const before = ctx.published.length;
  await setAct(c);
  const changed = () => ctx.published.slice(before).filter((e) => e.type === 'actions.changed' && e.caseId === c.caseId);
  for (let i = 0; i < 100 && (changed().length === 0 || !sup.got.some((m) => m.type === 'actions.changed')); i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(changed().length, 1, 'one event when the status change scheduled the action (nothing has run yet)');
  assert.equal((await actionsOf(c.caseId))[0].state, 'queued');
  assert.ok(
    sup.got.some((m) => m.type === 'actions.changed' && m.caseId === c.caseId),
    'the supervisor’s page hears it',
  );
  assert.ok(agentSocket.got.length > 0, `the agent's socket hears its own events: ${JSON.stringify(agentSocket.got)}`);
  assert.ok(!agentSocket.got.some((m) => m.type === 'actions.changed'), 'agents do not get the managers’ action events');
  sup.socket.terminate();
  agentSocket.socket.terminate();
});

test('exactly once: a job run again after its action committed repeats nothing', async () => {
  const c = await campaignWith([action('notification', String(ctx.users.supervisor))]);
  await setAct(c);
  assert.equal(await ctx.jobs.runDue(), 1);
  const [a] = await actionsOf(c.caseId);
  assert.equal(a.state, 'done');
  // the worker died after the commit but before marking the job done: the job comes back
  await ctx.db.execute(sql`update jobs set state = 'queued', run_at = ${ctx.clock.now()} where dedupe_key = ${`action:${a.id}`}`);
  assert.equal(await ctx.jobs.runDue(), 1);
  const [again] = await actionsOf(c.caseId);
  assert.equal(again.attempts, 1, 'the action did not run a second time');
  const n = await rows<{ n: number }>(ctx.db, sql`select count(*)::int as n from notifications where case_id = ${c.caseId}`);
  assert.equal(n[0].n, 1);
  const h = await rows<{ n: number }>(ctx.db, sql`select count(*)::int as n from case_history where case_id = ${c.caseId} and source = 'system'`);
  assert.equal(h[0].n, 1, 'one result status change');
});

test('failure: the failure status is set, managers see the reason, and a manual retry runs it again', async () => {
  const c = await campaignWith([action('sms', 'Hello {{firstName}}, your case {{caseId}} in {{campaign}}')]);
  await ctx.db.execute(sql`delete from integration_settings`);
  await setAct(c);
  assert.equal((await caseRow(c.caseId)).queue, 'waiting', 'an action whose result sets a status holds the case');
  assert.equal(await ctx.jobs.runDue(), 1);
  assert.equal((await caseRow(c.caseId)).status_id, c.statusId.Failed);
  const failed = await ctx.api('supervisor', 'GET', `/api/actions?state=failed&campaignId=${c.campaignId}`);
  assert.equal(failed.status, 200);
  assert.equal(failed.body.items.length, 1);
  assert.match(failed.body.items[0].lastError, /No SMS gateway is configured/);
  assert.equal(failed.body.counts.failed, 1);
  const card = await ctx.api('supervisor', 'GET', `/api/cases/${c.caseId}`);
  assert.match(card.body.history[0].note, /sms failed: No SMS gateway/);
  assert.equal((await ctx.api('agent', 'GET', '/api/actions')).status, 403);
  assert.equal((await ctx.api('supervisor', 'POST', `/api/actions/${failed.body.items[0].id}/retry`)).status, 403, 'retry is for managers');

  // the administrator configures the gateway; the manager retries
  const put = await ctx.api('admin', 'PUT', '/api/integrations/sms', {
    url: `${base}/sms?to={{phone}}`,
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{"to":"{{phone}}","message":"{{text}}"}',
    authorization: 'Bearer gw-token',
  });
  assert.equal(put.status, 200, put.res.body);
  assert.equal(put.body.sms.authorizationSet, true);
  assert.equal(JSON.stringify(put.body).includes('gw-token'), false, 'the authorization is never returned');
  assert.equal((await ctx.api('manager', 'GET', '/api/integrations')).status, 403);
  const retry = await ctx.api('manager', 'POST', `/api/actions/${failed.body.items[0].id}/retry`);
  assert.equal(retry.status, 200, retry.res.body);
  assert.equal((await ctx.api('manager', 'POST', `/api/actions/${failed.body.items[0].id}/retry`)).status, 409, 'a queued action is not retried twice');
  assert.equal(await ctx.jobs.runDue(), 1);
  assert.equal(received.length, 1);
  const sms = received[0];
  assert.equal(sms.url, `/sms?to=${encodeURIComponent(c.phone)}`);
  assert.equal(sms.headers.authorization, 'Bearer gw-token');
  assert.ok(sms.headers['idempotency-key']);
  assert.deepEqual(JSON.parse(sms.body), { to: c.phone, message: `Hello Jan, your case ${c.caseId} in Actions ${run}` });
  const [a] = await actionsOf(c.caseId);
  assert.equal(a.state, 'done');
  assert.equal(a.retries, 1);
  assert.equal((await caseRow(c.caseId)).status_id, c.statusId.Done, 'the retried action sets its success status');
});

test('webhook: signed JSON with an Idempotency-Key; 500 then 200 is retried with backoff and delivered once', async () => {
  assert.equal((await ctx.api('admin', 'PUT', '/api/integrations/webhook', { secret: SECRET })).status, 200);
  const integrations = await ctx.api('admin', 'GET', '/api/integrations');
  assert.equal(integrations.body.webhook.secretSet, true);
  assert.equal(JSON.stringify(integrations.body).includes(SECRET), false, 'the secret is never returned');
  const c = await campaignWith([action('webhook', `${base}/courier`)]);
  replies = [500];
  await setAct(c);
  assert.equal(await ctx.jobs.runDue(), 1);
  let [a] = await actionsOf(c.caseId);
  assert.equal(a.state, 'queued', 'a 500 is retried');
  assert.match(a.lastError, /HTTP 500/);
  assert.equal((await caseRow(c.caseId)).queue, 'waiting');
  assert.equal(await ctx.jobs.runDue(), 0, 'not before the backoff');
  ctx.clock.advance(5_000);
  assert.equal(await ctx.jobs.runDue(), 1);
  [a] = await actionsOf(c.caseId);
  assert.equal(a.state, 'done');
  assert.equal(a.attempts, 2);
  assert.equal((await caseRow(c.caseId)).status_id, c.statusId.Done);

  assert.equal(received.length, 2);
  const keys = new Set(received.map((r) => r.headers['idempotency-key']));
  assert.equal(keys.size, 1, 'the same Idempotency-Key on every try');
  for (const r of received) {
    const expected = `sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`;
    assert.equal(r.headers['x-parley-signature'], expected, 'HMAC-SHA256 of the raw body');
    assert.match(String(r.headers['x-parley-timestamp']), /^\d{10}$/);
    assert.equal(r.headers['content-type'], 'application/json');
  }
  const body = JSON.parse(received[1].body);
  assert.equal(body.attempt, 2);
  assert.equal(body.case.id, c.caseId);
  assert.equal(body.status.name, 'Act');
  assert.equal(body.contact.firstName, 'Jan');
  assert.equal(body.idempotencyKey, received[1].headers['idempotency-key']);
});

test('webhook: a lost answer is retried with the same key; a 4xx fails at once; no secret fails with the reason', async () => {
  await ctx.api('admin', 'PUT', '/api/integrations/webhook', { secret: SECRET });
  const c = await campaignWith([action('webhook', `${base}/lost`)]);
  replies = ['drop'];
  await setAct(c);
  await ctx.jobs.runDue();
  ctx.clock.advance(5_000);
  await ctx.jobs.runDue();
  assert.equal(received.length, 2, 'the receiver got the request twice …');
  assert.equal(received[0].headers['idempotency-key'], received[1].headers['idempotency-key'], '… with one key to recognise it by');
  assert.equal((await actionsOf(c.caseId))[0].state, 'done');

  received.length = 0;
  const d = await campaignWith([action('webhook', `${base}/gone`)]);
  replies = [404];
  await setAct(d);
  assert.equal(await ctx.jobs.runDue(), 1);
  const [a] = await actionsOf(d.caseId);
  assert.equal(a.state, 'failed', 'a 404 is not retried');
  assert.equal(a.attempts, 1);
  assert.match(a.lastError, /HTTP 404/);
  assert.equal((await caseRow(d.caseId)).status_id, d.statusId.Failed);

  await ctx.db.execute(sql`delete from integration_settings where name = 'webhook'`);
  const e = await campaignWith([action('webhook', `${base}/unsigned`)]);
  await setAct(e);
  await ctx.jobs.runDue();
  assert.match((await actionsOf(e.caseId))[0].lastError, /No webhook signing secret/);
});

test('superseded: a delayed action is skipped when the case gets another status first; no result status is applied', async () => {
  const c = await campaignWith([action('notification', String(ctx.users.manager), { delay: { minutes: 10, from: 'status' } })]);
  await setAct(c);
  const set = await ctx.api('manager', 'POST', `/api/campaigns/${c.campaignId}/cases/actions`, {
    caseIds: [c.caseId],
    action: { kind: 'set_status', statusId: c.statusId.Other },
  });
  assert.equal(set.status, 200, set.res.body);
  ctx.clock.advance(minutes(11));
  assert.equal(await ctx.jobs.runDue(), 1);
  const [a] = await actionsOf(c.caseId);
  assert.equal(a.state, 'skipped');
  assert.match(a.detail, /another status/);
  assert.equal((await caseRow(c.caseId)).status_id, c.statusId.Other);
  const n = await rows<{ n: number }>(ctx.db, sql`select count(*)::int as n from notifications where case_id = ${c.caseId}`);
  assert.equal(n[0].n, 0);
});

test('a delay counted from the callback time; with no result status the case returns to the state its status gave', async () => {
  const c = await campaignWith(
    [action('notification', String(ctx.users.manager), { delay: { minutes: 5, from: 'callback' }, successStatusKey: null, failureStatusKey: null })],
    {
      callbackDelaySeconds: 3600,
    },
  );
  await setAct(c);
  const [a] = await actionsOf(c.caseId);
  assert.equal(new Date(a.runAt).getTime(), ctx.clock.now().getTime() + minutes(65), 'callback in 60 min + 5');
  assert.equal((await caseRow(c.caseId)).queue, 'waiting');
  ctx.clock.advance(minutes(65));
  await ctx.jobs.runDue();
  const k = await caseRow(c.caseId);
  assert.equal(k.status_id, c.statusId.Act, 'no status change');
  assert.equal(k.queue, 'callback', 'the public callback the status gave');
  assert.equal(await next(), c.caseId, 'and it is offered (the callback is due)');
});

test('several actions: the case waits until the last one it waits for has ended; immediate ones do not hold it', async () => {
  const note = (minutes: number | null) =>
    action('notification', String(ctx.users.manager), {
      delay: minutes === null ? null : { minutes, from: 'status' },
      successStatusKey: null,
      failureStatusKey: null,
    });
  const c = await campaignWith([note(null), note(10), note(20)]);
  await setAct(c);
  assert.equal(await ctx.jobs.runDue(), 1, 'the immediate one runs at once');
  assert.equal((await caseRow(c.caseId)).queue, 'waiting');
  ctx.clock.advance(minutes(10));
  assert.equal(await ctx.jobs.runDue(), 1);
  assert.equal((await caseRow(c.caseId)).queue, 'waiting', 'one delayed action is still pending');
  ctx.clock.advance(minutes(10));
  assert.equal(await ctx.jobs.runDue(), 1);
  const k = await caseRow(c.caseId);
  assert.equal(k.queue, 'callback', 'back to the callback its status gave');
  assert.deepEqual(
    (await actionsOf(c.caseId)).map((a) => a.state),
    ['done', 'done', 'done'],
  );
  const n = await rows<{ n: number }>(ctx.db, sql`select count(*)::int as n from notifications where case_id = ${c.caseId}`);
  assert.equal(n[0].n, 3);
});

test('an action whose parameter names nothing (an unknown e-mail template) fails at once with a clear reason', async () => {
  // the save refuses a template that does not exist, so it goes away behind the application's back
  const t = await ctx.api('manager', 'POST', '/api/mail/templates', { name: 'Gone', subject: 'Hello', bodyText: 'Hello {{contact.firstName}}' });
  assert.equal(t.status, 201, t.res.body);
  const c = await campaignWith([action('email_template', String(t.body.id))]);
  await ctx.db.execute(sql`delete from mail_templates where id = ${t.body.id}`);
  await setAct(c);
  await ctx.jobs.runDue();
  const [a] = await actionsOf(c.caseId);
  assert.equal(a.state, 'failed');
  assert.match(a.lastError, new RegExp(`Template ${t.body.id} does not exist`));
  assert.equal(a.attempts, 1);
  assert.equal(a.paramLabel, null, 'a parameter naming nothing has no label');
});

// ---- move and copy -------------------------------------------------------------------------------
async function targetCampaign(state: 'running' | 'stopped' = 'running') {
  const p = await ctx.api('manager', 'POST', '/api/processes', {
    name: `Target ${++run}`,
    description: '',
    kind: 'operational',
    inboundStatusKeys: [],
    statuses: [st('Start', 'none', { initial: true }), st('End', 'ending')],
  });
  const c = await ctx.api('manager', 'POST', '/api/campaigns', { name: `Target ${run}`, processId: p.body.process.id, agentIds: [ctx.users.agent] });
  assert.equal((await ctx.api('manager', 'POST', `/api/campaigns/${c.body.id}/state`, { state: 'running' })).status, 200);
  if (state === 'stopped') assert.equal((await ctx.api('manager', 'POST', `/api/campaigns/${c.body.id}/state`, { state: 'stopped' })).status, 200);
  return { id: c.body.id as number, initial: p.body.process.statuses.find((s: { key: string }) => s.key === 'Start').id as number };
}

test('move: the case leaves its campaign and the contact gets a fresh case in the target with its initial status', async () => {
  const target = await targetCampaign();
  const c = await campaignWith([action('move_to_campaign', String(target.id))]);
  await setAct(c, { note: 'keep me?' });
  await ctx.jobs.runDue();
  const [a] = await actionsOf(c.caseId);
  assert.equal(a.state, 'done', a.lastError);
  assert.equal(a.paramLabel, `Target ${run - 1}`, 'the target campaign by name');
  const source = await caseRow(c.caseId);
  assert.ok(source.released_at, 'the source case let the contact go');
  assert.equal(source.status_id, c.statusId.Done, 'and records the success status');
  const [moved] = await rows<{ id: string; status_id: number; queue: string; params: Record<string, unknown>; released_at: Date | null }>(
    ctx.db,
    sql`select id, status_id, queue, params, released_at from cases where campaign_id = ${target.id} and contact_id = ${c.contactId}`,
  );
  assert.equal(moved.status_id, target.initial);
  assert.equal(moved.queue, 'fresh');
  assert.equal(moved.released_at, null);
  assert.deepEqual(moved.params, {}, 'a move carries no answers');
  assert.match(a.detail, new RegExp(`moved to campaign ${target.id} .* as case ${moved.id}`));
  const active = await rows<{ n: number }>(ctx.db, sql`select count(*)::int as n from cases where contact_id = ${c.contactId} and released_at is null`);
  assert.equal(active[0].n, 1, 'one holder at a time');

  const stopped = await targetCampaign('stopped');
  const d = await campaignWith([action('move_to_campaign', String(stopped.id))]);
  await setAct(d);
  await ctx.jobs.runDue();
  const [b] = await actionsOf(d.caseId);
  assert.equal(b.state, 'failed');
  assert.match(b.lastError, /is stopped/);
  assert.equal((await caseRow(d.caseId)).released_at, null, 'a failed move changes nothing');
});

test('copy: the new case carries the answers; the contact has one active case; a case it had there is reopened', async () => {
  const target = await targetCampaign();
  const c = await campaignWith([action('copy_case', String(target.id))]);
  // the contact was in the target before (released): that case is reopened, not duplicated
  await ctx.db.execute(
    sql`insert into cases (campaign_id, contact_id, created_at, released_at, status_id, queue, params) values (${target.id}, ${c.contactId}, ${ctx.clock.now()}, ${ctx.clock.now()}, ${target.initial}, 'closed', '{"old":"1"}')`,
  );
  await setAct(c, { product: 'gold' });
  await ctx.jobs.runDue();
  const [a] = await actionsOf(c.caseId);
  assert.equal(a.state, 'done', a.lastError);
  assert.match(a.detail, /reopened/);
  const list = await rows<{ campaign_id: number; released_at: Date | null; params: Record<string, unknown>; queue: string }>(
    ctx.db,
    sql`select campaign_id, released_at, params, queue from cases where contact_id = ${c.contactId} order by id`,
  );
  assert.equal(list.length, 2);
  const copy = list.find((x) => x.campaign_id === target.id);
  assert.equal(copy?.released_at, null);
  assert.equal(copy?.queue, 'fresh');
  assert.deepEqual(copy?.params, { old: '1', product: 'gold' }, 'the answers come along');
  assert.ok(list.find((x) => x.campaign_id === c.campaignId)?.released_at, 'the original stays in its campaign, released');
});

// ---- call and play -------------------------------------------------------------------------------
test('call and play on the simulated network: answered → message played, success; busy → failure', async () => {
  const scheduler = virtualScheduler(ctx.clock);
  const telephony = simulatedNetwork({ scheduler, seed: 7 });
  const played: string[] = [];
  const port = { ...telephony, playMessage: (id: number, text: string) => played.push(`${id}:${text}`) };
  ctx.jobs.define(
    actionJob({
      db: ctx.db,
      clock: ctx.clock,
      events: ctx.events,
      jobs: ctx.jobs,
      handlers: outsideActionHandlers({ db: ctx.db, telephony: port, scheduler }),
      dbHandlers: dbActionHandlers,
    }),
  );
  const runWithCalls = async () => {
    const running = ctx.jobs.runDue();
    // the job waits for the call's events; let the simulated network's timeline run meanwhile
    for (let i = 0; i < 200 && scheduler.pending() === 0; i++) await new Promise((r) => setTimeout(r, 5));
    await scheduler.runUntil(new Date(ctx.clock.now().getTime() + 120_000));
    return running;
  };
  const live = { outcomes: { live: 1, machine: 0, busy: 0, invalid: 0, noAnswer: 0 }, ringLiveSeconds: { mean: 3, sd: 0.5 } };
  const c = await campaignWith([action('call_and_play', 'Hello {{firstName}}, your parcel is on its way')], { profile: live });
  await setAct(c);
  assert.equal(await runWithCalls(), 1);
  const [a] = await actionsOf(c.caseId);
  assert.equal(a.state, 'done', a.lastError);
  assert.match(a.detail, /answered; the message was played/);
  assert.equal(played.length, 1);
  assert.match(played[0], new RegExp(`^-${a.id}:Hello Jan, your parcel is on its way$`), 'the action call has its own (negative) id');
  assert.equal((await caseRow(c.caseId)).status_id, c.statusId.Done);

  const busy = { outcomes: { live: 0, machine: 0, busy: 1, invalid: 0, noAnswer: 0 } };
  const d = await campaignWith([action('call_and_play', 'Hello')], { profile: busy });
  await setAct(d);
  assert.equal(await runWithCalls(), 1);
  const [b] = await actionsOf(d.caseId);
  assert.equal(b.state, 'failed');
  assert.match(b.lastError, /busy/);
  assert.equal((await caseRow(d.caseId)).status_id, d.statusId.Failed);
  // the harness's own definition again for the tests after this one
  ctx.jobs.define(
    actionJob({
      db: ctx.db,
      clock: ctx.clock,
      events: ctx.events,
      jobs: ctx.jobs,
      handlers: outsideActionHandlers({ db: ctx.db }),
      dbHandlers: dbActionHandlers,
    }),
  );
});

test('call and play shares the telephony port with a running dialer: neither takes the other’s calls', async () => {
  const live = { outcomes: { live: 1, machine: 0, busy: 0, invalid: 0, noAnswer: 0 }, ringLiveSeconds: { mean: 3, sd: 0.5 }, talkSeconds: { mean: 60, sd: 1 } };
  const c = await campaignWith([action('call_and_play', 'Your order has shipped')], { profile: live });
  await setAct(c);
  // a progressive campaign the dialer works for the same agent, on the same port
  const dialed = await ctx.api('manager', 'POST', '/api/campaigns', {
    name: `Dialer beside actions ${run}`,
    mode: 'progressive',
    networkProfile: live,
    wrapUpSeconds: null,
    agentIds: [agent()],
  });
  assert.equal(dialed.status, 201, dialed.res.body);
  assert.equal((await ctx.api('manager', 'POST', '/api/contacts', { lastName: 'Dialed', city: `Dialville${run}`, phone1: '+48501999888' })).status, 201);
  assert.equal((await ctx.api('manager', 'POST', '/api/assignments', { campaignId: dialed.body.id, filter: { city: `Dialville${run}` } })).status, 200);
  assert.equal((await ctx.api('manager', 'POST', `/api/campaigns/${dialed.body.id}/state`, { state: 'running' })).status, 200);
  const day = await startVirtualDay({ db: ctx.db, events: ctx.events, jobs: ctx.jobs, clock: ctx.clock, seed: 3, robots: false });
  const played: number[] = [];
  const port = {
    ...day.telephony,
    playMessage(id: number, text: string) {
      played.push(id);
      day.telephony.playMessage(id, text);
    },
  };
  ctx.jobs.define(
    actionJob({
      db: ctx.db,
      clock: ctx.clock,
      events: ctx.events,
      jobs: ctx.jobs,
      handlers: outsideActionHandlers({ db: ctx.db, telephony: port, scheduler: day.scheduler }),
      dbHandlers: dbActionHandlers,
    }),
  );
  try {
    assert.equal((await ctx.api('agent', 'POST', '/api/agent/login', { campaignIds: [dialed.body.id] })).status, 200);
    await day.run(1500);
    assert.equal((await ctx.api('agent', 'GET', '/api/agent/state')).body.state, 'dialing', 'the dialer placed its call');
    const running = ctx.jobs.runDue();
    for (let i = 0; i < 200 && !day.telephony.activeCalls().some((id) => id < 0); i++) await new Promise((r) => setTimeout(r, 5));
    await day.run(30_000);
    await running;
    const [a] = await actionsOf(c.caseId);
    assert.equal(a.state, 'done', a.lastError);
    assert.deepEqual(played, [-a.id], 'the message went to the action’s own call only');
    const s = (await ctx.api('agent', 'GET', '/api/agent/state')).body;
    assert.equal(s.state, 'talking', 'the dialer’s call reached its agent undisturbed');
    const calls = await rows<{ id: string; case_id: string }>(
      ctx.db,
      sql`select id, case_id from calls where campaign_id in (${c.campaignId}, ${dialed.body.id})`,
    );
    assert.equal(calls.length, 1, 'the dialer recorded its own call and not the action’s');
    assert.ok(Number(calls[0].id) > 0);
    assert.deepEqual(day.errors, []);
  } finally {
    await day.stop();
    ctx.jobs.define(
      actionJob({
        db: ctx.db,
        clock: ctx.clock,
        events: ctx.events,
        jobs: ctx.jobs,
        handlers: outsideActionHandlers({ db: ctx.db }),
        dbHandlers: dbActionHandlers,
      }),
    );
  }
});
