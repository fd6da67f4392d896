// VICIdial's predictive modes as written (BENCH-PACING.md "Peers"). The dial level L counts every
// line, calls with agents included: goal = round(L × (ready + in call)), and the dialer places
// goal − existing lines. ADAPT_* move L every 15 s by how idle agents were; RATIO keeps L fixed.
import type { SimPolicy } from '../simulate.ts';

export type VicidialMode = 'adapt-average' | 'adapt-hard-limit' | 'ratio';

export interface VicidialOptions {
  mode: VicidialMode;
  /** the starting dial level (RATIO: the fixed one) */
  level: number;
  /** the day's drops / human answers above which ADAPT_* cut L (VICIdial's "adaptive dropped percentage") */
  dropTarget: number;
  /** how strongly L follows idle agents: L ← L(1 + m·gain) */
  gain: number;
}

export function vicidial(o: VicidialOptions): SimPolicy {
  let level = o.level;
  let idleSum = 0;
  let idleSamples = 0;
  let answers = 0;
  let drops = 0;
  // the last minute's human answers and drops, one slot per second
  const minuteAnswers = new Uint32Array(60);
  const minuteDrops = new Uint32Array(60);
  let lastMinuteAnswers = 0;
  let lastMinuteDrops = 0;

  return {
    observe(e) {
      if (e.kind === 'answered' && e.human) {
        answers++;
        minuteAnswers[Math.floor(e.at) % 60]++;
        lastMinuteAnswers++;
      } else if (e.kind === 'abandoned') {
        drops++;
        minuteDrops[Math.floor(e.at) % 60]++;
        lastMinuteDrops++;
      }
    },
    tick(s) {
      const second = Math.floor(s.now);
      const slot = second % 60;
      lastMinuteAnswers -= minuteAnswers[slot];
      lastMinuteDrops -= minuteDrops[slot];
      minuteAnswers[slot] = 0;
      minuteDrops[slot] = 0;
      if (o.mode === 'ratio') return;
      idleSum += s.ready - s.waiting;
      idleSamples++;
      if (second % 15 !== 14) return;
      const loggedIn = Math.max(1, s.agents - s.onBreak);
      const m = idleSum / idleSamples / loggedIn;
      level = Math.min(3, Math.max(1, level * (1 + m * o.gain)));
      if (answers > 0 && drops / answers > o.dropTarget) level = o.mode === 'adapt-average' ? Math.max(1, level / 2) : 1;
      if (lastMinuteAnswers > 20 && lastMinuteDrops / lastMinuteAnswers > 0.5) level = Math.max(1, level / 2);
      idleSum = 0;
      idleSamples = 0;
    },
    decide(s) {
      const goal = Math.round(level * (s.ready + s.talking));
      return Math.max(0, goal - (s.inFlight + s.waiting + s.talking));
    },
  };
}
