// AMD in the engine (issue 5): the campaign decides whether the network detects answering
// machines and what a detected machine gets (hang up with the "voicemail" outcome, or an agent);
// the people AMD hangs up on as machines count as abandons, estimated from its false-positive rate.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { rows } from '../src/db/query.ts';
import { expectedFalsePositives, withAmdDrops } from '../src/modules/dialer/amd.ts';
import { checkInvariants, daySummary } from '../src/modules/dialer/day-report.ts';
import { startVirtualDay } from '../src/modules/dialer/virtual-day.ts';
import { createTestContext, type TestContext } from './harness.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

let run = 0;
const agent = () => ctx.users.agent as number;
const start = '2026-03-02T09:00:00Z'; // Monday 10:00 in Warsaw

/** A progressive campaign (calls reserved for the one agent) of `contacts` numbers, running, with a "Voicemail" status for the voicemail outcome. */
async function campaign(settings: Record<string, unknown>, contacts = 3) {
  run++;
  ctx.clock.set(start);
  await ctx.db.execute(sql`update agent_states set current_case_id = null, call_id = null, state = 'logged_out', campaign_ids = '{}'`);
  const c = await ctx.api('manager', 'POST', '/api/campaigns', { name: `AMD ${run}`, agentIds: [agent()], mode: 'progressive', wrapUpSeconds: 5, ...settings });
  assert.equal(c.status, 201, c.res.body);
  const voicemail = await ctx.api('manager', 'POST', `/api/campaigns/${c.body.id}/statuses`, {
    name: 'Voicemail',
    systemStatus: 'to_call',
    autoOutcomes: ['voicemail'],
  });
  assert.equal(voicemail.status, 201, voicemail.res.body);
  // what the wrap-up limit saves a connected call with, so the agent takes the next one
  const talked = await ctx.api('manager', 'POST', `/api/campaigns/${c.body.id}/statuses`, {
    name: 'Talked',
    systemStatus: 'to_call',
    autoOutcomes: ['answered'],
  });
  assert.equal(talked.status, 201, talked.res.body);
  const city = `Amdtown${run}`;
  for (let i = 0; i < contacts; i++) {
    const r = await ctx.api('manager', 'POST', '/api/contacts', {
      lastName: `M${i}`,
      city,
      phone1: `+4852${String(run).padStart(2, '0')}${String(i).padStart(5, '0')}`,
    });
    assert.equal(r.status, 201, r.res.body);
  }
  assert.equal((await ctx.api('manager', 'POST', '/api/assignments', { campaignId: c.body.id, filter: { city } })).status, 200);
  assert.equal((await ctx.api('manager', 'POST', `/api/campaigns/${c.body.id}/state`, { state: 'running' })).status, 200);
  return { id: c.body.id as number, voicemailStatusId: voicemail.body.id as number };
}

const machinesOnly = { outcomes: { live: 0, machine: 1, busy: 0, invalid: 0, noAnswer: 0 }, ringMachineSeconds: { mean: 3, sd: 0.5 }, machineTalkSeconds: 8 };
const peopleOnly = {
  outcomes: { live: 1, machine: 0, busy: 0, invalid: 0, noAnswer: 0 },
  ringLiveSeconds: { mean: 3, sd: 0.5 },
  talkSeconds: { mean: 30, sd: 1 },
};

type CallRow = { id: string; case_id: string; outcome: string | null; human: boolean | null; connected_at: Date | null; abandoned: boolean; state: string };
const callsOf = (id: number) =>
  rows<CallRow>(ctx.db, sql`select id, case_id, outcome, human, connected_at, abandoned, state from calls where campaign_id = ${id} order by id`);

async function dialFor(id: number, ms: number) {
  const d = await startVirtualDay({ db: ctx.db, events: ctx.events, jobs: ctx.jobs, clock: ctx.clock, seed: 7, robots: false });
  assert.equal((await ctx.api('agent', 'POST', '/api/agent/login', { campaignIds: [id] })).status, 200);
  await d.run(ms);
  await d.stop();
}

test('AMD on, "hang up": a machine is hung up on, never reaches the agent, and gets the voicemail outcome\'s status', async () => {
  const { id, voicemailStatusId } = await campaign({ networkProfile: machinesOnly, amdEnabled: true, amdMachineAction: 'hangup' });
  await dialFor(id, 40_000);
  const calls = await callsOf(id);
  assert.ok(calls.length >= 2, `machines answered and the agent got the next call (${calls.length} calls)`);
  for (const c of calls.filter((x) => x.outcome)) {
    assert.equal(c.outcome, 'voicemail');
    assert.equal(c.connected_at, null, 'no agent hears a machine');
    assert.equal(c.human, false);
    assert.equal(c.abandoned, false, 'a machine hung up on is no abandon');
    const [k] = await rows<{ status_id: number; last_outcome: string }>(ctx.db, sql`select status_id, last_outcome from cases where id = ${c.case_id}`);
    assert.equal(k.status_id, voicemailStatusId, 'the dictionary maps voicemail to "Voicemail"');
    assert.equal(k.last_outcome, 'voicemail');
  }
});

