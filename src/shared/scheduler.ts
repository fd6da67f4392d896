// Timers are injected like the clock: live code runs on real timers, simulations and tests on a
// virtual timeline that jumps from one due task to the next.
import { type Clock, manualClock } from './clock.ts';

export interface Scheduler {
  readonly clock: Clock;
  /** runs `task` after `ms` (on the scheduler's own timeline) */
  after(ms: number, task: () => unknown): TimerId;
  cancel(id: TimerId): void;
}
export type TimerId = number;

export function realScheduler(clock: Clock, onError: (err: unknown) => void): Scheduler & { stop(): void } {
  const timers = new Map<number, NodeJS.Timeout>();
  let next = 1;
  return {
    clock,
    after(ms, task) {
      const id = next++;
      timers.set(
        id,
        setTimeout(
          () => {
            timers.delete(id);
            Promise.resolve().then(task).catch(onError);
          },
          Math.max(0, ms),
        ),
      );
      return id;
    },
    cancel(id) {
      clearTimeout(timers.get(id));
      timers.delete(id);
    },
    stop() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}

/**
 * A discrete-event timeline: `runUntil` takes the earliest task, moves the clock to its time and
 * awaits it (and `settle`, the work it set off) before the next, so a day runs in seconds and
 * the same way every time.
 */
export function virtualScheduler(start: Date | string | ReturnType<typeof manualClock>) {
  const clock = typeof start === 'object' && 'advance' in start ? start : manualClock(start);
  const heap: { at: number; seq: number; id: number; task: () => unknown }[] = [];
  const cancelled = new Set<number>();
  let seq = 0;
  let nextId = 1;
  const less = (a: (typeof heap)[number], b: (typeof heap)[number]) => a.at < b.at || (a.at === b.at && a.seq < b.seq);
  const push = (item: (typeof heap)[number]) => {
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(heap[i], heap[p])) break;
      [heap[i], heap[p]] = [heap[p], heap[i]];
      i = p;
    }
  };
  const pop = () => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l], heap[m])) m = l;
        if (r < heap.length && less(heap[r], heap[m])) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  };
  const scheduler = {
    clock,
    after(ms: number, task: () => unknown): TimerId {
      const id = nextId++;
      push({ at: clock.now().getTime() + Math.max(0, ms), seq: seq++, id, task });
      return id;
    },
    cancel(id: TimerId) {
      cancelled.add(id);
    },
    /** runs every task due up to `until`, then leaves the clock there */
    async runUntil(until: Date, settle: () => Promise<void> = async () => {}) {
      const end = until.getTime();
      while (heap.length && heap[0].at <= end) {
        const item = pop();
        if (cancelled.delete(item.id)) continue;
        if (item.at > clock.now().getTime()) clock.set(new Date(item.at));
        await item.task();
        await settle();
      }
      if (end > clock.now().getTime()) clock.set(until);
    },
    pending: () => heap.length - cancelled.size,
  };
  return scheduler;
}
export type VirtualScheduler = ReturnType<typeof virtualScheduler>;
