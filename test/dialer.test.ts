// The dialer end to end (DL-1..DL-4, AG-2, AG-3, CP-6): the real engine and database on the
// simulated network in virtual time, driven through the API an agent and a supervisor use.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { rows } from '../src/db/query.ts';
import { agentSeconds, checkInvariants } from '../src/modules/dialer/day-report.ts';
import { setUpSimulatedCampaign } from '../src/modules/dialer/sim-setup.ts';
import { startVirtualDay } from '../src/modules/dialer/virtual-day.ts';
import { seededRandom } from '../src/shared/random.ts';
import { createTestContext, type TestContext } from './harness.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

let run = 0;
const agent = () => ctx.users.agent as number;
const state = async () => (await ctx.api('agent', 'GET', '/api/agent/state')).body;

/** A campaign of `contacts` Polish numbers with the agent assigned, running. */
async function campaign(settings: Record<string, unknown>, contacts = 5) {
  run++;
  ctx.clock.set('2026-03-02T09:00:00Z'); // Monday 10:00 in Warsaw
  await ctx.db.execute(sql`update agent_states set current_case_id = null, call_id = null, state = 'logged_out', campaign_ids = '{}'`);
  const c = await ctx.api('manager', 'POST', '/api/campaigns', { name: `Dialer ${run}`, agentIds: [agent()], ...settings });
  assert.equal(c.status, 201, c.res.body);
  const city = `Dialtown${run}`;
  for (let i = 0; i < contacts; i++) {
    const r = await ctx.api('manager', 'POST', '/api/contacts', {
      lastName: `D${i}`,
      city,
      phone1: `+4851${String(run).padStart(2, '0')}${String(i).padStart(5, '0')}`,
    });
    assert.equal(r.status, 201, r.res.body);
  }
  assert.equal((await ctx.api('manager', 'POST', '/api/assignments', { campaignId: c.body.id, filter: { city } })).status, 200);
  assert.equal((await ctx.api('manager', 'POST', `/api/campaigns/${c.body.id}/state`, { state: 'running' })).status, 200);
  return c.body.id as number;
}

async function day(seed = 1) {
  return startVirtualDay({ db: ctx.db, events: ctx.events, jobs: ctx.jobs, clock: ctx.clock, seed, robots: false });
}

const answersAtOnce = {
  outcomes: { live: 1, machine: 0, busy: 0, invalid: 0, noAnswer: 0 },
  ringLiveSeconds: { mean: 3, sd: 0.5 },
  talkSeconds: { mean: 60, sd: 1 },
};

test('progressive (DL-2): a ready agent gets a call reserved for them; talking → wrap-up → saved result → ready', async () => {
  const id = await campaign({ mode: 'progressive', networkProfile: answersAtOnce, wrapUpSeconds: null });
  const d = await day();
  assert.equal((await ctx.api('agent', 'POST', '/api/agent/login', { campaignIds: [id] })).status, 200);
  await d.run(1500);
  let s = await state();
  assert.equal(s.state, 'dialing', 'the dialer reserved the agent and dialed');
  assert.ok(s.currentCaseId && s.callId);
  await d.run(8000);
  s = await state();
  assert.equal(s.state, 'talking');
  assert.equal((await ctx.api('agent', 'POST', '/api/agent/ready', { ready: false })).status, 409, 'no pause in the middle of a call');
  assert.equal((await ctx.api('agent', 'POST', '/api/agent/hangup')).status, 202);
  await d.run(500);
  s = await state();
  assert.equal(s.state, 'wrap_up');
  const statuses = (await ctx.api('manager', 'GET', `/api/campaigns/${id}/statuses`)).body as { id: number; name: string }[];
  const doNotCall = statuses.find((x) => x.name === 'Do not call');
  const saved = await ctx.api('agent', 'POST', `/api/cases/${s.currentCaseId}/result`, { outcome: 'busy', statusId: doNotCall?.id });
  assert.equal(saved.status, 200, saved.res.body);
  const [call] = await rows<{ outcome: string | null; attempt_outcome: string; wrapped_at: Date | null; agent_id: number }>(
    ctx.db,
    sql`select c.outcome, a.outcome as attempt_outcome, c.wrapped_at, c.agent_id from calls c join attempts a on a.id = c.attempt_id where c.id = ${s.callId}`,
  );
  assert.equal(call.attempt_outcome, 'answered', 'the line decides the outcome, not the form');
  assert.equal(call.agent_id, agent());
  assert.ok(call.wrapped_at);
  await d.run(1500);
  assert.equal((await state()).state, 'dialing', 'ready again, so the next call is dialed for the agent');
  await d.stop();
});

