// Predictive pacing: how many numbers to dial right now so that agents wait little between calls
// and few answered people hear silence. Pure and deterministic — no clock, no database, no
// randomness — so the live dialer, the unit tests and the pacing benchmark run this same code.
//
// The rule, in one paragraph. The pacer learns online, from the events it observes, (1) how
// likely a dial is to reach a person and how long after dialing that happens, and (2) how long
// agents talk and wrap up. At every decision it predicts, for six equally likely moments at which
// a new dial's person could answer, how many agents will be free by then + τ (ready now + busy
// agents likely done, given how long each has been busy) and how many people will be ahead in the
// queue (already waiting + calls in flight likely answered by then, given how long each has rung,
// + a few seconds more in small teams, where the agent a new call takes is the one a later answer
// needed). It then places the largest number of new dials for which the last one's chance of
// finding no agent stays under a threshold — and never fewer than one per ready agent no call is
// heading for. The threshold follows the abandon budget left in the regulatory window (cap × live
// answers − abandons), keeping a reserve that shrinks relative to the window as it grows: spend
// when under budget, back off fast when over. Costs O(agents + calls in flight) per decision.
//
// Callers: decide() after every event and at least once a second (bursts may share one call);
// observe() every event of the campaign's predictive calls and agents.

export interface PacingSettings {
  /** fraction, 0.03 = 3 % */
  abandonCap: number;
  /** τ: an answered call not connected within τ seconds is abandoned */
  abandonThresholdSeconds: number;
  /** fraction, the campaign's configured pickup-rate estimate (cold start only) */
  initialPickupRate: number;
  /** hard cap: (calls in flight + waiting answered) ≤ maxLinesPerAgent × available agents (ready + talking + wrap_up) */
  maxLinesPerAgent: number;
  /** no-answer timeout (≥ 15) */
  ringTimeoutSeconds: number;
}

/** other = paused, on a break, previewing: not taking calls */
export interface AgentView {
  state: 'ready' | 'talking' | 'wrap_up' | 'other';
  secondsInState: number;
  /**
   * Seconds until this busy agent is ready again. A real dialer never knows it; only the
   * benchmark's oracle reference fills it in, to measure what perfect knowledge would be worth.
   */
  remainingSeconds?: number;
}

export interface PacingView {
  /** seconds on the caller's clock */
  now: number;
  /** agents logged in to the campaign */
  agents: AgentView[];
  /** dialed, not yet answered or failed */
  callsInFlight: { secondsSinceDial: number }[];
  /** live answers waiting for an agent right now */
  waitingAnswered: number;
  /** counts in the regulatory window so far */
  window: { liveAnswers: number; abandoned: number };
}

export type PacingEvent =
  | { kind: 'dialed'; at: number }
  /** afterSeconds since dial; human = false: a machine */
  | { kind: 'answered'; at: number; afterSeconds: number; human: boolean }
  /** busy, invalid, no answer, network failure */
  | { kind: 'failed'; at: number; afterSeconds: number }
  /** a live answer reached an agent */
  | { kind: 'connected'; at: number; waitedSeconds: number }
  | { kind: 'abandoned'; at: number }
  /** an agent finished a call and is ready again */
  | { kind: 'agent_free'; at: number; talkSeconds: number; wrapSeconds: number };

/** What the pacer currently believes, for the wallboard. */
export interface PacingEstimates {
  /** share of dials that reach a person */
  liveAnswerRate: number;
  /** mean seconds from dial to a person answering */
  secondsToLiveAnswer: number;
  talkSeconds: number;
  wrapSeconds: number;
  /** the chance of abandon the last dial placed now may carry */
  marginalAbandonThreshold: number;
  /** abandons still allowed in the window: cap × live answers − abandoned */
  abandonBudget: number;
}

export interface Pacer {
  observe(e: PacingEvent): void;
  /** how many NEW dials to place now (integer ≥ 0), given the calls already in flight */
  decide(view: PacingView): number;
  describe(): PacingEstimates;
}

