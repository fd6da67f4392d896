// The whole engine in virtual time: the real dialer, status engine and database on the
// simulated network, with robot agents, on a timeline that jumps from one event to the next.
// Used by `npm run simulate`, the dialer's tests and the crash test.
import type { Db } from '../../db/client.ts';
import type { manualClock } from '../../shared/clock.ts';
import type { EventBus } from '../../shared/events.ts';
import { seededRandom } from '../../shared/random.ts';
import { virtualScheduler } from '../../shared/scheduler.ts';
import type { JobRunner } from '../jobs/runner.ts';
import { simulatedNetwork } from '../telephony/simulated-network.ts';
import { createDialer } from './dialer.ts';
import { runRobots } from './robots.ts';

export interface VirtualDayOptions {
  db: Db;
  events: EventBus;
  jobs: JobRunner;
  clock: ReturnType<typeof manualClock>;
  seed: number;
  processId?: string;
  leaseMinutes?: number;
  robots?: boolean;
  log?: { warn(obj: unknown, msg?: string): void; error(obj: unknown, msg?: string): void };
}

export async function startVirtualDay(o: VirtualDayOptions) {
  const scheduler = virtualScheduler(o.clock);
  const telephony = simulatedNetwork({ scheduler, seed: o.seed, dayStart: o.clock.now() });
  const random = seededRandom(o.seed + 1);
  const errors: unknown[] = [];
  const log = o.log ?? { warn: () => {}, error: (obj: unknown) => errors.push(obj) };
  const dialer = createDialer({
    db: o.db,
    events: o.events,
    jobs: o.jobs,
    scheduler,
    telephony,
    random,
    log,
    processId: o.processId ?? 'virtual',
    leaseMinutes: o.leaseMinutes ?? 60,
    soleProcess: true,
  });
  const robots =
    o.robots === false
      ? null
      : runRobots({
          work: { db: o.db, events: o.events, jobs: o.jobs, leaseMinutes: o.leaseMinutes ?? 60 },
          events: o.events,
          scheduler,
          random: seededRandom(o.seed + 2),
          dial: (agentId) => o.events.publish({ type: 'dialer.command', userId: null, internal: true, command: { kind: 'dial', agentId } }),
          log,
        });
  const settle = async () => {
    for (let i = 0; i < 5; i++) {
      await robots?.idle();
      await dialer.idle();
    }
  };
  await dialer.start();
  await settle();
  return {
    scheduler,
    telephony,
    dialer,
    errors,
    settle,
    /** runs the day forward by `ms` of virtual time */
    async run(ms: number) {
      await scheduler.runUntil(new Date(o.clock.now().getTime() + ms), settle);
      await settle();
    },
    async stop() {
      robots?.stop();
      await dialer.stop();
    },
  };
}