test('AG-3 occupancy: a state is logged once, when it ends, with its span; the one an agent is in now counts until now', async () => {
  const id = await campaign({ mode: 'progressive' }, 1); // no dialer runs here: a ready agent stays ready
  const t0 = new Date('2026-03-02T09:00:00Z');
  const at = (s: number) => new Date(t0.getTime() + s * 1000);
  const logged = async () =>
    rows<{ state: string; started_at: string; ended_at: string; campaign_ids: number[] }>(
      ctx.db,
      sql`select state, started_at, ended_at, campaign_ids from agent_state_log where user_id = ${agent()} and ${id}::int = any(campaign_ids) order by id`,
    );
  assert.equal((await ctx.api('agent', 'POST', '/api/agent/login', { campaignIds: [id] })).status, 200);
  ctx.clock.set(at(60));
  assert.equal((await ctx.api('agent', 'POST', '/api/agent/ready', { ready: false })).status, 200);
  ctx.clock.set(at(90));
  assert.equal((await ctx.api('agent', 'POST', '/api/agent/ready', { ready: false })).status, 200, 'paused again: nothing ended');
  ctx.clock.set(at(100));
  assert.equal((await ctx.api('agent', 'POST', '/api/agent/ready', { ready: true })).status, 200);
  assert.deepEqual(
    (await logged()).map((r) => [r.state, (Date.parse(r.started_at) - t0.getTime()) / 1000, (Date.parse(r.ended_at) - t0.getTime()) / 1000, r.campaign_ids]),
    [
      ['ready', 0, 60, [id]],
      ['paused', 60, 100, [id]],
    ],
  );
  // ready since 100 s, still: counted up to the window's end, and only inside the window
  assert.deepEqual(await agentSeconds(ctx.db, id, t0, at(160)), { busy: 0, talk: 0, logged: 160 });
  assert.deepEqual(await agentSeconds(ctx.db, id, at(30), at(70)), { busy: 0, talk: 0, logged: 40 });
  assert.deepEqual(await agentSeconds(ctx.db, id + 1000, t0, at(160)), { busy: 0, talk: 0, logged: 0 }, 'another campaign saw none of it');
});

test('preview (DL-1): the agent clicks "call", or the before-call-work limit dials for them', async () => {
  const id = await campaign({ mode: 'preview', previewSeconds: 10, networkProfile: answersAtOnce });
  const d = await day(2);
  await ctx.api('agent', 'POST', '/api/agent/login', { campaignIds: [id] });
  const first = await ctx.api('agent', 'POST', '/api/agent/next');
  assert.equal(first.status, 200, first.res.body);
  assert.equal((await state()).state, 'preview');
  assert.equal((await ctx.api('agent', 'POST', '/api/agent/dial')).status, 202);
  await d.run(100);
  assert.equal((await state()).state, 'dialing');
  await d.run(8000);
  const s = await state();
  assert.equal(s.state, 'talking');
  // saving during the call hangs up
  const statuses = (await ctx.api('manager', 'GET', `/api/campaigns/${id}/statuses`)).body as { id: number; name: string }[];
  assert.equal((await ctx.api('agent', 'POST', `/api/cases/${s.currentCaseId}/result`, { outcome: 'answered', statusId: statuses[0].id })).status, 200);
  await d.run(500);
  const [ended] = await rows<{ ended_at: Date | null }>(ctx.db, sql`select ended_at from calls where id = ${s.callId}`);
  assert.ok(ended.ended_at, 'the call ended with the save');
  // the next case: nobody clicks, the limit runs out
  await ctx.api('agent', 'POST', '/api/agent/next');
  await d.run(5000);
  assert.equal((await state()).state, 'preview', 'still reading');
  await d.run(6000);
  assert.equal((await state()).state, 'dialing', 'dialed when the 10 s limit ran out');
  await d.stop();
});

test('predictive (DL-3): a live answer no agent takes within τ is abandoned, gets "unhandled" and its mapped status, and counts against the cap', async () => {
  const id = await campaign({ mode: 'predictive', networkProfile: { ...answersAtOnce, ringLiveSeconds: { mean: 8, sd: 0.5 } } }, 20);
  const progressive = await ctx.api('manager', 'POST', `/api/campaigns/${id}/statuses`, {
    name: 'Call progressive',
    systemStatus: 'call_progressive',
    autoOutcomes: ['unhandled'],
  });
  assert.equal(progressive.status, 201, progressive.res.body);
  const d = await day(3);
  await ctx.api('agent', 'POST', '/api/agent/login', { campaignIds: [id] });
  await d.run(1500);
  // the call rings; the agent goes on a break before it is answered
  assert.equal((await ctx.api('agent', 'POST', '/api/agent/ready', { ready: false })).status, 200);
  await d.run(20_000);
  const calls = await rows<{ id: string; abandoned: boolean; outcome: string | null; case_id: string; connected_at: Date | null }>(
    ctx.db,
    sql`select id, abandoned, outcome, case_id, connected_at from calls where campaign_id = ${id} order by id`,
  );
  assert.ok(calls.length >= 1, 'dialed for the ready agent');
  assert.equal(calls.filter((c) => c.connected_at).length, 0, 'nobody to connect to');
  const abandoned = calls.filter((c) => c.abandoned);
  assert.ok(abandoned.length >= 1, 'the answer found no free agent within τ');
  for (const c of abandoned) {
    assert.equal(c.outcome, 'unhandled');
    const [k] = await rows<{ status_id: number; queue: string; last_outcome: string }>(
      ctx.db,
      sql`select status_id, queue, last_outcome from cases where id = ${c.case_id}`,
    );
    assert.equal(k.status_id, progressive.body.id, 'the dictionary maps unhandled to "Call progressive"');
    assert.equal(k.queue, 'progressive', 'the next attempt waits for a reserved agent');
  }
  const wall = await ctx.api('supervisor', 'GET', '/api/wallboard');
  assert.equal(wall.status, 200);
  const card = wall.body.campaigns.find((c: { id: number }) => c.id === id);
  assert.equal(card.today.abandoned, abandoned.length);
  assert.equal(card.abandon['24h'].abandoned, abandoned.length);
  assert.ok(card.abandon['24h'].rate > 0);
  assert.equal((await ctx.api('agent', 'GET', '/api/wallboard')).status, 403);
  await d.stop();
});

