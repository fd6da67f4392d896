// `npm run simulate:inbound -- --agents 6 --hours 3 [--calls-per-hour 120] [--seed 5]`
// An inbound day through the real engine and database (PGlite in memory, or DATABASE_URL) in
// virtual time: robot agents work a progressive outbound campaign and answer an inbound queue
// (blending); missed callers order callbacks by key or by hanging up; the robots work the
// callbacks. Prints one JSON object with the queue's figures and the callback invariants (never-
// call number dialed, callback outside its window, agent double-booked across inbound and
// outbound, callback share exceeded) — all must be 0, or the exit code is 1.
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { rows } from './db/query.ts';
import { setUpSimulatedCampaign } from './modules/dialer/sim-setup.ts';
import { startInboundDay } from './modules/inbound/inbound-day.ts';
import { inboundInvariants, inboundSummary } from './modules/inbound/inbound-report.ts';
import { setUpInboundQueue } from './modules/inbound/inbound-sim-setup.ts';
import { callbackAgentLimit } from './modules/inbound/callback-rules.ts';
import { createJobRunner } from './modules/jobs/runner.ts';
import { manualClock } from './shared/clock.ts';
import { createEventBus } from './shared/events.ts';
import { seededRandom } from './shared/random.ts';

const { values: args } = parseArgs({
  options: {
    agents: { type: 'string', default: '6' },
    hours: { type: 'string', default: '3' },
    'calls-per-hour': { type: 'string', default: '120' },
    seed: { type: 'string', default: '5' },
    start: { type: 'string', default: '2026-03-02T07:00:00Z' },
  },
});
const agents = Number(args.agents);
const hours = Number(args.hours);
const callsPerHour = Number(args['calls-per-hour']);
const seed = Number(args.seed);
if (!(agents >= 1 && agents <= 500) || !(hours > 0 && hours <= 24) || !(callsPerHour >= 0 && callsPerHour <= 10_000) || !Number.isFinite(seed)) {
  console.error('usage: npm run simulate:inbound -- --agents 1..500 --hours 0..24 [--calls-per-hour N] [--seed N]');
  process.exit(2);
}
const started = performance.now();
const handle = await openDatabase({ url: process.env.DATABASE_URL, dataDir: 'memory://' });
await migrate(handle);
const { db } = handle;
const clock = manualClock(args.start);
const events = createEventBus();
const random = seededRandom(seed);
const jobs = createJobRunner({ db, clock, random, events, workerId: 'simulate', soleProcess: true });
const callerPool = 200;

const { campaign: outbound } = await setUpSimulatedCampaign({
  db,
  events,
  jobs,
  random,
  now: clock.now(),
  agents,
  contacts: Math.ceil(agents * hours * 100),
  mode: 'progressive',
});
const { campaign, queue, settings, members } = await setUpInboundQueue({ db, now: clock.now(), callsPerHour, callerPool });
const day = await startInboundDay({ db, events, jobs, clock, seed, callerPool });
await day.run(hours * 3_600_000);
// no new callers; calls in flight finish
await db.execute(sql`update inbound_queues set arrivals = jsonb_set(arrivals, '{callsPerHour}', '0')`);
events.publish({ type: 'inbound.changed', userId: null, queueId: queue.id });
await day.run(10 * 60_000);
await day.stop();

const summary = await inboundSummary(db, queue.id, campaign.id);
const invariants = await inboundInvariants(db, campaign.id, {
  delaySeconds: settings.delaySeconds,
  expiryMinutes: settings.expiryMinutes,
  maxCallbackAgents: callbackAgentLimit(members, settings.agentSharePercent),
});
const out = {
  agents,
  hours,
  callsPerHour,
  seed,
  database: handle.kind,
  ...summary,
  outboundDials: (await rows<{ n: number }>(db, sql`select count(*)::int as n from calls where campaign_id = ${outbound.id}`))[0].n,
  invariants,
  engineErrors: day.errors.length,
  wallSeconds: Math.round(((performance.now() - started) / 1000) * 10) / 10,
};
console.log(JSON.stringify(out, null, 2));
await handle.close();
const violations = Object.values(invariants).reduce((s, v) => s + v, 0);
process.exit(violations || day.errors.length ? 1 : 0);
