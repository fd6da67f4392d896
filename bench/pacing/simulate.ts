// One simulated day of a predictive campaign (BENCH-PACING.md "Model"), event by event.
// The customers come from the shared telephony profile (drawFate): one random stream per list
// record and attempt, so every policy dialing record r meets the same person, ring time, talk
// and wrap-up (common random numbers). A policy sees only what a real dialer sees, through
// SimState and the PacingEvent stream; the oracle alone also gets busy agents' true remaining time.
import type { AgentView, PacingEvent, PacingView } from '../../src/modules/dialer/pacing.ts';
import { type CallFate, drawFate, mixAt, ringResult } from '../../src/modules/telephony/profile.ts';
import { deriveSeed, seededRandom } from '../../src/shared/random.ts';
import { eventQueue } from './heap.ts';
import type { Scenario } from './scenario.ts';

/** What a policy may read at a decision. Counts are of agents logged in to the campaign. */
export interface SimState {
  readonly now: number;
  readonly agents: number;
  readonly ready: number;
  readonly talking: number;
  readonly wrapUp: number;
  readonly onBreak: number;
  readonly inFlight: number;
  readonly waiting: number;
  /** the regulatory window (the day) as the dialer counts it */
  readonly window: { liveAnswers: number; abandoned: number };
  /** the full view Parley's pacing module takes; withRemaining adds busy agents' true remaining time (oracle only) */
  pacingView(withRemaining: boolean): PacingView;
}

export interface SimPolicy {
  observe(e: PacingEvent): void;
  /** new dials to place now */
  decide(s: SimState): number;
  /** once a simulated second, before that second's decision */
  tick?(s: SimState): void;
}

export interface DayResult {
  loggedInSeconds: number;
  busySeconds: number;
  /** time talking with people (machines missed by AMD excluded) */
  talkSeconds: number;
  liveAnswers: number;
  abandoned: number;
  worstRollingHour: number;
  waits: WaitHistogram;
  dials: number;
  connects: number;
  peakLinesPerAgent: number;
  recordsUsed: number;
}

export const WAIT_BIN_SECONDS = 0.25;
const WAIT_BINS = 4 * 3600;
export interface WaitHistogram {
  count: number;
  sum: number;
  bins: Uint32Array;
}

// event kinds
const TICK = 0;
const RESOLVE = 1;
const ABANDON = 2;
const TALK_END = 3;
const WRAP_END = 4;
const BREAK_START = 5;
const BREAK_END = 6;
const RETRY_DUE = 7;
const DAY_END = 8;
const DECIDE = 9;

type AgentState = 'ready' | 'talking' | 'wrap_up' | 'other';
interface Agent {
  state: AgentState;
  since: number;
  readySince: number;
  /** bumped whenever the agent leaves ready, so stale entries in the ready queue are skipped */
  readyTurn: number;
  freeAt: number;
  pendingBreak: boolean;
  talk: number;
  wrap: number;
  person: boolean;
}
/** A dial in flight; it is its own entry in PacingView.callsInFlight. */
class Call {
  clock: { now: number };
  dialTime: number;
  record: number;
  attempt: number;
  fate: CallFate;
  /** index in the in-flight list */
  slot: number;
  constructor(clock: { now: number }, dialTime: number, record: number, attempt: number, fate: CallFate, slot: number) {
    this.clock = clock;
    this.dialTime = dialTime;
    this.record = record;
    this.attempt = attempt;
    this.fate = fate;
    this.slot = slot;
  }
  get secondsSinceDial() {
    return this.clock.now - this.dialTime;
  }
}

/** An agent as PacingView shows it, read live from the simulator (class getters keep reads monomorphic). */
class LiveAgentView implements AgentView {
  agent: Agent;
  clock: { readonly now: number };
  constructor(agent: Agent, clock: { readonly now: number }) {
    this.agent = agent;
    this.clock = clock;
  }
  get state() {
    return this.agent.state;
  }
  get secondsInState() {
    return this.clock.now - this.agent.since;
  }
}

/** The oracle's privilege: when a busy agent will really be ready again (never, if a break comes first). */
class OracleAgentView extends LiveAgentView {
  get remainingSeconds() {
    const a = this.agent;
    return a.state === 'talking' || a.state === 'wrap_up' ? (a.pendingBreak ? Number.POSITIVE_INFINITY : a.freeAt - this.clock.now) : 0;
  }
}

interface Waiting {
  answerTime: number;
  call: Call;
  person: boolean;
  done: boolean;
}

export interface SimOptions {
  /**
   * Events closer together than this share one decision (taken this long after the previous
   * one), as a dialer loop coalesces bursts; 0 asks the policy after every single event.
   */
  coalesceSeconds?: number;
}