test('CP-3 through the dialer: a predictive campaign that exhausts its contacts finishes once its last call ends', async () => {
  const nobody = { ...answersAtOnce, outcomes: { live: 0, machine: 0, busy: 0, invalid: 0, noAnswer: 1 } };
  const id = await campaign({ mode: 'predictive', maxAttempts: 1, networkProfile: nobody }, 6);
  const noAnswer = await ctx.api('manager', 'POST', `/api/campaigns/${id}/statuses`, {
    name: 'No answer',
    systemStatus: 'to_call',
    autoOutcomes: ['no_answer'],
  });
  assert.equal(noAnswer.status, 201, noAnswer.res.body);
  const d = await day(4);
  assert.equal((await ctx.api('agent', 'POST', '/api/agent/login', { campaignIds: [id] })).status, 200);
  await d.run(5 * 60_000);
  await d.stop();
  const [c] = await rows<{ state: string; open: number; dials: number }>(
    ctx.db,
    sql`select state, (select count(*)::int from cases where campaign_id = ${id} and queue <> 'closed') as open,
      (select count(*)::int from calls where campaign_id = ${id}) as dials from campaigns where id = ${id}`,
  );
  assert.deepEqual(c, { state: 'finished', open: 0, dials: 6 }, 'every case got its one attempt; the last outcome finished the campaign');
  await ctx.api('agent', 'POST', '/api/agent/logout');
});

test('compliance invariants with robot agents: never blocked, never outside the local window, never twice at once; outcomes set statuses; caller ids rotate', async () => {
  ctx.clock.set('2026-03-02T12:30:00Z');
  const random = seededRandom(5);
  const { campaign: c } = await setUpSimulatedCampaign({
    db: ctx.db,
    events: ctx.events,
    jobs: ctx.jobs,
    random,
    now: ctx.clock.now(),
    agents: 6,
    contacts: 1500,
    mode: 'predictive',
  });
  assert.equal(
    (await ctx.api('manager', 'PATCH', `/api/campaigns/${c.id}`, { callerIds: ['+48221111111', '+48222222222'], callerIdRandom: true })).status,
    200,
  );
  const d = await startVirtualDay({ db: ctx.db, events: ctx.events, jobs: ctx.jobs, clock: ctx.clock, seed: 11 });
  await d.run(20 * 60_000);
  // numbers blocked mid-run are never dialed from then on
  await ctx.db.execute(
    sql`insert into blocked_numbers (phone, reason, created_at) select phone1, 'asked', ${ctx.clock.now()} from contacts where id % 7 = 0 on conflict do nothing`,
  );
  await d.run(20 * 60_000); // New York wakes at 13:00 UTC, inside this run
  await d.stop();
  const inv = await checkInvariants(ctx.db, c.id, c.abandonCapPercent);
  for (const [k, v] of Object.entries(inv)) if (k !== 'capExceeded') assert.equal(v, 0, k);
  const [r] = await rows<{ dials: number; ny: number; ny_early: number; callers: number; busy_mapped: number; busy: number }>(
    ctx.db,
    sql`select count(*)::int as dials,
        count(*) filter (where phone like '+1%')::int as ny,
        count(*) filter (where phone like '+1%' and dialed_at < '2026-03-02T13:00:00Z')::int as ny_early,
        count(distinct caller_id)::int as callers,
        (select count(*)::int from attempts a join statuses s on s.id = a.status_id where a.campaign_id = ${c.id} and a.outcome = 'busy' and s.name = 'No answer') as busy_mapped,
        (select count(*)::int from attempts a where a.campaign_id = ${c.id} and a.outcome = 'busy') as busy
      from calls where campaign_id = ${c.id}`,
  );
  assert.ok(r.dials > 200, `dialed (${JSON.stringify(r)})`);
  assert.equal(r.ny_early, 0, 'no New York number before 08:00 there');
  assert.ok(r.ny > 0, `New York numbers dialed once their morning began ${JSON.stringify(r)}`);
  assert.equal(r.callers, 2, 'the randomiser used both caller ids');
  assert.ok(r.busy > 0 && r.busy_mapped === r.busy, 'busy set "No answer" automatically (ST-2)');
  assert.equal(d.errors.length, 0);
});
