import type { Clock } from '../../shared/clock.ts';

/** Fixed one-minute windows per key (client address, and username): cheap and clock-injected. */
export function createLoginLimiter(clock: Clock, perMinute: number) {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    /** Counts an attempt; returns seconds to wait when over the limit, else 0. */
    hit(keys: string[]): number {
      const now = clock.now().getTime();
      let wait = 0;
      for (const key of keys) {
        let w = windows.get(key);
        if (!w || now - w.start >= 60_000) {
          w = { start: now, count: 0 };
          windows.set(key, w);
        }
        w.count++;
        if (w.count > perMinute) wait = Math.max(wait, Math.ceil((w.start + 60_000 - now) / 1000));
      }
      if (windows.size > 10_000) for (const [k, w] of windows) if (now - w.start >= 60_000) windows.delete(k);
      return wait;
    },
  };
}
