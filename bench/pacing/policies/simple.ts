// Peers with a fixed rule (BENCH-PACING.md "Peers").
import type { SimPolicy } from '../simulate.ts';

/** One dial per ready agent not already covered by a call in flight. */
export function progressive(): SimPolicy {
  return {
    observe() {},
    decide: (s) => Math.max(0, s.ready - s.inFlight - s.waiting),
  };
}

/** The Daktela setting: `linesPerReadyAgent` (1/p natively, p the configured pickup rate) lines per ready agent. */
export function fixedRatio(linesPerReadyAgent: number): SimPolicy {
  return {
    observe() {},
    decide: (s) => Math.max(0, Math.round(s.ready * linesPerReadyAgent) - s.inFlight - s.waiting),
  };
}