test('AMD off: nobody tells a machine from a person, so every answer reaches the agent', async () => {
  const { id } = await campaign({ networkProfile: machinesOnly, amdEnabled: false });
  await dialFor(id, 40_000);
  const calls = await callsOf(id);
  assert.ok(calls.length >= 1);
  assert.ok(calls[0].connected_at, 'the machine was connected to the agent');
  assert.equal(calls[0].human, true, 'an answer is a person as far as the dialer can tell');
  assert.equal(calls.filter((c) => c.outcome === 'voicemail').length, 0, 'no call ended as a detected machine');
  const [attempt] = await rows<{ outcome: string }>(
    ctx.db,
    sql`select a.outcome from attempts a join calls c on c.attempt_id = a.id where c.id = ${calls[0].id}`,
  );
  assert.equal(attempt?.outcome, 'answered', 'saved after the wrap-up limit like any connected call');
});

test('AMD on, "connect": a detected machine goes to an agent, recorded as a machine (no live answer)', async () => {
  const { id } = await campaign({ networkProfile: machinesOnly, amdEnabled: true, amdMachineAction: 'connect' });
  await dialFor(id, 40_000);
  const calls = await callsOf(id);
  assert.ok(calls.length >= 1);
  assert.ok(calls[0].connected_at, 'connected to the agent');
  assert.equal(calls[0].human, false, 'AMD said machine: it does not count as a live answer');
  assert.equal(calls.filter((c) => c.outcome === 'voicemail').length, 0);
});

test('people AMD hangs up on count as abandons: expected from its false-positive rate, in the wallboard, the day report and the cap', async () => {
  // 10 % of the people who answer are taken for machines: with no abandon at all, the rate is 10 %
  const { id } = await campaign({ networkProfile: peopleOnly, amdEnabled: true, amdMachineAction: 'hangup', amdFalsePositivePercent: 10 }, 6);
  await dialFor(id, 5 * 60_000);
  const calls = await callsOf(id);
  const live = calls.filter((c) => c.human && c.connected_at).length;
  assert.ok(live >= 3, `people answered (${live})`);
  assert.equal(calls.filter((c) => c.abandoned).length, 0);
  const card = (await ctx.api('supervisor', 'GET', '/api/wallboard')).body.campaigns.find((c: { id: number }) => c.id === id);
  assert.equal(card.today.liveAnswers, live, 'the counts stay what was counted');
  assert.ok(Math.abs(card.today.abandonRate - 0.1) < 1e-9, `rate ${card.today.abandonRate}`);
  assert.ok(Math.abs(card.abandon['24h'].rate - 0.1) < 1e-9);
  const summary = await daySummary(ctx.db, id, { from: new Date(start), to: ctx.clock.now(), capPercent: 3 });
  assert.equal(summary.abandonRate.day, 0.1);
  assert.ok(Math.abs(summary.amdDroppedPeopleExpected - live / 9) < 0.06);
  assert.equal((await checkInvariants(ctx.db, id, 3)).capExceeded, 1, '10 % > the 3 % cap');
  // machines go to agents instead: nobody is hung up on, nothing is added
  assert.equal((await ctx.api('manager', 'PATCH', `/api/campaigns/${id}`, { amdMachineAction: 'connect' })).status, 200);
  const again = (await ctx.api('supervisor', 'GET', '/api/wallboard')).body.campaigns.find((c: { id: number }) => c.id === id);
  assert.equal(again.today.abandonRate, 0);
  assert.equal((await checkInvariants(ctx.db, id, 3)).capExceeded, 0);
});

test("the estimate and the pacer's margin; the settings are validated", async () => {
  const on = { amdEnabled: true, amdMachineAction: 'hangup' as const, amdFalsePositivePercent: 2 };
  assert.ok(Math.abs(expectedFalsePositives(on, 980) - 20) < 1e-9, '980 people passed at 2 % false positives: 20 dropped');
  assert.equal(expectedFalsePositives({ ...on, amdEnabled: false }, 980), 0);
  assert.equal(expectedFalsePositives({ ...on, amdMachineAction: 'connect' }, 980), 0);
  const seen = withAmdDrops(on, { liveAnswers: 980, abandoned: 10 });
  assert.ok(Math.abs(seen.liveAnswers - 1000) < 1e-9 && Math.abs(seen.abandoned - 30) < 1e-9, JSON.stringify(seen));
  const paced = withAmdDrops(on, { liveAnswers: 980, abandoned: 10 }, true);
  assert.ok(Math.abs(paced.abandoned - (30 + Math.sqrt(20))) < 1e-9, 'the pacer holds one standard deviation more');
  const { id } = await campaign({});
  const got = (await ctx.api('manager', 'GET', `/api/campaigns/${id}`)).body;
  assert.equal(got.amdEnabled, true, 'on by default, as the dialer always hung up on machines');
  assert.equal(got.amdMachineAction, 'hangup');
  assert.equal(got.amdFalsePositivePercent, 0);
  assert.equal((await ctx.api('manager', 'PATCH', `/api/campaigns/${id}`, { amdMachineAction: 'transfer' })).status, 400);
  assert.equal((await ctx.api('manager', 'PATCH', `/api/campaigns/${id}`, { amdFalsePositivePercent: 80 })).status, 400);
  assert.equal((await ctx.api('agent', 'PATCH', `/api/campaigns/${id}`, { amdEnabled: false })).status, 403);
});
