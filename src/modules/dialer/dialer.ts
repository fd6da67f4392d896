// DL-1..DL-5: the dialer. One process runs it (a lease row; PGlite: always this one). It takes
// cases through the hopper (so every rule of the campaign still holds), places calls through the
// telephony port, connects answered calls to agents, abandons the ones no agent takes within τ,
// and hands every outcome to the status engine. Work runs one task at a time, in order, so the
// in-memory view of calls and agents never races with itself.
import { ne, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rows } from '../../db/query.ts';
import { agentStates, campaigns } from '../../db/schema.ts';
import type { AgentStateName } from '../../db/schema.ts';
import type { DialerCommand, EventBus } from '../../shared/events.ts';
import type { Random } from '../../shared/random.ts';
import type { Scheduler, TimerId } from '../../shared/scheduler.ts';
import { type AgentRow, toState } from '../agents/agent-rows.ts';
import { getAgentState, publishAgent, saveState, saveResult, type AgentState, type WorkDeps, finishWhenExhausted } from '../agents/work.ts';
import type { Campaign } from '../campaigns/repo.ts';
import {
  campaignOpen,
  type ClaimedCase,
  claimedCase,
  claimFromTier,
  claimNext,
  claimTierSql,
  claimTiers,
  inHopper,
  offerable,
  type Tier,
} from '../cases/hopper.ts';
import { statusForOutcome, transitionCase, transitionIfUnchanged } from '../cases/transition.ts';
import { currentSettingsVersion, keptSettings, lockCaseWithSettings } from '../campaigns/settings-cache.ts';
import type { JobRunner } from '../jobs/runner.ts';
import type { StatusRow } from '../statuses/repo.ts';
import type { DialOutcome } from '../statuses/types.ts';
import { exitsOf } from '../processes/repo.ts';
import type { CallEvent, CallEventKind, TelephonyPort } from '../telephony/port.ts';
import { abandonCounts, claimAndInsertCalls, insertCalls, type NewCall, openCalls, type PlacedCall, updateCall, windowStart } from './calls-repo.ts';
import { withAmdDrops } from './amd.ts';
import { createPacer, type Pacer, type PacingView } from './pacing.ts';

export interface DialerDeps {
  db: Db;
  events: EventBus;
  jobs: JobRunner;
  scheduler: Scheduler;
  telephony: TelephonyPort;
  random: Random;
  log: { warn(obj: unknown, msg?: string): void; error(obj: unknown, msg?: string): void };
  processId: string;
  leaseMinutes: number;
  /** PGlite: no other process shares the database, so this one always runs the dialer */
  soleProcess: boolean;
  tickMs?: number;
}

interface LiveCall extends PlacedCall {
  /** a predictive call's case as its claim left it: an unanswered outcome is written from it */
  claimed: ClaimedCase | null;
  state: CallEventKind;
  answeredAt: Date | null;
  connectedAt: Date | null;
  abandonTimer: TimerId | null;
  over: boolean;
}

interface Runtime {
  campaign: Campaign;
  pacer: Pacer;
  window: { liveAnswers: number; abandoned: number };
  windowAt: number;
  /** live answers waiting for an agent, oldest first */
  waiting: LiveCall[];
  /** the timed tiers holding a due case: overdue private callbacks, public callbacks, end of queue (probed every few seconds; an empty tier costs a claim statement) */
  dueTiers: Set<Tier>;
  probedAt: number;
}

interface TimedWork {
  tiers: Set<Tier>;
  progressive: boolean;
  owners: Set<number>;
}

/** Predictive calls never take private callbacks before their grace or the progressive queue (they need a reserved agent). */
const predictiveTiers: Tier[] = ['overdue_private', 'callback', 'fresh', 'retry', 'end_of_queue'];
const timedPredictiveTiers: Tier[] = ['overdue_private', 'callback', 'end_of_queue'];
/** DL-3: an abandoned call's case goes to "call progressive" when nothing maps "unhandled" */
const callProgressive = (all: StatusRow[]) => all.find((s) => s.active && s.qualifier === 'call_progressive');
const failOutcome: Partial<Record<CallEventKind, DialOutcome>> = { busy: 'busy', 'no-answer': 'no_answer', invalid: 'invalid' };