/** The policy's constants; exported so the benchmark can measure them, not for campaigns to set. */
export interface PacingTuning {
  /** threshold when the budget sits exactly at the reserve, as a multiple of the cap */
  thresholdAtReserve: number;
  /** reserve = reserveBase + reserveGrowth × √(cap × live answers) abandons kept unspent */
  reserveBase: number;
  reserveGrowth: number;
  /** the threshold changes e-fold per (scaleBase + scaleGrowth × √(cap × live answers)) abandons of budget */
  scaleBase: number;
  scaleGrowth: number;
  /** bounds on log(threshold / (cap × thresholdAtReserve)) */
  minExponent: number;
  maxExponent: number;
  /** resolved dials the ring model remembers (exponential forgetting, so mix shifts are followed) */
  ringMemory: number;
  /** agent_free samples the handle-time model remembers */
  handleMemory: number;
  /** pseudo-observations behind the cold-start guesses */
  priorWeight: number;
  /**
   * A new dial is also charged for the answers in flight due this many seconds after its own:
   * with few agents, the one it takes is the one a later answer needed. min(max, scale / √agents).
   */
  lookaheadMaxSeconds: number;
  lookaheadScale: number;
}

export const defaultPacingTuning: PacingTuning = Object.freeze({
  thresholdAtReserve: 1.5,
  reserveBase: 2,
  reserveGrowth: 1,
  scaleBase: 2,
  scaleGrowth: 0.5,
  minExponent: -4,
  maxExponent: 1.5,
  ringMemory: 800,
  handleMemory: 3000,
  priorWeight: 30,
  lookaheadMaxSeconds: 5,
  lookaheadScale: 16,
});

