// A simulated inbound day in virtual time: callers arrive at a queue whose members are robot
// agents who also work a progressive outbound campaign (blending); missed callers order callbacks
// by key and by hanging up; the robots work the callbacks through the preview dial path. The day
// must produce callbacks that agents work, and no invariant may break.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { rows } from '../src/db/query.ts';
import { setUpSimulatedCampaign } from '../src/modules/dialer/sim-setup.ts';
import { startInboundDay } from '../src/modules/inbound/inbound-day.ts';
import { inboundInvariants, inboundSummary } from '../src/modules/inbound/inbound-report.ts';
import { setUpInboundQueue } from '../src/modules/inbound/inbound-sim-setup.ts';
import { seededRandom } from '../src/shared/random.ts';
import { createTestContext, type TestContext } from './harness.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

test('a simulated inbound day produces callbacks that robot agents work, within every rule', async () => {
  ctx.clock.set('2026-03-02T07:00:00Z'); // Monday 08:00 in Warsaw
  const now = ctx.clock.now();
  const { campaign: outbound } = await setUpSimulatedCampaign({
    db: ctx.db,
    events: ctx.events,
    jobs: ctx.jobs,
    random: seededRandom(11),
    now,
    agents: 6,
    contacts: 3000,
    mode: 'progressive',
  });
  const { campaign: cb, queue: q, settings, members } = await setUpInboundQueue({ db: ctx.db, now, callsPerHour: 120, callerPool: 200 });
  assert.equal(members, 6, 'the robots are the queue members');
  const d = await startInboundDay({ db: ctx.db, events: ctx.events, jobs: ctx.jobs, clock: ctx.clock, seed: 5, callerPool: 200 });
  const started = Date.now();
  await d.run(3 * 3_600_000);
  const wallMs = Date.now() - started;
  const summary = await inboundSummary(ctx.db, q.id, cb.id);
  const invariants = await inboundInvariants(ctx.db, cb.id, {
    delaySeconds: settings.delaySeconds,
    expiryMinutes: settings.expiryMinutes,
    maxCallbackAgents: 3,
  });
  const outboundCalls = await rows<{ n: number }>(ctx.db, sql`select count(*)::int as n from calls where campaign_id = ${outbound.id}`);
  console.log(JSON.stringify({ wallMs, summary, invariants, outboundDials: outboundCalls[0].n }));
  await d.stop();
  assert.deepEqual(d.errors, [], 'no task failed');
  for (const [name, n] of Object.entries(invariants)) assert.equal(n, 0, name);
  assert.ok(summary.arrivals > 250, `callers arrived (${summary.arrivals})`);
  assert.ok(summary.answered > 50, 'the queue was answered');
  assert.ok(summary.callbackByKey > 0 && summary.callbackByHangup > 0, 'both triggers ordered callbacks');
  assert.ok(summary.neverCallSkipped > 0, 'never-call numbers got no callback');
  assert.ok(summary.repeatMissedCalls > 0, 'a repeat caller updated their callback instead of a second one');
  assert.ok(summary.callbackDials > 20, 'callbacks were dialed');
  assert.ok(summary.callbackConnects > 10, 'callbacks reached customers');
  assert.ok(summary.callbackResultsSaved > 10, 'agents worked the callbacks and saved results');
  assert.ok(outboundCalls[0].n > 50, 'the same agents kept working the outbound campaign (blending)');
});
