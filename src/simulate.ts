// `npm run simulate -- --agents 50 --hours 8 [--mode predictive|progressive|preview] [--seed 1]`
// A full campaign day through the real engine, status logic and database (PGlite in memory, or
// DATABASE_URL) on the simulated network with robot agents in virtual time. Prints one JSON
// object: dials, connects, abandon rate by window, occupancy, statuses reached and invariant
// violations (blocked dialed, out-of-hours dialed, double dialed, cap exceeded) — all must be 0.
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { rows } from './db/query.ts';
import { setRobots } from './modules/dialer/robots.ts';
import { startVirtualDay } from './modules/dialer/virtual-day.ts';
import { setUpSimulatedCampaign } from './modules/dialer/sim-setup.ts';
import { createJobRunner } from './modules/jobs/runner.ts';
import { manualClock } from './shared/clock.ts';
import { createEventBus } from './shared/events.ts';
import { seededRandom } from './shared/random.ts';
import { checkInvariants, daySummary } from './modules/dialer/day-report.ts';

const { values: args } = parseArgs({
  options: {
    agents: { type: 'string', default: '50' },
    hours: { type: 'string', default: '8' },
    mode: { type: 'string', default: 'predictive' },
    seed: { type: 'string', default: '1' },
    contacts: { type: 'string' },
    start: { type: 'string', default: '2026-03-02T07:00:00Z' },
  },
});
const agents = Number(args.agents);
const hours = Number(args.hours);
const mode = args.mode as 'predictive' | 'progressive' | 'preview';
const seed = Number(args.seed);
if (!(agents >= 1 && agents <= 500) || !(hours > 0 && hours <= 24) || !['predictive', 'progressive', 'preview'].includes(mode) || !Number.isFinite(seed)) {
  console.error('usage: npm run simulate -- --agents 1..500 --hours 0..24 [--mode predictive|progressive|preview] [--seed N]');
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
const now = () => clock.now();

const contactCount = Number(args.contacts ?? Math.ceil(agents * hours * 160));
const { campaign, saleStatusId, work } = await setUpSimulatedCampaign({ db, events, jobs, random, now: now(), agents, contacts: contactCount, mode });

const day = await startVirtualDay({ db, events, jobs, clock, seed, robots: true });
const setupSeconds = (performance.now() - started) / 1000;
for (let h = 0; h < hours * 4; h++) {
  await day.run(15 * 60_000);
  // mid-day, more numbers go on the block list: they must never be dialed from then on
  if (h === Math.floor(hours * 2)) {
    await db.execute(sql`insert into blocked_numbers (phone, reason, created_at)
      select phone1, 'asked not to be called', ${now()} from contacts where id % 89 = 0 on conflict do nothing`);
  }
}
await setRobots(work, campaign.id, 0, now()).catch(() => undefined);
await day.run(10 * 60_000); // calls in flight finish
await day.stop();

const summary = await daySummary(db, campaign.id, { from: new Date(args.start), to: now(), capPercent: campaign.abandonCapPercent });
const invariants = await checkInvariants(db, campaign.id, campaign.abandonCapPercent);
const out = {
  agents,
  hours,
  mode,
  seed,
  database: handle.kind,
  contacts: contactCount,
  ...summary,
  successes: (await rows<{ n: number }>(db, sql`select count(*)::int as n from cases where status_id = ${saleStatusId}`))[0].n,
  invariants,
  engineErrors: day.errors.length,
  wallSeconds: { setup: Math.round(setupSeconds * 10) / 10, total: Math.round(((performance.now() - started) / 1000) * 10) / 10 },
};
console.log(JSON.stringify(out, null, 2));
await handle.close();
const violations = Object.values(invariants).reduce((s, v) => s + v, 0);
process.exit(violations || day.errors.length ? 1 : 0);
