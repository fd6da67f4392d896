// The customers a simulated network plays (BENCH-PACING.md "Model"): outcome mix and timing
// distributions. Shared by the simulated network driver and the pacing benchmark, so both face
// the same customers.
import type { Random } from '../../shared/random.ts';

export interface Dist {
  mean: number;
  sd: number;
}

export interface OutcomeMix {
  live: number;
  machine: number;
  busy: number;
  invalid: number;
  noAnswer: number;
}
export type FateOutcome = keyof OutcomeMix;
export const fateOutcomes: FateOutcome[] = ['live', 'machine', 'busy', 'invalid', 'noAnswer'];

export interface AmdSettings {
  decisionSeconds: number;
  falsePositiveRate: number;
  missRate: number;
}

export interface NetworkProfile {
  outcomes: OutcomeMix;
  talkSeconds: Dist;
  wrapSeconds: Dist;
  ringLiveSeconds: Dist;
  ringMachineSeconds: Dist;
  postDialDelaySeconds: { min: number; max: number };
  noAnswerTimeoutSeconds: number;
  amd: AmdSettings | null;
  /** time a machine missed by AMD takes from an agent */
  machineTalkSeconds: number;
  /** the outcome mix changes at these hours (from the start of the day) */
  shifts: { atHour: number; outcomes: OutcomeMix }[];
}

export const defaultProfile: NetworkProfile = Object.freeze({
  outcomes: { live: 0.3, machine: 0.2, busy: 0.05, invalid: 0.1, noAnswer: 0.35 },
  talkSeconds: { mean: 120, sd: 120 },
  wrapSeconds: { mean: 15, sd: 7.5 },
  ringLiveSeconds: { mean: 8, sd: 5 },
  ringMachineSeconds: { mean: 18, sd: 6 },
  postDialDelaySeconds: { min: 1.5, max: 3.5 },
  noAnswerTimeoutSeconds: 25,
  amd: null,
  machineTalkSeconds: 8,
  shifts: [],
}) as NetworkProfile;

/** A profile from a partial one (scenario file, campaign setting): missing fields take the defaults. */
export function makeProfile(p: Partial<NetworkProfile> = {}): NetworkProfile {
  const profile: NetworkProfile = { ...defaultProfile, ...p, outcomes: normalise(p.outcomes ?? defaultProfile.outcomes) };
  profile.shifts = (p.shifts ?? []).map((s) => ({ atHour: s.atHour, outcomes: normalise(s.outcomes) })).sort((a, b) => a.atHour - b.atHour);
  return profile;
}

/** Mix weights need not sum to 1; they are scaled. */
function normalise(mix: OutcomeMix): OutcomeMix {
  const total = fateOutcomes.reduce((s, k) => s + Math.max(0, mix[k] ?? 0), 0);
  if (!(total > 0)) throw new Error('An outcome mix needs at least one positive weight');
  return Object.fromEntries(fateOutcomes.map((k) => [k, Math.max(0, mix[k] ?? 0) / total])) as unknown as OutcomeMix;
}

/** The mix in force `hoursIntoDay` hours after the start of the day. */
export function mixAt(p: NetworkProfile, hoursIntoDay: number): OutcomeMix {
  let mix = p.outcomes;
  for (const s of p.shifts) if (hoursIntoDay >= s.atHour) mix = s.outcomes;
  return mix;
}

export function uniform(r: Random, min: number, max: number): number {
  return min + (max - min) * r.next();
}

