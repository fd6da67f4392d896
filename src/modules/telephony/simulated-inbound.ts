// CB-2 on the simulated network: callers arrive at each queue's number at its configured rate
// (a Poisson stream), wait with a drawn patience, may press the callback key, are answered and
// talk, or hang up — on the injected timers and a seeded random stream, so a test or a simulated
// day replays exactly. The inbound runtime sees only the InboundTelephony events.
import type { ArrivalProfile } from '../../db/schema.ts';
import { deriveSeed, type Random, seededRandom } from '../../shared/random.ts';
import type { Scheduler, TimerId } from '../../shared/scheduler.ts';
import type { InboundEvent, InboundEventKind, InboundTelephony } from './port.ts';

export interface SimulatedQueue {
  number: string;
  arrivals: ArrivalProfile;
  /** the digit a caller who wants a callback presses (null: nobody presses) */
  triggerKey: string | null;
}

interface Caller {
  queueNumber: string;
  talkSeconds: number;
  answered: boolean;
  timers: TimerId[];
}

export interface CallerPlan {
  patienceSeconds: number;
  keyAfterSeconds: number | null;
  digit: string;
  talkSeconds: number;
}

export interface SimulatedInboundOptions {
  scheduler: Scheduler;
  seed: number;
  /** distinct caller numbers drawn from (a small pool makes repeat callers) */
  callerPool?: number;
}

const exponential = (r: Random, mean: number) => -Math.log(1 - r.next()) * mean;

export function simulatedInbound({ scheduler, seed, callerPool = 400 }: SimulatedInboundOptions) {
  const listeners = new Set<(e: InboundEvent) => void>();
  const callers = new Map<number, Caller>();
  /** per queue number: its profile and the timer of its next arrival */
  const streams = new Map<string, { queue: SimulatedQueue; timer: TimerId | null; random: Random }>();
  let nextId = 1;

  const emit = (callId: number, kind: InboundEventKind, extra: Partial<InboundEvent> = {}) => {
    const event: InboundEvent = { callId, kind, at: scheduler.clock.now(), ...extra };
    for (const l of listeners) l(event);
  };
  const end = (callId: number) => {
    const c = callers.get(callId);
    if (!c) return;
    for (const t of c.timers) scheduler.cancel(t);
    callers.delete(callId);
  };

  function scheduleArrival(number: string) {
    const s = streams.get(number);
    if (!s || s.queue.arrivals.callsPerHour <= 0) return;
    const gap = exponential(s.random, 3600 / s.queue.arrivals.callsPerHour);
    s.timer = scheduler.after(gap * 1000, () => {
      s.timer = null;
      arrive(s.queue);
      scheduleArrival(number);
    });
  }

  function arrive(q: SimulatedQueue) {
    const r = seededRandom(deriveSeed(seed, nextId));
    const from = `+48600${String(1_000_000 + Math.floor(r.next() * callerPool)).slice(1)}`;
    const patienceSeconds = exponential(r, q.arrivals.patienceSeconds);
    const presses = q.triggerKey !== null && r.next() < q.arrivals.keyPressShare;
    ring(q.number, from, {
      patienceSeconds,
      // pressing the key comes before giving up
      keyAfterSeconds: presses ? patienceSeconds * (0.2 + 0.6 * r.next()) : null,
      digit: q.triggerKey ?? '0',
      talkSeconds: Math.max(5, exponential(r, q.arrivals.talkSeconds)),
    });
  }

  /** One caller: waits `patienceSeconds` at most, presses `digit` after `keyAfterSeconds` (null: never), talks `talkSeconds` once answered. */
  function ring(queueNumber: string, from: string, plan: CallerPlan): number {
    const callId = nextId++;
    const caller: Caller = { queueNumber, talkSeconds: plan.talkSeconds, answered: false, timers: [] };
    callers.set(callId, caller);
    emit(callId, 'arrived', { queueNumber, from });
    if (plan.keyAfterSeconds !== null && plan.keyAfterSeconds < plan.patienceSeconds)
      caller.timers.push(scheduler.after(plan.keyAfterSeconds * 1000, () => !caller.answered && emit(callId, 'key', { digit: plan.digit })));
    caller.timers.push(
      scheduler.after(plan.patienceSeconds * 1000, () => {
        if (caller.answered || !callers.has(callId)) return;
        end(callId);
        emit(callId, 'abandoned', { by: 'customer' });
      }),
    );
    return callId;
  }

  const port: InboundTelephony & {
    /** the queues callers ring and their arrival profiles (replaces the set; streams of unchanged queues go on) */
    setQueues(list: SimulatedQueue[]): void;
    ring(queueNumber: string, from: string, plan: CallerPlan): number;
    stop(): void;
  } = {
    name: 'simulated',
    answer(callId) {
      const c = callers.get(callId);
      if (!c || c.answered) return;
      c.answered = true;
      for (const t of c.timers.splice(0)) scheduler.cancel(t);
      emit(callId, 'answered');
      c.timers.push(
        scheduler.after(c.talkSeconds * 1000, () => {
          end(callId);
          emit(callId, 'completed', { by: 'customer' });
        }),
      );
    },
    playMessage() {
      // the confirmation takes no agent time; the runtime hangs up after it
    },
    hangup(callId, by) {
      if (!callers.has(callId)) return;
      end(callId);
      emit(callId, 'completed', { by });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    activeCalls: () => [...callers.keys()],
    ring,
    setQueues(list) {
      const wanted = new Map(list.map((q) => [q.number, q]));
      for (const [number, s] of streams) {
        const q = wanted.get(number);
        if (q && JSON.stringify(q) === JSON.stringify(s.queue)) continue;
        if (s.timer !== null) scheduler.cancel(s.timer);
        streams.delete(number);
      }
      for (const [number, q] of wanted) {
        if (streams.has(number)) continue;
        streams.set(number, {
          queue: q,
          timer: null,
          random: seededRandom(
            deriveSeed(
              seed,
              0x1b,
              [...number].reduce((h, ch) => h * 31 + ch.charCodeAt(0), 7),
            ),
          ),
        });
        scheduleArrival(number);
      }
    },
    stop() {
      for (const s of streams.values()) if (s.timer !== null) scheduler.cancel(s.timer);
      streams.clear();
    },
  };
  return port;
}
export type SimulatedInbound = ReturnType<typeof simulatedInbound>;