export function createPacer(settings: PacingSettings, tuning: Partial<PacingTuning> = {}): Pacer {
  const t: PacingTuning = { ...defaultPacingTuning, ...tuning };
  const tau = settings.abandonThresholdSeconds;
  const ring = ringModel(settings, t);
  const handle = handleModel(t);
  let lastThreshold = thresholdFor({ liveAnswers: 0, abandoned: 0 }, settings.abandonCap, t);
  let lastBudget = 0;
  let lookahead = 0;
  // scratch space reused by every decision
  const mean = new Float64Array(POINTS);
  const variance = new Float64Array(POINTS);
  const ages = new Int32Array(ring.ages);
  // P(free by each answer moment + τ) per table row, filled row by row as agents need them and
  // started afresh whenever either model is rebuilt
  const supply = {
    ring: null as RingSnapshot | null,
    handle: null as HandleSnapshot | null,
    horizon: new Float64Array(POINTS),
    talk: projection(TALK_ROWS),
    wrap: projection(WRAP_ROWS),
  };
  const supplyAt = (r: RingSnapshot, h: HandleSnapshot) => {
    if (supply.ring !== r || supply.handle !== h) {
      supply.ring = r;
      supply.handle = h;
      for (let b = 0; b < POINTS; b++) supply.horizon[b] = Math.min(HORIZON - 1.001, r.times[b] + tau);
      supply.talk.table = h.talkTable;
      supply.talk.version++;
      supply.wrap.table = h.wrapTable;
      supply.wrap.version++;
    }
    return supply;
  };

  return {
    observe(e) {
      if (e.kind === 'answered') ring.add(e.afterSeconds, e.human);
      else if (e.kind === 'failed') ring.add(e.afterSeconds, false);
      else if (e.kind === 'agent_free') handle.add(e.talkSeconds, e.wrapSeconds);
    },

    decide(view) {
      // quantised so the ring tables are rebuilt only when the team size really changes
      lookahead = view.agents.length > 0 ? Math.round(4 * Math.min(t.lookaheadMaxSeconds, t.lookaheadScale / Math.sqrt(view.agents.length))) / 4 : 0;
      const r = ring.fresh(lookahead);
      const c = supplyAt(r, handle.fresh());
      // Per answer moment b: agents free by then (mean, variance) minus people waiting by then.
      // The hottest loop of the dialer (every agent, every decision): sums kept in locals, one per point.
      let m0 = 0,
        m1 = 0,
        m2 = 0,
        m3 = 0,
        m4 = 0,
        m5 = 0;
      let v0 = 0,
        v1 = 0,
        v2 = 0,
        v3 = 0,
        v4 = 0,
        v5 = 0;
      const horizon = c.horizon;
      let ready = 0;
      let available = 0;
      for (const a of view.agents) {
        const state = a.state;
        if (state === 'ready') {
          ready++;
        } else if (state === 'talking' || state === 'wrap_up') {
          const remaining = a.remainingSeconds;
          if (remaining !== undefined) {
            if (remaining <= horizon[0]) m0++;
            if (remaining <= horizon[1]) m1++;
            if (remaining <= horizon[2]) m2++;
            if (remaining <= horizon[3]) m3++;
            if (remaining <= horizon[4]) m4++;
            if (remaining <= horizon[5]) m5++;
          } else {
            const p = state === 'talking' ? c.talk : c.wrap;
            const row = state === 'talking' ? talkRow(a.secondsInState) : wrapRow(a.secondsInState);
            if (p.filled[row] !== p.version) fillRow(p, row, horizon);
            const o = row * POINTS;
            const free = p.free;
            const spread = p.spread;
            m0 += free[o];
            m1 += free[o + 1];
            m2 += free[o + 2];
            m3 += free[o + 3];
            m4 += free[o + 4];
            m5 += free[o + 5];
            v0 += spread[o];
            v1 += spread[o + 1];
            v2 += spread[o + 2];
            v3 += spread[o + 3];
            v4 += spread[o + 4];
            v5 += spread[o + 5];
          }
        } else {
          continue;
        }
        available++;
      }
      mean[0] = m0;
      mean[1] = m1;
      mean[2] = m2;
      mean[3] = m3;
      mean[4] = m4;
      mean[5] = m5;
      variance[0] = v0;
      variance[1] = v1;
      variance[2] = v2;
      variance[3] = v3;
      variance[4] = v4;
      variance[5] = v5;
      if (available === 0) return 0;
      const room = Math.floor(settings.maxLinesPerAgent * available + 1e-9) - view.callsInFlight.length - view.waitingAnswered;
      if (room <= 0) return 0;
      for (let b = 0; b < POINTS; b++) mean[b] += ready - view.waitingAnswered;
      // calls in flight, grouped by whole seconds rung
      ages.fill(0);
      for (const c of view.callsInFlight) ages[Math.min(r.ages - 1, Math.max(0, Math.floor(c.secondsSinceDial)))]++;
      for (let age = 0; age < r.ages; age++) {
        const calls = ages[age];
        if (calls === 0) continue;
        const offset = age * POINTS;
        for (let b = 0; b < POINTS; b++) {
          const p = r.answerTable[offset + b];
          mean[b] -= calls * p;
          variance[b] += calls * p * (1 - p);
        }
      }

      const threshold = thresholdFor(view.window, settings.abandonCap, t);
      lastThreshold = threshold;
      lastBudget = budgetLeft(view.window, settings.abandonCap);
      // The k-th new dial is abandoned when, at its answer, no agent is left by τ after it:
      // P(free − waiting ahead ≤ 0), the others of the k − 1 new dials answering first with g_b.
      const marginal = (k: number) => {
        let sum = 0;
        for (let b = 0; b < POINTS; b++) {
          const g = r.newBefore[b];
          const mu = mean[b] - (k - 1) * g;
          // a small floor keeps a certain count from dividing by zero without inventing risk
          const v = variance[b] + (k - 1) * g * (1 - g) + 0.01;
          sum += normalCdf((0.5 - mu) / Math.sqrt(v));
        }
        return sum / POINTS;
      };
      // Never slower than progressive: a ready agent no call is heading for gets one, whatever the
      // budget — that dial can only be abandoned if the agent walks away.
      const uncovered = Math.min(room, Math.max(0, ready - view.callsInFlight.length - view.waitingAnswered));
      // marginal(k) grows with k: the largest k with marginal(k) ≤ threshold, by doubling then bisection
      if (marginal(1) > threshold) return uncovered;
      let lo = 1;
      let hi = 2;
      while (hi <= room && marginal(hi) <= threshold) {
        lo = hi;
        hi *= 2;
      }
      hi = Math.min(hi, room + 1);
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (marginal(mid) <= threshold) lo = mid;
        else hi = mid;
      }
      return Math.max(uncovered, Math.min(lo, room));
    },

    describe() {
      const r = ring.fresh(lookahead);
      const h = handle.fresh();
      return {
        liveAnswerRate: r.pLive,
        secondsToLiveAnswer: r.meanLiveSeconds,
        talkSeconds: h.meanTalk,
        wrapSeconds: h.meanWrap,
        marginalAbandonThreshold: lastThreshold,
        abandonBudget: lastBudget,
      };
    },
  };
}

