// Parley's own pacing module, driven through exactly the interface the live dialer uses.
import { createPacer, type PacingTuning } from '../../../src/modules/dialer/pacing.ts';
import type { Scenario } from '../scenario.ts';
import type { SimPolicy } from '../simulate.ts';

export function pacingSettings(s: Scenario) {
  return {
    abandonCap: s.abandonCap,
    abandonThresholdSeconds: s.abandonThresholdSeconds,
    initialPickupRate: s.configuredPickupRate,
    maxLinesPerAgent: s.maxLinesPerAgent,
    ringTimeoutSeconds: s.profile.noAnswerTimeoutSeconds,
  };
}

export function parley(s: Scenario, tuning: Partial<PacingTuning> = {}): SimPolicy {
  const pacer = createPacer(pacingSettings(s), tuning);
  return {
    observe: (e) => pacer.observe(e),
    decide: (sim) => pacer.decide(sim.pacingView(false)),
  };
}

/**
 * The oracle reference: the same rule, told every busy agent's true remaining time (never a
 * dial's outcome), steering its abandon budget to a target abandon rate — its knob, tuned per
 * scenario so that every tuning seed-day stays at or under the real cap.
 */
export function oracle(s: Scenario, targetAbandonRate: number, tuning: Partial<PacingTuning> = {}): SimPolicy {
  const pacer = createPacer({ ...pacingSettings(s), abandonCap: targetAbandonRate }, tuning);
  return {
    observe: (e) => pacer.observe(e),
    decide: (sim) => pacer.decide(sim.pacingView(true)),
  };
}
