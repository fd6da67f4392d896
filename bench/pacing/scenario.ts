// A pacing scenario file (BENCH-PACING.md "Scenario files"): read, default, validate.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { makeProfile, type NetworkProfile, type OutcomeMix } from '../../src/modules/telephony/profile.ts';

export interface BreakPlan {
  /** share of agents in each break group */
  fraction: number;
  everyHours: number;
  minutes: number;
}

export interface ListPlan {
  records: number;
  retryNoAnswerAfterMinutes: number;
  maxAttempts: number;
}

export interface Scenario {
  name: string;
  file: string;
  agents: number;
  hours: number;
  seeds: number;
  profile: NetworkProfile;
  abandonThresholdSeconds: number;
  /** fraction */
  abandonCap: number;
  breaks: BreakPlan | null;
  list: ListPlan | null;
  /** beyond the documented form: the pickup rate a campaign would be configured with (default: the day's opening live share) */
  configuredPickupRate: number;
  /** beyond the documented form: Parley's hard line cap per available agent (default 3, the campaign default) */
  maxLinesPerAgent: number;
}

/** Every .json file under a folder (sorted), or the one file given. */
export function scenarioFiles(target: string): string[] {
  if (!statSync(target).isDirectory()) return [target];
  return readdirSync(target, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.join(target, f))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

export function loadScenario(file: string): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not readable JSON (${(e as Error).message})`);
  }
  return parseScenario(json, file);
}

export function parseScenario(json: unknown, file = '<inline>'): Scenario {
  const fail = (field: string, why: string): never => {
    throw new Error(`${file}: "${field}" ${why}`);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('(root)', 'must be an object');
  const o = json as Record<string, any>;
  const num = (field: string, fallback: number | undefined, min: number, max = Number.POSITIVE_INFINITY): number => {
    const v = o[field] ?? fallback;
    if (v === undefined) return fail(field, 'is required');
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) return fail(field, `must be a number in [${min}, ${max}]`);
    return v;
  };
  const dist = (field: string, fallback: { mean: number; sd: number }) => {
    const d = o[field] ?? fallback;
    if (typeof d?.mean !== 'number' || !(d.mean > 0) || typeof d?.sd !== 'number' || d.sd < 0) fail(field, 'must be { "mean": > 0, "sd": ≥ 0 }');
    return { mean: d.mean as number, sd: d.sd as number };
  };
  const mix = (field: string, v: any): OutcomeMix => {
    if (typeof v !== 'object' || v === null) return fail(field, 'must be { live, machine, busy, invalid, noAnswer }');
    const keys = ['live', 'machine', 'busy', 'invalid', 'noAnswer'] as const;
    for (const k of Object.keys(v)) if (!keys.includes(k as any)) fail(`${field}.${k}`, 'is not an outcome');
    for (const k of keys) if (v[k] !== undefined && (typeof v[k] !== 'number' || v[k] < 0)) fail(`${field}.${k}`, 'must be a number ≥ 0');
    return { live: v.live ?? 0, machine: v.machine ?? 0, busy: v.busy ?? 0, invalid: v.invalid ?? 0, noAnswer: v.noAnswer ?? 0 };
  };

  if (typeof o.name !== 'string' || o.name === '') fail('name', 'is required (a string)');
  const agents = num('agents', undefined, 1, 100_000);
  if (!Number.isInteger(agents)) fail('agents', 'must be an integer');
  const hours = num('hours', 8, 0.1, 24);
  const seeds = num('seeds', 10, 1, 1000);
  const outcomes = mix('outcomes', o.outcomes ?? { live: 0.3, machine: 0.2, busy: 0.05, invalid: 0.1, noAnswer: 0.35 });
  const pdd = o.postDialDelaySeconds ?? { min: 1.5, max: 3.5 };
  if (typeof pdd?.min !== 'number' || typeof pdd?.max !== 'number' || pdd.min < 0 || pdd.max < pdd.min)
    fail('postDialDelaySeconds', 'must be { "min": ≥ 0, "max": ≥ min }');

  let amd: NetworkProfile['amd'] = null;
  if (o.amd != null) {
    const a = o.amd;
    const rate = (k: string) => (typeof a[k] === 'number' && a[k] >= 0 && a[k] <= 1 ? (a[k] as number) : fail(`amd.${k}`, 'must be a fraction in [0, 1]'));
    if (typeof a.decisionSeconds !== 'number' || a.decisionSeconds < 0) fail('amd.decisionSeconds', 'must be a number ≥ 0');
    amd = { decisionSeconds: a.decisionSeconds, falsePositiveRate: rate('falsePositiveRate'), missRate: rate('missRate') };
  }
  const shifts = o.shifts ?? [];
  if (!Array.isArray(shifts)) fail('shifts', 'must be an array');
  shifts.forEach((s: any, i: number) => {
    if (typeof s?.atHour !== 'number' || s.atHour < 0) fail(`shifts[${i}].atHour`, 'must be a number ≥ 0');
  });

  let breaks: BreakPlan | null = null;
  if (o.breaks != null) {
    const b = o.breaks;
    if (typeof b.fraction !== 'number' || b.fraction < 0 || b.fraction > 1) fail('breaks.fraction', 'must be a fraction in [0, 1]');
    if (typeof b.everyHours !== 'number' || !(b.everyHours > 0)) fail('breaks.everyHours', 'must be a number > 0');
    if (typeof b.minutes !== 'number' || !(b.minutes > 0)) fail('breaks.minutes', 'must be a number > 0');
    breaks = { fraction: b.fraction, everyHours: b.everyHours, minutes: b.minutes };
  }
  let list: ListPlan | null = null;
  if (o.list != null) {
    const l = o.list;
    if (!Number.isInteger(l.records) || l.records < 1) fail('list.records', 'must be an integer ≥ 1');
    const retry = l.retryNoAnswerAfterMinutes ?? 120;
    const attempts = l.maxAttempts ?? 3;
    if (typeof retry !== 'number' || retry < 0) fail('list.retryNoAnswerAfterMinutes', 'must be a number ≥ 0');
    if (!Number.isInteger(attempts) || attempts < 1) fail('list.maxAttempts', 'must be an integer ≥ 1');
    list = { records: l.records, retryNoAnswerAfterMinutes: retry, maxAttempts: attempts };
  }

  const profile = makeProfile({
    outcomes,
    talkSeconds: dist('talkSeconds', { mean: 120, sd: 120 }),
    wrapSeconds: dist('wrapSeconds', { mean: 15, sd: 7.5 }),
    ringLiveSeconds: dist('ringLiveSeconds', { mean: 8, sd: 5 }),
    ringMachineSeconds: dist('ringMachineSeconds', { mean: 18, sd: 6 }),
    postDialDelaySeconds: { min: pdd.min, max: pdd.max },
    noAnswerTimeoutSeconds: num('noAnswerTimeoutSeconds', 25, 15, 600),
    amd,
    machineTalkSeconds: num('machineTalkSeconds', 8, 0, 3600),
    shifts: shifts.map((s: any, i: number) => ({ atHour: s.atHour, outcomes: mix(`shifts[${i}].outcomes`, s.outcomes) })),
  });
  return {
    name: o.name,
    file,
    agents,
    hours,
    seeds,
    profile,
    abandonThresholdSeconds: num('abandonThresholdSeconds', 2, 0),
    abandonCap: num('abandonCapPercent', 3, 0.01, 100) / 100,
    breaks,
    list,
    configuredPickupRate: num('configuredPickupRate', profile.outcomes.live, 0.001, 1),
    maxLinesPerAgent: num('maxLinesPerAgent', 3, 1, 100),
  };
}