/** A free-agent table read at the current answer moments: P(free) and its variance per row and point. */
interface Projection {
  table: Float64Array;
  version: number;
  filled: Int32Array;
  free: Float64Array;
  spread: Float64Array;
}
function projection(rows: number): Projection {
  return {
    table: new Float64Array(0),
    version: 1,
    filled: new Int32Array(rows),
    free: new Float64Array(rows * POINTS),
    spread: new Float64Array(rows * POINTS),
  };
}
function fillRow(p: Projection, row: number, horizon: Float64Array) {
  for (let b = 0; b < POINTS; b++) {
    const i = Math.floor(horizon[b]);
    const at = row * HORIZON + i;
    const q = p.table[at] + (horizon[b] - i) * (p.table[at + 1] - p.table[at]);
    p.free[row * POINTS + b] = q;
    p.spread[row * POINTS + b] = q * (1 - q);
  }
  p.filled[row] = p.version;
}

/** The abandon budget left in the window: cap × live answers − abandoned. */
function budgetLeft(window: PacingView['window'], cap: number): number {
  return cap * Math.max(0, window.liveAnswers) - window.abandoned;
}

/**
 * The marginal dial's allowed abandon chance, from the budget left in the window: e-fold per
 * `scale` abandons above or below a reserve. Both grow as √(abandons allowed so far), the size of
 * a day's chance swings, so the reserve shrinks relative to the window as it fills.
 */
function thresholdFor(window: PacingView['window'], cap: number, t: PacingTuning): number {
  const spread = Math.sqrt(cap * Math.max(0, window.liveAnswers));
  const reserve = t.reserveBase + t.reserveGrowth * spread;
  const scale = t.scaleBase + t.scaleGrowth * spread;
  const x = Math.min(t.maxExponent, Math.max(t.minExponent, (budgetLeft(window, cap) - reserve) / scale));
  return cap * t.thresholdAtReserve * Math.exp(x);
}

// ---- dial outcomes: will a call in flight reach a person, and when ----

/** answer moments of a new dial considered per decision (equal-probability points) */
const POINTS = 6; // decide() unrolls its agent loop for exactly six

interface RingSnapshot {
  pLive: number;
  meanLiveSeconds: number;
  /** seconds after dialing at which a new dial's person answers, one per point */
  times: Float64Array;
  /** P(another new dial's person answers before times[b] + lookahead) */
  newBefore: Float64Array;
  /** rows of whole seconds rung */
  ages: number;
  /** [age × POINTS + b] = P(a call unresolved after `age` s reaches a person by age + times[b] + lookahead) */
  answerTable: Float64Array;
  lookahead: number;
}

function ringModel(settings: PacingSettings, t: PacingTuning) {
  const size = Math.ceil(settings.ringTimeoutSeconds) + 30; // post-dial delay + timeout, with room
  const live = new Float64Array(size);
  const resolved = new Float64Array(size);
  let weight = 1;
  let resolutions = 0;
  let resolutionsAtBuild = -1;
  let snapshot: RingSnapshot | null = null;
  const forget = 1 / (1 - 1 / t.ringMemory);

  const add = (seconds: number, human: boolean, w: number) => {
    const i = Math.min(size - 1, Math.max(0, Math.floor(seconds)));
    resolved[i] += w;
    if (human) live[i] += w;
  };
  // Cold start: people answer ~4–20 s after dialing; failures come early (busy, invalid) or at the timeout.
  const p0 = Math.min(0.95, Math.max(0.01, settings.initialPickupRate));
  const prior = t.priorWeight;
  for (let s = 4; s <= 20; s++) add(s + 0.5, true, (prior * p0) / 17);
  add(3, false, (prior * (1 - p0)) / 2);
  add(settings.ringTimeoutSeconds + 3, false, (prior * (1 - p0)) / 2);

  const build = (lookahead: number): RingSnapshot => {
    let totalLive = 0;
    let total = 0;
    let liveSeconds = 0;
    // cumulative mass strictly before second y, linear inside a bin
    const liveCum = new Float64Array(size + 1);
    const resCum = new Float64Array(size + 1);
    for (let i = 0; i < size; i++) {
      totalLive += live[i];
      total += resolved[i];
      liveSeconds += live[i] * (i + 0.5);
      liveCum[i + 1] = liveCum[i] + live[i];
      resCum[i + 1] = resCum[i] + resolved[i];
    }
    const at = (cum: Float64Array, bin: Float64Array, y: number) => {
      if (y <= 0) return 0;
      if (y >= size) return cum[size];
      const i = Math.floor(y);
      return cum[i] + (y - i) * bin[i];
    };
    const pLive = total > 0 ? totalLive / total : p0;
    const times = new Float64Array(POINTS);
    const newBefore = new Float64Array(POINTS);
    for (let b = 0; b < POINTS; b++) {
      const q = (b + 0.5) / POINTS;
      const target = q * totalLive;
      let i = 0;
      while (i < size - 1 && liveCum[i + 1] < target) i++;
      times[b] = live[i] > 0 ? i + (target - liveCum[i]) / live[i] : i + 0.5;
      newBefore[b] = totalLive > 0 ? (pLive * at(liveCum, live, times[b] + lookahead)) / totalLive : 0;
    }
    const answerTable = new Float64Array((size + 1) * POINTS);
    for (let age = 0; age <= size; age++) {
      const unresolved = total - at(resCum, resolved, age);
      if (unresolved <= 1e-9) continue;
      const before = at(liveCum, live, age);
      for (let b = 0; b < POINTS; b++)
        answerTable[age * POINTS + b] = Math.min(1, Math.max(0, (at(liveCum, live, age + times[b] + lookahead) - before) / unresolved));
    }
    return { pLive, meanLiveSeconds: totalLive > 0 ? liveSeconds / totalLive : 10, times, newBefore, ages: size + 1, answerTable, lookahead };
  };

  return {
    ages: size + 1,
    add(seconds: number, human: boolean) {
      weight *= forget;
      add(seconds, human, weight);
      resolutions++;
      if (weight > 1e12) {
        for (let i = 0; i < size; i++) {
          live[i] /= weight;
          resolved[i] /= weight;
        }
        weight = 1;
      }
    },
    fresh(lookahead: number): RingSnapshot {
      // every resolution while learning, then every 2 % more (at most every 20): the estimates move slowly
      const every = Math.min(20, Math.max(1, Math.floor(resolutionsAtBuild * 0.02)));
      if (!snapshot || resolutions - resolutionsAtBuild >= every || snapshot.lookahead !== lookahead) {
        snapshot = build(lookahead);
        resolutionsAtBuild = resolutions;
      }
      return snapshot;
    },
  };
}