/** Standard normal (Box–Muller; two uniforms per draw so a stream's draws stay aligned). */
export function normal(r: Random): number {
  const u = 1 - r.next();
  const v = r.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Lognormal with the given mean and standard deviation (of the variable itself, not its log). */
export function lognormal(r: Random, d: Dist): number {
  if (d.sd <= 0) {
    normal(r);
    return d.mean;
  }
  const sigma2 = Math.log(1 + (d.sd * d.sd) / (d.mean * d.mean));
  const mu = Math.log(d.mean) - sigma2 / 2;
  return Math.exp(mu + Math.sqrt(sigma2) * normal(r));
}

export function pickOutcome(r: Random, mix: OutcomeMix): FateOutcome {
  let u = r.next();
  for (const k of fateOutcomes) {
    u -= mix[k];
    if (u < 0) return k;
  }
  return 'noAnswer';
}

/**
 * Everything chance decides about one dial, drawn in a fixed order from one stream, so a record
 * has the same fate whichever policy dials it and whenever (common random numbers).
 */
export interface CallFate {
  postDialSeconds: number;
  outcome: FateOutcome;
  /** when a person or machine would pick up, counted from the end of the post-dial delay */
  pickupAfterSeconds: number;
  talkSeconds: number;
  wrapSeconds: number;
  /** uniform draws deciding AMD's verdict (false positive for a person, miss for a machine) */
  amdDraw: number;
}

export function drawFate(r: Random, p: NetworkProfile, mix: OutcomeMix = p.outcomes): CallFate {
  const postDialSeconds = uniform(r, p.postDialDelaySeconds.min, p.postDialDelaySeconds.max);
  const outcome = pickOutcome(r, mix);
  const ringLive = lognormal(r, p.ringLiveSeconds);
  const ringMachine = lognormal(r, p.ringMachineSeconds);
  const talkSeconds = lognormal(r, p.talkSeconds);
  const wrapSeconds = lognormal(r, p.wrapSeconds);
  const amdDraw = r.next();
  return {
    postDialSeconds,
    outcome,
    pickupAfterSeconds: outcome === 'live' ? ringLive : outcome === 'machine' ? ringMachine : 0,
    talkSeconds,
    wrapSeconds,
    amdDraw,
  };
}

/** What the network reports for a fate given the ring timeout: the closed telephony outcome and when (seconds after dialing). */
export function ringResult(
  fate: CallFate,
  ringTimeoutSeconds: number,
): { result: 'answered-human' | 'answered-machine' | 'busy' | 'invalid' | 'no-answer'; afterSeconds: number } {
  const start = fate.postDialSeconds;
  switch (fate.outcome) {
    case 'busy':
      return { result: 'busy', afterSeconds: start };
    case 'invalid':
      return { result: 'invalid', afterSeconds: start };
    case 'noAnswer':
      return { result: 'no-answer', afterSeconds: start + ringTimeoutSeconds };
    case 'live':
    case 'machine':
      if (fate.pickupAfterSeconds > ringTimeoutSeconds) return { result: 'no-answer', afterSeconds: start + ringTimeoutSeconds };
      return { result: fate.outcome === 'live' ? 'answered-human' : 'answered-machine', afterSeconds: start + fate.pickupAfterSeconds };
  }
}

const distKeys = ['talkSeconds', 'wrapSeconds', 'ringLiveSeconds', 'ringMachineSeconds'] as const;

/** Checks a partial profile from user input (campaign setting); returns an error message or null. */
export function profileProblem(x: Record<string, unknown>): string | null {
  const known = new Set<string>(['outcomes', ...distKeys, 'postDialDelaySeconds', 'noAnswerTimeoutSeconds', 'amd', 'machineTalkSeconds', 'shifts']);
  const unknown = Object.keys(x).find((k) => !known.has(k));
  if (unknown) return `"${unknown}" is not a setting of the simulated network`;
  const positive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  const mixProblem = (m: unknown) => {
    if (typeof m !== 'object' || m === null) return 'outcomes must be an object of weights';
    const w = m as Record<string, unknown>;
    if (Object.keys(w).some((k) => !fateOutcomes.includes(k as FateOutcome))) return `outcomes take ${fateOutcomes.join(', ')}`;
    if (!fateOutcomes.some((k) => positive(w[k]) && (w[k] as number) > 0) || Object.values(w).some((v) => !positive(v)))
      return 'outcome weights must be numbers ≥ 0, at least one positive';
    return null;
  };
  if (x.outcomes !== undefined) {
    const p = mixProblem(x.outcomes);
    if (p) return p;
  }
  for (const k of distKeys) {
    const d = x[k] as Dist | undefined;
    if (d !== undefined && !(positive(d?.mean) && d.mean > 0 && positive(d?.sd))) return `${k} needs mean > 0 and sd ≥ 0`;
  }
  const pd = x.postDialDelaySeconds as { min: number; max: number } | undefined;
  if (pd !== undefined && !(positive(pd?.min) && positive(pd?.max) && pd.min <= pd.max)) return 'postDialDelaySeconds needs 0 ≤ min ≤ max';
  if (x.shifts !== undefined) {
    if (!Array.isArray(x.shifts)) return 'shifts must be a list';
    for (const s of x.shifts as { atHour: unknown; outcomes: unknown }[]) {
      if (!positive(s?.atHour)) return 'each shift needs atHour ≥ 0';
      const p = mixProblem(s.outcomes);
      if (p) return p;
    }
  }
  return null;
}
