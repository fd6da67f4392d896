// Every policy the benchmark runs, with its one aggressiveness knob (higher = more aggressive).
import type { Scenario } from '../scenario.ts';
import type { SimPolicy } from '../simulate.ts';
import { ciscoCorrection } from './cisco.ts';
import { oracle, parley } from './parley.ts';
import { fixedRatio, progressive } from './simple.ts';
import { vicidial } from './vicidial.ts';

export interface Knob {
  name: string;
  /** the value a site would start from (null: the policy only runs tuned) */
  native: number | null;
  low: number;
  high: number;
  /** search in log scale (rates) rather than linear (ratios) */
  logScale: boolean;
}

export interface PolicySpec {
  name: string;
  knob: Knob | null;
  make(knob?: number): SimPolicy;
}

export function policySpecs(s: Scenario): PolicySpec[] {
  const cap = s.abandonCap;
  const p = s.configuredPickupRate;
  const dropTarget: Knob = { name: 'dropTarget', native: cap, low: cap / 50, high: 2 * cap, logScale: true };
  return [
    { name: 'parley', knob: null, make: () => parley(s) },
    { name: 'progressive', knob: null, make: () => progressive() },
    {
      name: 'fixed-ratio',
      knob: { name: 'linesPerReadyAgent', native: 1 / p, low: 1, high: 3 / p, logScale: false },
      make: (k) => fixedRatio(k!),
    },
    {
      name: 'vicidial-adapt-average',
      knob: dropTarget,
      make: (k) => vicidial({ mode: 'adapt-average', level: 1, dropTarget: k!, gain: 1 }),
    },
    {
      name: 'vicidial-adapt-hard-limit',
      knob: dropTarget,
      make: (k) => vicidial({ mode: 'adapt-hard-limit', level: 1, dropTarget: k!, gain: 1 }),
    },
    {
      name: 'vicidial-ratio',
      knob: { name: 'dialLevel', native: 2, low: 1, high: 8, logScale: false },
      make: (k) => vicidial({ mode: 'ratio', level: k!, dropTarget: cap, gain: 0 }),
    },
    {
      name: 'cisco-correction',
      knob: { name: 'abandonLimit', native: cap, low: cap / 50, high: 2 * cap, logScale: true },
      make: (k) => ciscoCorrection({ initialLines: 1.5, limit: k!, batch: 100, gain: 0.25 }),
    },
    {
      name: 'oracle',
      knob: { name: 'targetAbandonRate', native: null, low: cap / 3, high: 1.5 * cap, logScale: true },
      make: (k) => oracle(s, k!),
    },
  ];
}