// ---- agents: how soon will a busy agent be ready again ----

const TALK_BINS = 3600;
const WRAP_BINS = 900;
/** seconds ahead the free-agent tables cover (answer times + τ) */
const HORIZON = 64;
const TALK_ROWS = 450;
const WRAP_ROWS = 300;

/** table row of a talk age: one per 2 s for 10 minutes, then one per 20 s up to an hour */
function talkRow(seconds: number): number {
  const s = seconds > 0 ? seconds : 0;
  if (s < 600) return Math.floor(s / 2);
  return Math.min(TALK_ROWS - 1, 300 + Math.floor((s - 600) / 20));
}
function talkRowSeconds(row: number): number {
  return row < 300 ? row * 2 : 600 + (row - 300) * 20;
}
/** table row of a wrap-up age: one per second for 5 minutes */
function wrapRow(seconds: number): number {
  return Math.min(WRAP_ROWS - 1, Math.floor(seconds > 0 ? seconds : 0));
}

interface HandleSnapshot {
  meanTalk: number;
  meanWrap: number;
  /** [talkRow(s) × HORIZON + u] = P(ready again within u s | talking for s s) */
  talkTable: Float64Array;
  /** [wrapRow(s) × HORIZON + u] = P(ready again within u s | wrapping up for s s) */
  wrapTable: Float64Array;
}

