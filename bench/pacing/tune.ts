// "Best tuned": the most aggressive knob value at which every tuning seed-day stays at or under
// the cap, found by bisection on seeds kept apart from the evaluation seeds.
import { dayAbandonRate } from './metrics.ts';
import type { Knob, PolicySpec } from './policies/index.ts';
import type { Scenario } from './scenario.ts';
import { simOptions, simulateDay } from './simulate.ts';

export const TUNING_SEED_BASE = 1_000_000;

export function tuningSeeds(count: number): number[] {
  return Array.from({ length: count }, (_, i) => TUNING_SEED_BASE + i + 1);
}

export function tuneKnob(spec: PolicySpec, scenario: Scenario, seeds: number[], high = (spec.knob as Knob).high, steps = 7): number {
  const knob = spec.knob as Knob;
  const order = [...seeds];
  // a value fails at its first seed-day over the cap; the seed that failed last is tried first
  const compliant = (value: number) => {
    for (let i = 0; i < order.length; i++) {
      const day = simulateDay(scenario, order[i], spec.make(value), simOptions);
      if (dayAbandonRate(day) > scenario.abandonCap) {
        order.unshift(...order.splice(i, 1));
        return false;
      }
    }
    return true;
  };
  let low = knob.low;
  if (compliant(high)) return high;
  // the low end is not run: should nothing above it pass, the evaluation shows what it does
  for (let i = 0; i < steps; i++) {
    const mid = knob.logScale ? Math.sqrt(low * high) : (low + high) / 2;
    if (compliant(mid)) low = mid;
    else high = mid;
  }
  return low;
}