/** What the benchmark runs every policy with. */
export const simOptions: SimOptions = { coalesceSeconds: 0.25 };

export function simulateDay(scenario: Scenario, seed: number, policy: SimPolicy, options: SimOptions = {}): DayResult {
  const coalesce = options.coalesceSeconds ?? 0;
  const { profile, agents: n, breaks, list } = scenario;
  const end = scenario.hours * 3600;
  const tau = scenario.abandonThresholdSeconds;
  const timeout = profile.noAnswerTimeoutSeconds;
  const amd = profile.amd;
  const clip = (t: number) => (t < end ? t : end);
  const queue = eventQueue();

  const agents: Agent[] = Array.from({ length: n }, () => ({
    state: 'ready',
    since: 0,
    readySince: 0,
    readyTurn: 0,
    freeAt: 0,
    pendingBreak: false,
    talk: 0,
    wrap: 0,
    person: false,
  }));
  const count: Record<AgentState, number> = { ready: n, talking: 0, wrap_up: 0, other: 0 };
  // longest-idle first: agents join at the back when they become ready
  const readyQueue: { agent: Agent; turn: number }[] = agents.map((agent) => ({ agent, turn: 0 }));
  let readyHead = 0;
  const waitingQueue: Waiting[] = [];
  let waitingHead = 0;
  let waitingCount = 0;
  const inFlight: Call[] = [];
  const callClock = { now: 0 };

  let now = 0;
  let dialing = true;
  let lastDecision = Number.NEGATIVE_INFINITY;
  let decisionPending = false;
  // the dialer's own counts (AMD's false positives estimated from its published rate)
  // The dialer's own counts: calls AMD passed as people, minus the machines agents reported
  // after taking them; those dropped in the queue count as abandoned people (it cannot tell).
  // AMD's false positives it cannot see at all: it adds their expected number from AMD's
  // published rate to both sides, and to the abandons one standard deviation more, since the
  // regulator counts the real ones.
  let humanVerdicts = 0;
  let machinesConnected = 0;
  let humanDrops = 0;
  const fpShare = amd ? amd.falsePositiveRate / Math.max(1e-9, 1 - amd.falsePositiveRate) : 0;
  const window = { liveAnswers: 0, abandoned: 0 };
  // the truth, for the report
  const minutes = Math.ceil(end / 60);
  const liveByMinute = new Float64Array(minutes);
  const abandonByMinute = new Float64Array(minutes);
  let liveAnswers = 0;
  let abandoned = 0;
  let busySeconds = 0;
  let talkSeconds = 0;
  let breakSeconds = 0;
  let dials = 0;
  let connects = 0;
  let peakLines = 0;
  const waits: WaitHistogram = { count: 0, sum: 0, bins: new Uint32Array(WAIT_BINS) };
  // records: fresh ones in order, then retries as they come due
  let nextRecord = 0;
  const dueRetries: { record: number; attempt: number }[] = [];
  let dueHead = 0;

  // one mutable object per event kind: observers read them and keep nothing
  const dialedEvent = { kind: 'dialed' as const, at: 0 };
  const failedEvent = { kind: 'failed' as const, at: 0, afterSeconds: 0 };
  const answeredEvent = { kind: 'answered' as const, at: 0, afterSeconds: 0, human: false };
  const connectedEvent = { kind: 'connected' as const, at: 0, waitedSeconds: 0 };
  const abandonedEvent = { kind: 'abandoned' as const, at: 0 };
  const freeEvent = { kind: 'agent_free' as const, at: 0, talkSeconds: 0, wrapSeconds: 0 };

  const setState = (a: Agent, s: AgentState) => {
    count[a.state]--;
    count[s]++;
    if (a.state === 'ready') a.readyTurn++;
    a.state = s;
    a.since = now;
  };
  const countTruth = (arr: Float64Array, t: number) => {
    if (t < end) arr[Math.floor(t / 60)]++;
  };

  const state: SimState = {
    get now() {
      return now;
    },
    agents: n,
    get ready() {
      return count.ready;
    },
    get talking() {
      return count.talking;
    },
    get wrapUp() {
      return count.wrap_up;
    },
    get onBreak() {
      return count.other;
    },
    get inFlight() {
      return inFlight.length;
    },
    get waiting() {
      return waitingCount;
    },
    get window() {
      const people = humanVerdicts - machinesConnected;
      const fp = people * fpShare;
      window.liveAnswers = people + fp;
      window.abandoned = humanDrops + fp + Math.sqrt(fp);
      return window;
    },
    pacingView: (() => {
      // Views read the simulator's state through getters, so handing one over costs nothing per agent.
      const agentViews = agents.map((a) => new LiveAgentView(a, callClock));
      let oracleViews: AgentView[] | null = null;
      const view: PacingView = { now: 0, agents: agentViews, callsInFlight: inFlight, waitingAnswered: 0, window };
      return (withRemaining: boolean) => {
        if (withRemaining) view.agents = oracleViews ??= agents.map((a) => new OracleAgentView(a, callClock));
        view.now = now;
        view.waitingAnswered = waitingCount;
        view.window = state.window;
        return view;
      };
    })(),
  };

  const popReady = (): Agent | null => {
    while (readyHead < readyQueue.length) {
      const { agent, turn } = readyQueue[readyHead++];
      if (agent.state === 'ready' && agent.readyTurn === turn) return agent;
    }
    return null;
  };
  const popWaiting = (): Waiting | null => {
    while (waitingHead < waitingQueue.length) {
      const w = waitingQueue[waitingHead++];
      if (!w.done) return w;
    }
    return null;
  };
  const compactQueues = () => {
    if (readyHead > 4096) {
      readyQueue.splice(0, readyHead);
      readyHead = 0;
    }
    if (waitingHead > 4096) {
      waitingQueue.splice(0, waitingHead);
      waitingHead = 0;
    }
  };

  const connect = (agent: Agent, w: Waiting) => {
    w.done = true;
    connectedEvent.at = now;
    connectedEvent.waitedSeconds = now - w.answerTime;
    policy.observe(connectedEvent);
    if (now < end) {
      const wait = agent.state === 'ready' ? now - agent.readySince : 0;
      waits.count++;
      waits.sum += wait;
      waits.bins[Math.min(WAIT_BINS - 1, Math.floor(wait / WAIT_BIN_SECONDS))]++;
    }
    if (w.person) connects++;
    else machinesConnected++;
    agent.person = w.person;
    agent.talk = w.person ? w.call.fate.talkSeconds : profile.machineTalkSeconds;
    agent.wrap = w.person ? w.call.fate.wrapSeconds : 0;
    setState(agent, 'talking');
    agent.freeAt = now + agent.talk + agent.wrap;
    queue.push(now + agent.talk, TALK_END, agent);
  };
  const makeReady = (agent: Agent) => {
    const w = popWaiting();
    if (w) {
      waitingCount--;
      connect(agent, w);
      return;
    }
    setState(agent, 'ready');
    agent.readySince = now;
    readyQueue.push({ agent, turn: agent.readyTurn });
  };
  const startBreak = (agent: Agent) => {
    agent.pendingBreak = false;
    setState(agent, 'other');
    queue.push(now + breaks!.minutes * 60, BREAK_END, agent);
  };

  const takeRecord = (): { record: number; attempt: number } | null => {
    if (dueHead < dueRetries.length) return dueRetries[dueHead++];
    if (list && nextRecord >= list.records) return null;
    return { record: nextRecord++, attempt: 0 };
  };
  const placeDials = (k: number) => {
    for (let i = 0; i < k; i++) {
      const r = takeRecord();
      if (!r) return;
      const fate = drawFate(seededRandom(deriveSeed(seed, r.record, r.attempt)), profile, mixAt(profile, now / 3600));
      const call: Call = new Call(callClock, now, r.record, r.attempt, fate, inFlight.length);
      inFlight.push(call);
      const { result, afterSeconds } = ringResult(fate, timeout);
      const answered = result === 'answered-human' || result === 'answered-machine';
      queue.push(now + afterSeconds + (answered && amd ? amd.decisionSeconds : 0), RESOLVE, call);
      dials++;
      dialedEvent.at = now;
      policy.observe(dialedEvent);
    }
    const available = n - count.other;
    if (available > 0) peakLines = Math.max(peakLines, (inFlight.length + waitingCount) / available);
  };

  const resolve = (call: Call) => {
    const last = inFlight.pop()!;
    if (last !== call) {
      inFlight[call.slot] = last;
      last.slot = call.slot;
    }
    const { result } = ringResult(call.fate, timeout);
    const afterSeconds = now - call.dialTime;
    if (result !== 'answered-human' && result !== 'answered-machine') {
      failedEvent.at = now;
      failedEvent.afterSeconds = afterSeconds;
      policy.observe(failedEvent);
      if (list && (result === 'busy' || result === 'no-answer') && call.attempt + 1 < list.maxAttempts) {
        queue.push(now + list.retryNoAnswerAfterMinutes * 60, RETRY_DUE, { record: call.record, attempt: call.attempt + 1 });
      }
      return;
    }
    const person = result === 'answered-human';
    let verdictHuman = person;
    if (amd) {
      if (person && call.fate.amdDraw < amd.falsePositiveRate) verdictHuman = false;
      if (!person && call.fate.amdDraw < amd.missRate) verdictHuman = true;
    }
    if (person) {
      liveAnswers++;
      countTruth(liveByMinute, now);
    }
    answeredEvent.at = now;
    answeredEvent.afterSeconds = afterSeconds;
    answeredEvent.human = verdictHuman;
    policy.observe(answeredEvent);
    if (!verdictHuman) {
      if (person) {
        // AMD took a person for a machine and hung up: an abandon the dialer cannot see
        abandoned++;
        countTruth(abandonByMinute, now);
      }
      return;
    }
    humanVerdicts++;
    const w: Waiting = { answerTime: now, call, person, done: false };
    const agent = popReady();
    if (agent) {
      connect(agent, w);
      return;
    }
    waitingQueue.push(w);
    waitingCount++;
    queue.push(now + tau, ABANDON, w);
  };

  queue.push(0, TICK);
  queue.push(end, DAY_END);
  if (breaks && breaks.fraction > 0) for (let k = 1; k * breaks.everyHours < scenario.hours; k++) queue.push(k * breaks.everyHours * 3600, BREAK_START, k);

  for (let e = queue.pop(); e; e = queue.pop()) {
    now = e.time;
    callClock.now = now;
    compactQueues();
    switch (e.kind) {
      case TICK:
        policy.tick?.(state);
        if (now + 1 < end) queue.push(now + 1, TICK);
        break;
      case RESOLVE:
        resolve(e.ref);
        break;
      case ABANDON: {
        const w = e.ref as Waiting;
        if (w.done) break;
        w.done = true;
        waitingCount--;
        humanDrops++;
        if (w.person) {
          abandoned++;
          countTruth(abandonByMinute, now);
        }
        abandonedEvent.at = now;
        policy.observe(abandonedEvent);
        break;
      }
      case TALK_END: {
        const a = e.ref as Agent;
        const spent = clip(now) - clip(a.since);
        busySeconds += spent;
        if (a.person) talkSeconds += spent;
        setState(a, 'wrap_up');
        queue.push(now + a.wrap, WRAP_END, a);
        break;
      }
      case WRAP_END: {
        const a = e.ref as Agent;
        busySeconds += clip(now) - clip(a.since);
        freeEvent.at = now;
        freeEvent.talkSeconds = a.talk;
        freeEvent.wrapSeconds = a.wrap;
        policy.observe(freeEvent);
        if (a.pendingBreak) startBreak(a);
        else makeReady(a);
        break;
      }
      case BREAK_START: {
        // the k-th group, rotating through the team; busy agents go when their call is done
        const size = Math.round(breaks!.fraction * n);
        for (let i = 0; i < size; i++) {
          const a = agents[((e.ref - 1) * size + i) % n];
          if (a.state === 'ready') startBreak(a);
          else if (a.state !== 'other') a.pendingBreak = true;
        }
        break;
      }
      case BREAK_END: {
        const a = e.ref as Agent;
        breakSeconds += clip(now) - clip(a.since);
        makeReady(a);
        break;
      }
      case RETRY_DUE:
        dueRetries.push(e.ref);
        break;
      case DAY_END:
        dialing = false;
        break;
      case DECIDE:
        decisionPending = false;
        break;
    }
    if (!dialing) continue;
    if (e.kind === DECIDE || now - lastDecision >= coalesce) {
      lastDecision = now;
      placeDials(policy.decide(state));
    } else if (!decisionPending) {
      decisionPending = true;
      queue.push(lastDecision + coalesce, DECIDE);
    }
  }

  return {
    loggedInSeconds: n * end - breakSeconds,
    busySeconds,
    talkSeconds,
    liveAnswers,
    abandoned,
    worstRollingHour: worstHour(liveByMinute, abandonByMinute),
    waits,
    dials,
    connects,
    peakLinesPerAgent: peakLines,
    recordsUsed: list ? Math.min(nextRecord, list.records) : nextRecord,
  };
}

/** The highest abandon rate over any 60 consecutive minutes (the whole day when shorter). */
function worstHour(live: Float64Array, abandoned: Float64Array): number {
  const span = Math.min(60, live.length);
  let l = 0;
  let a = 0;
  let worst = 0;
  for (let i = 0; i < live.length; i++) {
    l += live[i];
    a += abandoned[i];
    if (i >= span) {
      l -= live[i - span];
      a -= abandoned[i - span];
    }
    if (i >= span - 1 && l > 0) worst = Math.max(worst, a / l);
  }
  return worst;
}