function handleModel(t: PacingTuning) {
  const talk = new Float64Array(TALK_BINS);
  const wrap = new Float64Array(WRAP_BINS);
  let weight = 1;
  let samples = 0;
  let samplesAtBuild = -1;
  let snapshot: HandleSnapshot | null = null;
  const forget = 1 / (1 - 1 / t.handleMemory);

  const addLognormal = (bins: Float64Array, mean: number, sd: number, total: number) => {
    const s2 = Math.log(1 + (sd * sd) / (mean * mean));
    const mu = Math.log(mean) - s2 / 2;
    let sum = 0;
    const density = new Float64Array(bins.length);
    for (let i = 0; i < bins.length; i++) {
      const x = i + 0.5;
      density[i] = Math.exp(-((Math.log(x) - mu) ** 2) / (2 * s2)) / x;
      sum += density[i];
    }
    for (let i = 0; i < bins.length; i++) bins[i] += (total * density[i]) / sum;
  };
  // Cold start: a broad guess (talk ~2–3 min, wrap ~15 s) that real calls soon outweigh.
  addLognormal(talk, 150, 150, 5);
  addLognormal(wrap, 15, 10, 5);

  const build = (): HandleSnapshot => {
    let talkTotal = 0;
    let talkSum = 0;
    let wrapTotal = 0;
    let wrapSum = 0;
    for (let i = 0; i < TALK_BINS; i++) {
      talkTotal += talk[i];
      talkSum += talk[i] * (i + 0.5);
    }
    for (let i = 0; i < WRAP_BINS; i++) {
      wrapTotal += wrap[i];
      wrapSum += wrap[i] * (i + 0.5);
    }
    const meanWrap = wrapSum / wrapTotal;
    // wrapCum[y] = P(wrap < y), linear inside a bin
    const wrapCum = new Float64Array(WRAP_BINS + 1);
    for (let i = 0; i < WRAP_BINS; i++) wrapCum[i + 1] = wrapCum[i] + wrap[i] / wrapTotal;
    const wrapBelow = (y: number) => {
      if (y <= 0) return 0;
      if (y >= WRAP_BINS) return 1;
      const i = Math.floor(y);
      return wrapCum[i] + (y - i) * (wrapCum[i + 1] - wrapCum[i]);
    };
    const wrapTable = new Float64Array(WRAP_ROWS * HORIZON);
    for (let row = 0; row < WRAP_ROWS; row++) {
      const done = wrapBelow(row);
      for (let u = 1; u < HORIZON; u++)
        wrapTable[row * HORIZON + u] = done >= 1 - 1e-12 ? 1 - Math.exp(-u / meanWrap) : (wrapBelow(row + u) - done) / (1 - done);
    }
    // wrapHalf[k] = P(wrap ≤ k − 0.5): a talk ending mid-bin x leaves k − 0.5 s for the wrap-up
    const wrapHalf = new Float64Array(HORIZON + 1);
    for (let k = 1; k <= HORIZON; k++) wrapHalf[k] = wrapBelow(k - 0.5);
    // talkTail[x] = mass of talks ≥ x
    const talkTail = new Float64Array(TALK_BINS + 1);
    for (let i = TALK_BINS - 1; i >= 0; i--) talkTail[i] = talkTail[i + 1] + talk[i];
    // P(talk + wrap ≤ s + u | talk ≥ s), s the row's age
    const talkTable = new Float64Array(TALK_ROWS * HORIZON);
    for (let row = 0; row < TALK_ROWS; row++) {
      const s = talkRowSeconds(row);
      const alive = talkTail[s];
      for (let u = 1; u < HORIZON; u++) {
        let q: number;
        if (alive <= 1e-12) {
          q = 1 - Math.exp(-u / (meanWrap + 60)); // past everything seen: assume about a minute more
        } else {
          let num = 0;
          const last = Math.min(u, TALK_BINS - s);
          for (let j = 0; j < last; j++) num += talk[s + j] * wrapHalf[u - j];
          q = num / alive;
        }
        talkTable[row * HORIZON + u] = Math.min(1, q);
      }
    }
    return { meanTalk: talkSum / talkTotal, meanWrap, talkTable, wrapTable };
  };

  return {
    add(talkSeconds: number, wrapSeconds: number) {
      weight *= forget;
      talk[Math.min(TALK_BINS - 1, Math.max(0, Math.floor(talkSeconds)))] += weight;
      wrap[Math.min(WRAP_BINS - 1, Math.max(0, Math.floor(wrapSeconds)))] += weight;
      samples++;
      if (weight > 1e12) {
        for (let i = 0; i < TALK_BINS; i++) talk[i] /= weight;
        for (let i = 0; i < WRAP_BINS; i++) wrap[i] /= weight;
        weight = 1;
      }
    },
    fresh(): HandleSnapshot {
      // the tables are the costly part: rebuild after 10 % more samples (at least 5, at most 500)
      const every = Math.min(500, Math.max(5, Math.floor(samplesAtBuild * 0.1)));
      if (!snapshot || samples - samplesAtBuild >= every) {
        snapshot = build();
        samplesAtBuild = samples;
      }
      return snapshot;
    },
  };
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26, error < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const k = 1 / (1 + 0.3275911 * x);
  const erfc = k * (0.254829592 + k * (-0.284496736 + k * (1.421413741 + k * (-1.453152027 + k * 1.061405429)))) * Math.exp(-x * x);
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}
