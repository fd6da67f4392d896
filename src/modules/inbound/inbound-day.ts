// A virtual-time day with inbound queues: the dialer's virtual day (real engine, database and
// robot agents) plus simulated callers and the inbound runtime in the dialer's task chain.
import type { VirtualDayOptions } from '../dialer/virtual-day.ts';
import { startVirtualDay } from '../dialer/virtual-day.ts';
import { seededRandom } from '../../shared/random.ts';
import { simulatedInbound } from '../telephony/simulated-inbound.ts';
import { createInboundRuntime } from './runtime.ts';

export async function startInboundDay(o: VirtualDayOptions & { callerPool?: number }) {
  const day = await startVirtualDay(o);
  const network = simulatedInbound({ scheduler: day.scheduler, seed: o.seed + 7, callerPool: o.callerPool });
  const runtime = createInboundRuntime({
    db: o.db,
    events: o.events,
    scheduler: day.scheduler,
    telephony: network,
    arrivals: network,
    random: seededRandom(o.seed + 8),
    log: o.log ?? { warn: () => {}, error: (obj: unknown) => day.errors.push(obj) },
    leaseMinutes: o.leaseMinutes ?? 60,
    serialize: day.dialer.run,
    readyFromDialer: true,
    leading: day.dialer.leading,
  });
  day.dialer.setBeforeOutbound(runtime.agentReady);
  await runtime.start();
  await day.settle();
  return {
    ...day,
    network,
    runtime,
    async stop() {
      await runtime.stop();
      network.stop();
      await day.stop();
    },
  };
}