export function createDialer(deps: DialerDeps) {
  const { db, events, scheduler, telephony, log } = deps;
  const clock = scheduler.clock;
  const work: WorkDeps = { db, events, jobs: deps.jobs, leaseMinutes: deps.leaseMinutes };
  const epoch = clock.now().getTime();
  const secs = (d: Date) => (d.getTime() - epoch) / 1000;
  const live = new Map<number, LiveCall>();
  const runtimes = new Map<number, Runtime>();
  const agents = new Map<number, AgentState>();
  /** the last call an agent finished: the pacer learns handle times when they are ready again */
  const finishedCalls = new Map<number, { campaignId: number; talkSeconds: number; endedAt: Date }>();
  let leader = false;
  let leaseCheckedAt = 0;
  let campaignsLoadedAt = 0;
  let campaignsStale = true;
  let wallboardDirty = false;
  let wallboardAt = 0;
  const dirtyCampaigns = new Set<number>();
  const paceQueued = new Set<number>();
  let running = false;
  let tickTimer: TimerId | null = null;
  const unsubscribers: (() => void)[] = [];
  /** blending: inbound work (a waiting caller, a callback) is offered before outbound; true = the agent took it */
  let beforeOutbound: ((userId: number) => Promise<boolean>) | null = null;

  // ---- one task at a time -----------------------------------------------------------------
  let chain: Promise<void> = Promise.resolve();
  const enqueue = (task: () => Promise<void>) => {
    chain = chain.then(task).catch((err) => log.error({ err }, 'dialer task failed'));
    return chain;
  };
  /** resolves when every queued task (and the ones they queued) is done */
  async function idle() {
    for (;;) {
      const c = chain;
      await c;
      if (c === chain) return;
    }
  }

  // ---- agents: a mirror of agent_states, kept by the agent.changed events -------------------
  function mirror(s: AgentState) {
    const before = agents.get(s.userId);
    agents.set(s.userId, s);
    wallboardDirty = true; // a login, pause or new state shows on the wallboard at the next tick
    if (s.state === 'ready' && before?.state !== 'ready') enqueue(() => agentReady(s.userId));
    if (s.state === 'logged_out') agents.delete(s.userId);
  }
  async function loadAgents() {
    const list = await db.select().from(agentStates).where(ne(agentStates.state, 'logged_out'));
    agents.clear();
    for (const a of list) agents.set(a.userId, a);
  }
  const agentsOf = (campaignId: number) => [...agents.values()].filter((a) => a.campaignIds.includes(campaignId));

  // ---- campaigns ----------------------------------------------------------------------------
  let campaignsVersion: string | null = null;
  async function loadCampaigns(now: Date) {
    // every few seconds: read again only when a campaign's settings (its state among them) changed
    const v = await currentSettingsVersion(db);
    if (!campaignsStale && v !== null && v === campaignsVersion) {
      campaignsLoadedAt = now.getTime();
      return;
    }
    campaignsVersion = v;
    const list = await db
      .select()
      .from(campaigns)
      .where(sql`${campaigns.state} = 'running' or ${campaigns.id} in (select distinct campaign_id from calls where ended_at is null)`);
    const seen = new Set<number>();
    for (const c of list) {
      seen.add(c.id);
      const rt = runtimes.get(c.id);
      if (rt) {
        rt.campaign = c;
        continue;
      }
      runtimes.set(c.id, {
        campaign: c,
        pacer: pacerFor(c),
        window: await abandonCounts(db, c.id, windowStart(c.abandonWindow, now)),
        windowAt: now.getTime(),
        waiting: [],
        dueTiers: new Set(timedPredictiveTiers),
        probedAt: 0,
      });
    }
    for (const [id, rt] of runtimes) if (!seen.has(id) && !rt.waiting.length && ![...live.values()].some((l) => l.campaignId === id)) runtimes.delete(id);
    campaignsLoadedAt = now.getTime();
    campaignsStale = false;
  }
  function pacerFor(c: Campaign) {
    return createPacer({
      abandonCap: c.abandonCapPercent / 100,
      abandonThresholdSeconds: c.abandonThresholdSeconds,
      initialPickupRate: c.pickupRate / 100,
      maxLinesPerAgent: c.maxLinesPerAgent,
      ringTimeoutSeconds: Math.max(15, c.ringTimeoutSeconds),
    });
  }
  async function runtime(campaignId: number): Promise<Runtime | undefined> {
    if (!runtimes.has(campaignId)) {
      campaignsStale = true; // read whatever the version says: this campaign is not among those read
      await loadCampaigns(clock.now());
    }
    return runtimes.get(campaignId);
  }
  function touch(campaignId: number) {
    wallboardDirty = true;
    dirtyCampaigns.add(campaignId);
  }

  // ---- leadership ---------------------------------------------------------------------------
  async function holdLease(now: Date) {
    if (deps.soleProcess) return true;
    const until = new Date(now.getTime() + 20_000);
    const r = await rows<{ owner: string }>(
      db,
      sql`insert into dialer_leases (name, owner, until) values ('dialer', ${deps.processId}, ${until})
        on conflict (name) do update set owner = excluded.owner, until = excluded.until
        where dialer_leases.owner = ${deps.processId} or dialer_leases.until < ${now}
        returning owner`,
    );
    return r.length > 0;
  }

  /**
   * Calls no driver has up any more (the process that placed them died, or this one before a
   * restart) end as failed; an agent who was talking keeps the case in wrap-up to save it, a
   * case the dialer held goes back to the hopper unchanged, an agent still dialing is back in
   * preview with the case.
   */
  async function reconcile(now: Date) {
    const up = new Set(telephony.activeCalls());
    let n = 0;
    for (const c of await openCalls(db, null)) {
      const id = Number(c.id);
      if (up.has(id)) continue;
      n++;
      live.delete(id);
      await db.transaction(async (tx) => {
        await updateCall(tx, id, sql`state = 'failed', ended_at = ${now}, reconciled = true`);
        if (c.connected_at && c.agent_id !== null) {
          await saveState({ ...work, db: tx }, c.agent_id, { state: 'wrap_up' }, now).catch(() => undefined);
          return;
        }
        await tx.execute(sql`update cases set locked_by = null, locked_until = null where id = ${c.case_id} and locked_by = 0`);
        if (c.agent_id !== null)
          await tx.execute(sql`update agent_states set state = 'preview', since = ${now}, call_id = null where user_id = ${c.agent_id} and call_id = ${id}`);
      });
    }
    if (n) log.warn({ calls: n }, 'dialer: reconciled calls left open by a stopped process');
    return n;
  }

  // ---- the loop -----------------------------------------------------------------------------
  async function tick() {
    const now = clock.now();
    if (now.getTime() - leaseCheckedAt >= 5000 || !leaseCheckedAt) {
      leaseCheckedAt = now.getTime();
      const was = leader;
      leader = await holdLease(now);
      if (leader && !was) {
        await loadAgents();
        await reconcile(now);
        campaignsStale = true;
      }
    }
    if (!leader) return;
    if (campaignsStale || now.getTime() - campaignsLoadedAt >= 5000) await loadCampaigns(now);
    for (const rt of runtimes.values()) {
      const c = rt.campaign;
      if (now.getTime() - rt.windowAt >= 60_000) {
        rt.window = await abandonCounts(db, c.id, windowStart(c.abandonWindow, now));
        rt.windowAt = now.getTime();
      }
      // callbacks fall due by the minute: looking every few seconds is soon enough
      if (c.state === 'running' && c.mode === 'predictive' && now.getTime() - rt.probedAt >= 5000) {
        rt.probedAt = now.getTime();
        const due = await timedWorkDue(c, now);
        rt.dueTiers = due.tiers;
        await reserveForWaitingCases(rt, due, now);
      }
      await pace(rt, now);
    }
    await previewTimeouts(now);
    await wrapUpTimeouts(now);
    flush(now);
  }
  function scheduleTick() {
    if (!running) return;
    tickTimer = scheduler.after(deps.tickMs ?? 1000, () => {
      enqueue(tick).then(scheduleTick);
    });
  }
  function flush(now: Date) {
    if (!wallboardDirty || now.getTime() - wallboardAt < 1000) return;
    wallboardDirty = false;
    wallboardAt = now.getTime();
    events.publish({ type: 'wallboard.changed', userId: null, at: now.toISOString() });
    for (const id of dirtyCampaigns) events.publish({ type: 'campaign.changed', userId: null, campaignId: id, figuresOnly: true });
    dirtyCampaigns.clear();
  }
  /** pacing after an event, once however many events arrive together */
  function paceSoon(campaignId: number) {
    if (paceQueued.has(campaignId)) return;
    paceQueued.add(campaignId);
    enqueue(async () => {
      paceQueued.delete(campaignId);
      const rt = runtimes.get(campaignId);
      if (leader && rt) await pace(rt, clock.now());
    });
  }
  async function pace(rt: Runtime, now: Date) {
    if (rt.campaign.state !== 'running') return;
    if (rt.campaign.mode === 'predictive') await pacePredictive(rt, now);
    if (rt.campaign.mode === 'progressive') await paceProgressive(rt, now);
  }

  // ---- placing calls ------------------------------------------------------------------------
  function callerIdFor(c: Campaign) {
    if (!c.callerIds.length) return null;
    if (c.callerIdRandom && c.callerIds.length > 1) return c.callerIds[Math.floor(deps.random.next() * c.callerIds.length)];
    return c.callerIds[0];
  }
  /** DL-3 UK-style lockout: an abandoned number is not dialed predictively again for N hours. */
  function lockout(c: Campaign, now: Date) {
    if (!c.abandonLockoutHours) return undefined;
    return sql`k.last_outcome = 'unhandled' and k.last_attempt_at > ${new Date(now.getTime() - c.abandonLockoutHours * 3_600_000)}`;
  }
  async function place(rt: Runtime, list: NewCall[], now: Date): Promise<LiveCall[]> {
    const { placed, dropped } = await insertCalls(db, rt.campaign, list, deps.processId, now);
    return launch(rt, placed, dropped, new Map(), now);
  }
  /** The calls are placed on the network; cases whose number was blocked since their claim go back. */
  async function launch(rt: Runtime, placed: PlacedCall[], dropped: number[], claimed: Map<number, ClaimedCase>, now: Date): Promise<LiveCall[]> {
    if (dropped.length)
      await db.execute(
        sql`update cases set locked_by = null, locked_until = null where locked_by = 0 and id in (${sql.join(
          dropped.map((d) => sql`${d}`),
          sql`, `,
        )})`,
      );
    const out: LiveCall[] = [];
    for (const p of placed) {
      const call: LiveCall = {
        ...p,
        claimed: claimed.get(p.caseId) ?? null,
        state: 'trying',
        answeredAt: null,
        connectedAt: null,
        abandonTimer: null,
        over: false,
      };
      live.set(call.id, call);
      out.push(call);
      rt.pacer.observe({ kind: 'dialed', at: secs(now) });
      telephony.originate({
        callId: call.id,
        number: call.phone,
        callerId: call.callerId,
        ringTimeoutSeconds: Math.max(15, rt.campaign.ringTimeoutSeconds),
        amd: rt.campaign.amdEnabled,
        profile: rt.campaign.networkProfile,
      });
    }
    if (placed.length) touch(rt.campaign.id);
    return out;
  }

  function pacingView(rt: Runtime, now: Date): PacingView {
    const id = rt.campaign.id;
    return {
      now: secs(now),
      agents: agentsOf(id).map((a) => ({
        state: a.state === 'ready' || a.state === 'talking' || a.state === 'wrap_up' ? a.state : 'other',
        secondsInState: (now.getTime() - a.since.getTime()) / 1000,
      })),
      callsInFlight: [...live.values()]
        .filter((l) => l.campaignId === id && l.mode === 'predictive' && !l.answeredAt && !l.over)
        .map((l) => ({ secondsSinceDial: (now.getTime() - l.dialedAt.getTime()) / 1000 })),
      waitingAnswered: rt.waiting.length,
      // people AMD hung up on count as abandoned (regulators count them), with a margin for the ones it cannot see
      window: withAmdDrops(rt.campaign, rt.window, true),
    };
  }

  /**
   * In one statement: the timed tiers holding a due case, whether the progressive queue does, and
   * the agents with a due private callback (the last two need a reserved agent).
   */
  async function timedWorkDue(c: Campaign, now: Date): Promise<TimedWork> {
    const grace = new Date(now.getTime() - c.callbackGraceMinutes * 60_000);
    // offerable as the claim has it: a tier whose due cases are all outside their local hours would make every claim come back empty
    const due = (where: SQL) => sql`exists (select 1 from cases k where k.campaign_id = ${c.id} and ${inHopper} and ${where} and ${offerable(c, now)})`;
    const [r] = await rows<Record<Tier, boolean> & { owners: number[] }>(
      db,
      sql`select ${due(sql`k.queue = 'callback' and k.owner_id is not null and k.callable_at <= ${grace}`)} as overdue_private,
        ${due(sql`k.queue = 'callback' and k.owner_id is null and k.callable_at <= ${now}`)} as callback,
        ${due(sql`k.queue = 'end_of_queue' and k.callable_at <= ${now}`)} as end_of_queue,
        ${due(sql`k.queue = 'progressive' and k.callable_at <= ${now}`)} as progressive,
        array(select distinct k.owner_id from cases k where k.campaign_id = ${c.id} and k.queue = 'callback' and k.owner_id is not null and ${inHopper}
          and k.callable_at <= ${now} and ${offerable(c, now)}) as owners`,
    );
    return { tiers: new Set(timedPredictiveTiers.filter((t) => r[t])), progressive: r.progressive, owners: new Set(r.owners) };
  }

  /** DL-3: as many calls as the pacer asks for, through the hopper. */
  async function pacePredictive(rt: Runtime, now: Date) {
    const c = rt.campaign;
    if (!campaignOpen(c, now)) return;
    // the pacer never goes slower than progressive (a ready agent with no call heading for them gets one)
    const want = Math.floor(rt.pacer.decide(pacingView(rt, now)));
    if (want <= 0) return;
    const tiers = predictiveTiers.filter((t) => !timedPredictiveTiers.includes(t) || rt.dueTiers.has(t));
    const opts = { agentId: 0, now, leaseMinutes: deps.leaseMinutes, exclude: lockout(c, now) };
    // the claim and its calls in one statement per tier
    const claimed = await claimTiers(c, want, tiers, now, (tier, limit) =>
      claimAndInsertCalls(
        db,
        c,
        claimTierSql(tier, c, opts, limit),
        Array.from({ length: limit }, () => callerIdFor(c)),
        deps.processId,
        now,
      ),
    );
    const placed = claimed.flatMap((x) => (x.call ? [x.call] : []));
    const dropped = claimed.filter((x) => !x.call).map((x) => Number(x.raw.id));
    await launch(rt, placed, dropped, new Map(claimed.map((x) => [Number(x.raw.id), claimedCase(x.raw)])), now);
  }

  /** Reserves a ready agent and dials for them: the case is theirs whether or not the call is answered. */
  async function dialReserved(rt: Runtime, agentId: number, caseId: number, mode: 'preview' | 'progressive' | 'predictive', now: Date) {
    const [call] = await place(rt, [{ campaignId: rt.campaign.id, caseId, mode, agentId, callerId: callerIdFor(rt.campaign) }], now);
    if (!call) {
      // the number was blocked after the claim: the case goes back, the agent is free
      await db.execute(sql`update cases set locked_by = null, locked_until = null where id = ${caseId} and locked_by = ${agentId}`);
      await saveState(work, agentId, { state: 'ready', currentCaseId: null }, now);
      return null;
    }
    await saveState(work, agentId, { state: 'dialing', currentCaseId: caseId, callId: call.id }, now);
    return call;
  }

  /** DL-2: one call per ready agent, reserved for that agent (their own callbacks first). */
  async function paceProgressive(rt: Runtime, now: Date) {
    const c = rt.campaign;
    if (!campaignOpen(c, now)) return;
    const ready = agentsOf(c.id)
      .filter((a) => a.state === 'ready')
      .sort((a, b) => a.since.getTime() - b.since.getTime());
    for (const a of ready) {
      const claimed = await claimNext(db, [c], { agentId: a.userId, now, leaseMinutes: deps.leaseMinutes });
      if (!claimed) break;
      await dialReserved(rt, a.userId, claimed.caseId, 'progressive', now);
    }
  }

  /**
   * In a predictive campaign, cases in the progressive queue (abandoned before) and agents' own
   * due callbacks are dialed only with a ready agent reserved for them.
   */
  async function reserveForWaitingCases(rt: Runtime, due: TimedWork, now: Date) {
    const c = rt.campaign;
    if (!campaignOpen(c, now)) return;
    const ready = agentsOf(c.id).filter((a) => a.state === 'ready');
    const { owners } = due;
    if (!due.progressive && !ready.some((a) => owners.has(a.userId))) return;
    for (const a of ready.sort((x, y) => x.since.getTime() - y.since.getTime())) {
      if (!due.progressive && !owners.has(a.userId)) continue;
      const opts = { agentId: a.userId, now, leaseMinutes: deps.leaseMinutes };
      const caseId =
        (owners.has(a.userId) && (await claimFromTier(db, 'own_callback', c, opts))) || (due.progressive && (await claimFromTier(db, 'progressive', c, opts)));
      if (caseId) await dialReserved(rt, a.userId, caseId, 'predictive', now);
    }
  }

  // ---- call events --------------------------------------------------------------------------
  async function onCallEvent(e: CallEvent) {
    const call = live.get(e.callId);
    if (!call || call.over) return;
    const rt = await runtime(call.campaignId);
    if (!rt) return;
    const afterSeconds = (e.at.getTime() - call.dialedAt.getTime()) / 1000;
    call.state = e.kind;
    switch (e.kind) {
      case 'trying':
      case 'ringing':
        return;
      case 'answered-human':
        call.answeredAt = e.at;
        rt.pacer.observe({ kind: 'answered', at: secs(e.at), afterSeconds, human: true });
        rt.window.liveAnswers++;
        touch(rt.campaign.id);
        if (call.agentId !== null) return connectReserved(rt, call, e.at);
        return connectOrWait(rt, call, e.at);
      case 'answered-machine':
        call.answeredAt = e.at;
        if (rt.campaign.amdMachineAction === 'connect') {
          // AMD said machine and the campaign sends machines to agents (to leave a message): it needs an agent like a person, but is no live answer
          rt.pacer.observe({ kind: 'answered', at: secs(e.at), afterSeconds, human: true });
          touch(rt.campaign.id);
          if (call.agentId !== null) return connectReserved(rt, call, e.at);
          return connectOrWait(rt, call, e.at);
        }
        rt.pacer.observe({ kind: 'answered', at: secs(e.at), afterSeconds, human: false });
        telephony.hangup(call.id, 'system');
        return finishUnconnected(rt, call, 'voicemail', e.at);
      case 'busy':
      case 'no-answer':
      case 'invalid':
      case 'failed':
        rt.pacer.observe({ kind: 'failed', at: secs(e.at), afterSeconds });
        return finishUnconnected(rt, call, failOutcome[e.kind] ?? null, e.at);
      case 'completed':
        if (call.connectedAt) return callEnded(rt, call, e.at);
        // hung up before anyone answered (the agent gave up waiting)
        await finishUnconnected(rt, call, 'no_answer', e.at, { cancelledBy: call.agentId });
        return paceSoon(rt.campaign.id);
    }
  }

  /** The longest-idle ready agent of the campaign takes the call, in one statement. */
  async function connectToAgent(rt: Runtime, call: LiveCall, now: Date): Promise<boolean> {
    if (!agentsOf(rt.campaign.id).some((a) => a.state === 'ready')) return false;
    const until = new Date(now.getTime() + deps.leaseMinutes * 60_000);
    const r = await rows<AgentRow>(
      db,
      sql`with a as (
          update agent_states set state = 'talking', since = ${now}, current_case_id = ${call.caseId}, call_id = ${call.id}, wrap_until = null
          where user_id = (select user_id from agent_states where state = 'ready' and ${rt.campaign.id}::int = any(campaign_ids)
            order by since, user_id limit 1 for update skip locked)
          returning *),
        k as (update cases set locked_by = (select user_id from a), locked_until = ${until} where id = ${call.caseId} and exists (select 1 from a) returning id),
        c as (update calls set agent_id = (select user_id from a), answered_at = ${call.answeredAt}, human = ${call.state !== 'answered-machine'}, connected_at = ${now}, state = ${call.state}
          where id = ${call.id} and exists (select 1 from a) returning id)
        select a.* from a`,
    );
    if (!r[0]) return false;
    const s = toState(r[0]);
    call.agentId = s.userId;
    connected(rt, call, now);
    publishAgent(events, s);
    return true;
  }
  function connected(rt: Runtime, call: LiveCall, now: Date) {
    call.connectedAt = now;
    if (call.abandonTimer !== null) scheduler.cancel(call.abandonTimer);
    call.abandonTimer = null;
    rt.waiting = rt.waiting.filter((w) => w !== call);
    telephony.connect(call.id, call.agentId ?? 0);
    rt.pacer.observe({ kind: 'connected', at: secs(now), waitedSeconds: (now.getTime() - (call.answeredAt ?? now).getTime()) / 1000 });
    touch(rt.campaign.id);
  }
  async function connectReserved(rt: Runtime, call: LiveCall, now: Date) {
    const agentId = call.agentId as number;
    await updateCall(db, call.id, sql`answered_at = ${now}, human = ${call.state !== 'answered-machine'}, connected_at = ${now}, state = ${call.state}`);
    await saveState(work, agentId, { state: 'talking', callId: call.id }, now);
    connected(rt, call, now);
  }
  async function connectOrWait(rt: Runtime, call: LiveCall, now: Date) {
    if (await connectToAgent(rt, call, now)) return;
    rt.waiting.push(call);
    call.abandonTimer = scheduler.after(rt.campaign.abandonThresholdSeconds * 1000, () => enqueue(() => abandon(rt, call)));
  }

  /** DL-3: no agent within τ — the notice is played, the call ends, the outcome is "unhandled". */
  async function abandon(rt: Runtime, call: LiveCall) {
    if (call.over || call.connectedAt) return;
    const now = clock.now();
    rt.waiting = rt.waiting.filter((w) => w !== call);
    if (call.state === 'answered-machine') {
      // a machine no agent took in time: hung up, not an abandon (machines are not people)
      telephony.hangup(call.id, 'system');
      return finishUnconnected(rt, call, 'voicemail', now);
    }
    rt.window.abandoned++;
    rt.pacer.observe({ kind: 'abandoned', at: secs(now) });
    telephony.playMessage(call.id, rt.campaign.abandonMessage);
    telephony.hangup(call.id, 'system');
    await finishUnconnected(rt, call, 'unhandled', now, { abandoned: true });
  }

  /**
   * DL-4, PR-4c: a call that reached no agent. Its outcome sets the status the process or the
   * dictionary maps to it; with none ("do nothing") a reserved agent decides in wrap-up, and a
   * predictive case keeps its status (retry rules still run). A network failure counts no attempt.
   */
  async function finishUnconnected(
    rt: Runtime,
    call: LiveCall,
    outcome: DialOutcome | null,
    now: Date,
    opts: { abandoned?: boolean; cancelledBy?: number | null } = {},
  ) {
    await recordUnconnected(rt, call, outcome, now, opts);
    await lastCallEnded(rt, now);
  }
  async function recordUnconnected(
    rt: Runtime,
    call: LiveCall,
    outcome: DialOutcome | null,
    now: Date,
    opts: { abandoned?: boolean; cancelledBy?: number | null },
  ) {
    call.over = true;
    live.delete(call.id);
    if (call.abandonTimer !== null) scheduler.cancel(call.abandonTimer);
    rt.waiting = rt.waiting.filter((w) => w !== call);
    touch(rt.campaign.id);
    const c = rt.campaign;
    const agentId = call.agentId;
    const human = call.answeredAt ? call.state !== 'answered-machine' && outcome !== 'voicemail' : null;
    const callSet = sql`state = ${call.state}, outcome = ${outcome}, ended_at = ${now}, answered_at = ${call.answeredAt}, human = ${human}, abandoned = ${opts.abandoned ?? false}`;
    if (outcome !== null && agentId === null && !opts.cancelledBy && (await finishFromClaim(call, outcome, callSet, now))) return;
    let terminal = false;
    const next = await db.transaction(async (tx) => {
      if (outcome === null) {
        await updateCall(tx, call.id, callSet);
        await tx.execute(sql`update cases set locked_by = null, locked_until = null where id = ${call.caseId} and locked_by = 0`);
        return agentId !== null ? ('preview' as const) : null;
      }
      const { case: k, settings } = await lockCaseWithSettings(tx, call.caseId);
      const all = settings.statuses;
      if (k.lockedBy !== (agentId ?? 0)) {
        // the agent saved the case while it rang: the save recorded the attempt
        await updateCall(tx, call.id, callSet);
        return null;
      }
      const current = all.find((s) => s.id === k.statusId);
      let status = statusForOutcome(c, current, all, outcome);
      // PR-4f: the status an agent sets by giving up waiting on the dialer (progressive only)
      if (opts.cancelledBy && c.mode === 'progressive' && current) {
        const key = exitsOf(current).waitingOnDialer;
        status = (key && all.find((s) => s.key === key)) || status;
      }
      if (!status && agentId !== null) {
        // the reserved agent sets the result; the call is over
        await updateCall(tx, call.id, callSet);
        return 'wrap_up' as const;
      }
      let fallback = false;
      if (!status && outcome === 'unhandled') {
        status = callProgressive(all);
        fallback = !status;
      }
      status ??= current;
      if (!status) {
        await updateCall(tx, call.id, callSet);
        await tx.execute(sql`update cases set locked_by = null, locked_until = null where id = ${call.caseId}`);
        return agentId !== null ? ('ready' as const) : null;
      }
      const result = await transitionCase(tx, k, {
        campaign: settings.campaign,
        status,
        statuses: all,
        actorId: null,
        source: 'dialer',
        attempt: { agentId, outcome, phone: call.phone, startedAt: call.dialedAt, answers: {}, call: { id: call.id, set: callSet } },
        now,
      });
      // "call progressive" by default: no free agent, so the next attempt waits for a reserved one
      if (fallback && !result.next.terminal)
        await tx.execute(sql`update cases set queue = 'progressive', callable_at = ${now}, qualifier = 'call_progressive' where id = ${call.caseId}`);
      if (result.next.terminal) terminal = true;
      return agentId !== null ? ('ready' as const) : null;
    });
    if (agentId !== null && next) {
      const patch =
        next === 'ready'
          ? { state: 'ready' as const, currentCaseId: null }
          : next === 'wrap_up'
            ? { state: 'wrap_up' as const, callId: call.id, wrapUntil: wrapUntil(c, now) }
            : { state: 'preview' as const, callId: null };
      const a = agents.get(agentId);
      if (a?.callId === call.id) await saveState(work, agentId, patch, now);
    }
    if (terminal) await checkExhausted(c, now);
  }
  /**
   * Most calls end unanswered with no agent: their outcome is written in one statement, without a
   * transaction, from the row the claim returned and the campaign's kept settings — if neither
   * changed since (else false, and the locking path runs).
   */
  async function finishFromClaim(call: LiveCall, outcome: DialOutcome, callSet: SQL, now: Date): Promise<boolean> {
    const settings = keptSettings(call.campaignId);
    if (!call.claimed || !settings) return false;
    const { campaign, statuses: all } = settings;
    const k = call.claimed.row;
    const current = all.find((s) => s.id === k.statusId);
    let status = statusForOutcome(campaign, current, all, outcome);
    // "call progressive" by default; a campaign without such a status takes the locking path's fallback
    if (!status && outcome === 'unhandled') status = callProgressive(all);
    if (!status && outcome === 'unhandled') return false;
    status ??= current;
    if (!status) return false;
    const result = await transitionIfUnchanged(
      db,
      k,
      {
        campaign,
        status,
        statuses: all,
        actorId: null,
        source: 'dialer',
        attempt: { agentId: null, outcome, phone: call.phone, startedAt: call.dialedAt, answers: {}, call: { id: call.id, set: callSet } },
        now,
      },
      { xmin: call.claimed.xmin, settingsVersion: settings.version },
    );
    if (!result) return false;
    if (result.next.terminal) await checkExhausted(campaign, now);
    return true;
  }
  /**
   * A terminal outcome may have finished the campaign (CP-3 "exhaust contacts"). A call still in
   * flight means a case still open, so the look is put off until the campaign's last call ends.
   */
  const exhaustLooks = new Set<number>();
  async function checkExhausted(c: Campaign, now: Date) {
    if ([...live.values()].some((l) => l.campaignId === c.id)) {
      exhaustLooks.add(c.id);
      return;
    }
    exhaustLooks.delete(c.id);
    await finishWhenExhausted(work, c, now);
  }
  /** the campaign's last call ended: the look a terminal outcome put off */
  async function lastCallEnded(rt: Runtime, now: Date) {
    if (exhaustLooks.has(rt.campaign.id)) await checkExhausted(rt.campaign, now);
  }
  const wrapUntil = (c: Campaign, now: Date) => (c.wrapUpSeconds ? new Date(now.getTime() + c.wrapUpSeconds * 1000) : null);

  /** The customer or the agent hung up a connected call: wrap-up. */
  async function callEnded(rt: Runtime, call: LiveCall, now: Date) {
    call.over = true;
    live.delete(call.id);
    const agentId = call.agentId as number;
    finishedCalls.set(agentId, { campaignId: rt.campaign.id, talkSeconds: (now.getTime() - (call.connectedAt ?? now).getTime()) / 1000, endedAt: now });
    const a = agents.get(agentId);
    // the agent goes to wrap-up in the call's statement, only while the row still says talking: an agent who saved
    // during the call (which hung it up) is past wrap-up already, even if this process has not yet seen that save
    const toWrapUp = a?.callId === call.id && a.state === 'talking';
    const [wrapping] = await rows<AgentRow>(
      db,
      sql`with ended as (update calls set state = 'completed', ended_at = ${now} where id = ${call.id})
        update agent_states set state = 'wrap_up', since = ${now}, wrap_until = ${wrapUntil(rt.campaign, now)}
        where user_id = ${agentId} and state = 'talking' and ${toWrapUp} returning *`,
    );
    if (wrapping) publishAgent(events, toState(wrapping));
    else if (a?.state === 'ready') await agentReady(agentId);
    touch(rt.campaign.id);
    await lastCallEnded(rt, now);
  }

  /** An agent became ready: the pacer learns the handle time, a waiting caller gets them. */
  async function agentReady(userId: number) {
    if (!leader) return;
    const now = clock.now();
    const a = agents.get(userId);
    const done = finishedCalls.get(userId);
    if (done && !live.has(a?.callId ?? -1)) {
      finishedCalls.delete(userId);
      runtimes.get(done.campaignId)?.pacer.observe({
        kind: 'agent_free',
        at: secs(now),
        talkSeconds: done.talkSeconds,
        wrapSeconds: (now.getTime() - done.endedAt.getTime()) / 1000,
      });
    }
    if (beforeOutbound && (await beforeOutbound(userId))) return;
    for (const id of a?.campaignIds ?? []) {
      const rt = runtimes.get(id);
      if (!rt) continue;
      while (rt.waiting.length && agentsOf(id).some((x) => x.state === 'ready')) {
        if (!(await connectToAgent(rt, rt.waiting[0], now))) break;
      }
      paceSoon(id);
    }
  }

  // ---- agents' commands -----------------------------------------------------------------------
  /** DL-1: the agent clicks "call" (or the before-call-work limit ran out). */
  async function dialPreview(agentId: number) {
    const now = clock.now();
    const s = await getAgentState(db, agentId, now);
    if (s.state !== 'preview' || !s.currentCaseId) return;
    const [k] = await rows<{ campaign_id: number; locked_by: number | null }>(db, sql`select campaign_id, locked_by from cases where id = ${s.currentCaseId}`);
    if (!k || k.locked_by !== agentId) return;
    const rt = await runtime(k.campaign_id);
    if (!rt || !campaignOpen(rt.campaign, now)) return;
    await dialReserved(rt, agentId, s.currentCaseId, 'preview', now);
  }
  async function hangup(agentId: number, callId: number) {
    const call = live.get(callId);
    if (!call || call.agentId !== agentId) return;
    telephony.hangup(callId, 'agent');
  }
  /** DL-1: preview cases whose before-call-work limit ran out are dialed. */
  async function previewTimeouts(now: Date) {
    for (const a of agents.values()) {
      if (a.state !== 'preview' || !a.currentCaseId) continue;
      // the limit of the agent's preview campaigns (a dialer campaign's previewSeconds means nothing here)
      const limits = a.campaignIds
        .map((id) => runtimes.get(id)?.campaign)
        .filter((c) => c?.mode === 'preview' && c.previewSeconds > 0)
        .map((c) => c?.previewSeconds as number);
      if (!limits.length) continue;
      const limit = Math.min(...limits);
      if (now.getTime() - a.since.getTime() >= limit * 1000) await dialPreview(a.userId);
    }
  }
  /** The wrap-up limit ran out: the case is saved with the outcome's status (or keeps its own). */
  async function wrapUpTimeouts(now: Date) {
    for (const a of [...agents.values()]) {
      if (a.state !== 'wrap_up' || !a.wrapUntil || a.wrapUntil > now || !a.currentCaseId) continue;
      await saveResult(work, a.userId, a.currentCaseId, { outcome: 'answered', auto: true, note: 'Wrap-up time ran out' }, now).catch((err) =>
        log.warn({ err, agent: a.userId }, 'automatic wrap-up failed'),
      );
    }
  }

  function onCommand(c: DialerCommand) {
    if (!leader) return;
    if (c.kind === 'dial') enqueue(() => dialPreview(c.agentId));
    if (c.kind === 'hangup') enqueue(() => hangup(c.agentId, c.callId));
  }

  return {
    async start() {
      running = true;
      unsubscribers.push(telephony.onEvent((e) => enqueue(() => onCallEvent(e))));
      unsubscribers.push(
        events.subscribe((e) => {
          if (e.type === 'agent.changed')
            mirror({
              userId: e.userId,
              state: e.state as AgentStateName,
              since: new Date(e.since),
              campaignIds: e.campaignIds,
              currentCaseId: e.currentCaseId,
              callId: e.callId,
              wrapUntil: e.wrapUntil ? new Date(e.wrapUntil) : null,
            });
          else if (e.type === 'campaign.changed' && !e.figuresOnly)
            campaignsStale = true; // settings may have changed: re-read
          else if (e.type === 'dialer.command') onCommand(e.command);
        }),
      );
      await enqueue(tick);
      scheduleTick();
    },
    async stop() {
      running = false;
      if (tickTimer !== null) scheduler.cancel(tickTimer);
      for (const u of unsubscribers.splice(0)) u();
      await idle();
    },
    idle,
    /** runs a task in the dialer's chain (the inbound runtime changes agent states only there) */
    run: enqueue,
    /** this process holds the dialer's lease (the inbound runtime runs only here) */
    leading: () => leader,
    /** blending: `hook` is asked first whenever an agent becomes ready */
    setBeforeOutbound(hook: ((userId: number) => Promise<boolean>) | null) {
      beforeOutbound = hook;
    },
    estimates: (campaignId: number) => runtimes.get(campaignId)?.pacer.describe() ?? null,
  };
}
export type Dialer = ReturnType<typeof createDialer>;
