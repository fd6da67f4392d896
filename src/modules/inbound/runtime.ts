// The inbound runtime: callers wait per queue (first in, first out) and each goes to the
// longest-idle ready member of the queue; a caller who presses the queue's key, or hangs up after
// long enough, becomes a callback (or a ticket); ready members get callbacks within the CB-3 share
// and priority. Blending: a member who also works outbound campaigns takes inbound first (the
// dialer asks this runtime before it gives a ready agent outbound work), and while on an inbound
// call the agent's row says 'talking' with no dialer call, so the dialer never picks them.
// Work runs through `serialize` — the dialer's own task chain when there is one — so agent states
// never race between the two.
import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { pgArray, rows } from '../../db/query.ts';
import { campaigns } from '../../db/schema.ts';
import type { EventBus } from '../../shared/events.ts';
import type { Random } from '../../shared/random.ts';
import type { Scheduler, TimerId } from '../../shared/scheduler.ts';
import { type AgentState, publishAgent } from '../agents/work.ts';
import type { Campaign } from '../campaigns/repo.ts';
import type { InboundEvent, InboundTelephony } from '../telephony/port.ts';
import type { SimulatedQueue } from '../telephony/simulated-inbound.ts';
import { addCallback, expireCallbacks } from './callbacks.ts';
import { type AgentRow, toState } from '../agents/agent-rows.ts';
import { createCallbackOffers } from './callback-offers.ts';
import { type QueueWithMembers, queuesWithMembers } from './queues.ts';
import { upsertTicket } from './tickets.ts';

export interface InboundRuntimeDeps {
  db: Db;
  events: EventBus;
  scheduler: Scheduler;
  telephony: InboundTelephony;
  /** the simulated network's callers follow the queues' arrival profiles */
  arrivals?: { setQueues(list: SimulatedQueue[]): void };
  random: Random;
  log: { warn(obj: unknown, msg?: string): void; error(obj: unknown, msg?: string): void };
  leaseMinutes: number;
  /** runs agent-changing work one task at a time (the dialer's chain); default: an own chain */
  serialize?: (task: () => Promise<void>) => Promise<void>;
  /** true when the dialer calls agentReady for every agent that becomes ready */
  readyFromDialer?: boolean;
  /** only the process running the dialer takes inbound calls (several processes on one PostgreSQL); default: always */
  leading?: () => boolean;
  tickMs?: number;
}

interface Caller {
  driverId: number;
  rowId: number;
  queueId: number;
  phone: string;
  arrivedAt: Date;
  agentId: number | null;
  /** missed and recorded (key press): the hang-up that follows changes nothing */
  settled: boolean;
}

/** ready this long with no outbound work: a callback ordered after the outbound campaigns may come */
const IDLE_MS = 3000;
/** a number a callback can dial (drivers give E.164; a withheld caller has none) */
const CALLABLE = /^\+[1-9]\d{5,14}$/;

export function createInboundRuntime(deps: InboundRuntimeDeps) {
  const { db, events, scheduler, telephony, log } = deps;
  const clock = scheduler.clock;
  let queues: QueueWithMembers[] = [];
  const campaignsById = new Map<number, Campaign>();
  let loadedAt = 0;
  let expiredAt = 0;
  const callers = new Map<number, Caller>();
  /** per queue, waiting callers in arrival order */
  const waiting = new Map<number, Caller[]>();
  let running = false;
  let wasLeading = false;
  let tickTimer: TimerId | null = null;
  const unsubscribers: (() => void)[] = [];

  let chain: Promise<void> = Promise.resolve();
  const ownSerialize = (task: () => Promise<void>) => {
    chain = chain.then(task).catch((err) => log.error({ err }, 'inbound task failed'));
    return chain;
  };
  const serialize = deps.serialize ?? ownSerialize;
  const offers = createCallbackOffers({ db, events, scheduler, random: deps.random, leaseMinutes: deps.leaseMinutes, serialize });

  // ---- queues ------------------------------------------------------------------------------
  async function load(now: Date) {
    queues = await queuesWithMembers(db);
    const ids = [...new Set(queues.map((q) => q.callbackCampaignId).filter((x): x is number => x !== null))];
    campaignsById.clear();
    if (ids.length) for (const c of await db.select().from(campaigns).where(inArray(campaigns.id, ids))) campaignsById.set(c.id, c);
    loadedAt = now.getTime();
    deps.arrivals?.setQueues(queues.map((q) => ({ number: q.number, arrivals: q.arrivals, triggerKey: q.callbackMode === 'none' ? null : q.triggerKey })));
  }
  const queuesOf = (userId: number) => queues.filter((q) => q.members.includes(userId));
  const waitingIn = (qs: QueueWithMembers[]) => qs.reduce((n, q) => n + (waiting.get(q.id)?.length ?? 0), 0);

  // ---- callers -----------------------------------------------------------------------------
  async function onEvent(e: InboundEvent) {
    const now = e.at;
    if (e.kind === 'arrived') return arrived(e, now);
    const c = callers.get(e.callId);
    if (!c) return;
    if (e.kind === 'key') return keyPressed(c, e.digit ?? '', now);
    if (e.kind === 'abandoned') return hungUpWaiting(c, now);
    if (e.kind === 'completed') return completed(c, now);
  }

  async function arrived(e: InboundEvent, now: Date) {
    const q = queues.find((x) => x.number === e.queueNumber);
    if (!q) {
      telephony.hangup(e.callId, 'system');
      return;
    }
    const [row] = await rows<{ id: string }>(
      db,
      sql`insert into inbound_calls (queue_id, phone, arrived_at) values (${q.id}, ${e.from ?? 'anonymous'}, ${now}) returning id`,
    );
    const c: Caller = { driverId: e.callId, rowId: Number(row.id), queueId: q.id, phone: e.from ?? 'anonymous', arrivedAt: now, agentId: null, settled: false };
    callers.set(e.callId, c);
    const list = waiting.get(q.id) ?? [];
    list.push(c);
    waiting.set(q.id, list);
    await serveQueue(q, now);
    changed();
  }

  /** Waiting callers of the queue, oldest first, to its longest-idle ready members. */
  async function serveQueue(q: QueueWithMembers, now: Date) {
    for (let next = waiting.get(q.id)?.[0]; next && q.members.length; next = waiting.get(q.id)?.[0]) {
      if (!(await takeAgent(q.members, next, now))) return;
    }
  }

  /** One statement: a ready member (the longest idle, or the one named) goes to 'talking' on this caller. */
  async function takeAgent(members: number[], c: Caller, now: Date, only?: number): Promise<AgentState | null> {
    const who = only !== undefined ? sql`user_id = ${only}` : sql`user_id = any(${pgArray(members)}::int[])`;
    const [a] = await rows<AgentRow>(
      db,
      sql`with a as (
          update agent_states set state = 'talking', since = ${now}, current_case_id = null, call_id = null, wrap_until = null
          where user_id = (select user_id from agent_states where state = 'ready' and ${who} order by since, user_id limit 1 for update skip locked)
          returning *),
        c as (update inbound_calls set agent_id = (select user_id from a), answered_at = ${now} where id = ${c.rowId} and exists (select 1 from a) returning id)
        select a.* from a`,
    );
    if (!a) return null;
    const s = toState(a);
    c.agentId = s.userId;
    removeWaiting(c);
    publishAgent(events, s);
    telephony.answer(c.driverId, s.userId);
    return s;
  }
  function removeWaiting(c: Caller) {
    const list = waiting.get(c.queueId);
    if (list)
      waiting.set(
        c.queueId,
        list.filter((x) => x !== c),
      );
  }

  async function keyPressed(c: Caller, digit: string, now: Date) {
    const q = queues.find((x) => x.id === c.queueId);
    if (!q || c.agentId !== null || c.settled || q.callbackMode === 'none' || q.triggerKey !== digit) return;
    removeWaiting(c);
    c.settled = true;
    await db.execute(sql`update inbound_calls set key_pressed = ${digit} where id = ${c.rowId}`);
    await missed(q, c, 'key', now);
    if (q.triggerMessage) telephony.playMessage(c.driverId, q.triggerMessage);
    telephony.hangup(c.driverId, 'system');
  }

  async function hungUpWaiting(c: Caller, now: Date) {
    callers.delete(c.driverId);
    removeWaiting(c);
    if (c.settled) return;
    const q = queues.find((x) => x.id === c.queueId);
    const waited = (now.getTime() - c.arrivedAt.getTime()) / 1000;
    if (q && q.callbackMode !== 'none' && q.hangupAfterSeconds !== null && waited >= q.hangupAfterSeconds) await missed(q, c, 'hangup', now);
    else await db.execute(sql`update inbound_calls set outcome = 'abandoned', ended_at = ${now} where id = ${c.rowId}`);
    changed();
  }

  /** CB-2: the missed caller gets a callback in the queue's campaign, or a ticket. */
  async function missed(q: QueueWithMembers, c: Caller, trigger: 'key' | 'hangup', now: Date) {
    if (!CALLABLE.test(c.phone)) {
      // a withheld number cannot be called back
      await db.execute(sql`update inbound_calls set outcome = 'abandoned', trigger = ${trigger}, ended_at = ${now} where id = ${c.rowId}`);
      return;
    }
    await db.transaction(async (tx) => {
      const campaign = q.callbackCampaignId !== null ? campaignsById.get(q.callbackCampaignId) : undefined;
      if (q.callbackMode === 'ticket') {
        const ticketId = await upsertTicket(tx, q, c.phone, now);
        await tx.execute(
          sql`update inbound_calls set outcome = 'ticket', trigger = ${trigger}, ticket_id = ${ticketId}, ended_at = ${now} where id = ${c.rowId}`,
        );
        return;
      }
      if (!campaign) {
        await tx.execute(sql`update inbound_calls set outcome = 'abandoned', trigger = ${trigger}, ended_at = ${now} where id = ${c.rowId}`);
        return;
      }
      const r = await addCallback(tx, { campaign, queueId: q.id, phone: c.phone, missedAt: now, trigger });
      const caseId = r.kind === 'never_call' ? null : r.caseId;
      await tx.execute(
        sql`update inbound_calls set outcome = ${r.kind === 'never_call' ? 'never_call' : 'callback'}, trigger = ${trigger}, callback_case_id = ${caseId},
          ended_at = ${now} where id = ${c.rowId}`,
      );
    });
    if (q.callbackMode === 'ticket') events.publish({ type: 'inbound.changed', userId: null, queueId: q.id });
    else if (q.callbackCampaignId !== null) events.publish({ type: 'campaign.changed', userId: null, campaignId: q.callbackCampaignId });
  }

  async function completed(c: Caller, now: Date) {
    callers.delete(c.driverId);
    removeWaiting(c);
    if (c.agentId === null) return; // the system hung up after a key press: recorded already
    await db.execute(sql`update inbound_calls set outcome = 'answered', ended_at = ${now} where id = ${c.rowId}`);
    const [a] = await rows<AgentRow>(
      db,
      sql`update agent_states set state = 'ready', since = ${now} where user_id = ${c.agentId} and state = 'talking' and call_id is null and current_case_id is null returning *`,
    );
    changed();
    // the agent is free: the dialer's hook (or this runtime's own listener) gives them the next work
    if (a) publishAgent(events, toState(a));
  }

  // ---- agents ------------------------------------------------------------------------------
  /**
   * An agent became ready: a waiting caller of their queues first, then a callback of their
   * queues' campaigns (CB-3 share and priority). True when the agent was given work. `idle`: the
   * agent has sat ready since (the tick), so a callback campaign ordered after the agent's outbound
   * campaigns (CB-4 order and parity) may have them too.
   */
  async function agentReady(userId: number, idle = false): Promise<boolean> {
    if (!running) return false;
    const now = clock.now();
    const mine = queuesOf(userId);
    if (!mine.length) return false;
    const oldest = mine.flatMap((q) => waiting.get(q.id) ?? []).sort((a, b) => a.arrivedAt.getTime() - b.arrivedAt.getTime() || a.rowId - b.rowId)[0];
    if (oldest) return (await takeAgent([], oldest, now, userId)) !== null;
    const callbackCampaigns = [...new Set(mine.filter((q) => q.callbackMode === 'campaign').map((q) => q.callbackCampaignId))]
      .map((id) => (id === null ? undefined : campaignsById.get(id)))
      .filter((c): c is Campaign => c?.state === 'running');
    return offers.offer({
      userId,
      campaigns: callbackCampaigns,
      membersOf: (id) => [...new Set(queues.filter((q) => q.callbackMode === 'campaign' && q.callbackCampaignId === id).flatMap((q) => q.members))],
      waitingCallers: waitingIn(mine),
      idle,
      now,
    });
  }

  let changedPending = false;
  function changed() {
    if (changedPending) return;
    changedPending = true;
    scheduler.after(1000, () => {
      changedPending = false;
      events.publish({ type: 'wallboard.changed', userId: null, at: clock.now().toISOString() });
    });
  }

  // ---- the loop ----------------------------------------------------------------------------
  async function tick() {
    const now = clock.now();
    const leading = deps.leading?.() ?? true;
    if (leading !== wasLeading) {
      wasLeading = leading;
      if (leading) await reconcile(now);
      else deps.arrivals?.setQueues([]);
    }
    if (!leading) return;
    if (now.getTime() - loadedAt >= 5000) await load(now);
    if (now.getTime() - expiredAt >= 30_000) {
      expiredAt = now.getTime();
      if (await expireCallbacks(db, now)) changed();
    }
    // callbacks fall due while members sit ready: offer them, longest idle first
    const members = [...new Set(queues.filter((q) => q.callbackMode === 'campaign').flatMap((q) => q.members))];
    if (!members.length) return;
    const ready = await rows<{ user_id: number; idle: boolean }>(
      db,
      sql`select user_id, since <= ${new Date(now.getTime() - IDLE_MS)} as idle from agent_states
        where state = 'ready' and user_id = any(${pgArray(members)}::int[]) order by since, user_id`,
    );
    for (const a of ready) await agentReady(a.user_id, a.idle);
  }
  /**
   * Inbound calls this runtime does not hold (the process that took them stopped) end as lost,
   * and their agents, still 'talking' with no dialer call and no case, are ready again.
   */
  async function reconcile(now: Date) {
    const held = [...callers.values()].map((c) => c.rowId);
    const lost = await rows<{ agent_id: number | null }>(
      db,
      sql`update inbound_calls set ended_at = ${now}, outcome = coalesce(outcome, 'lost')
        where ended_at is null and not (id = any(${pgArray(held)}::bigint[])) returning agent_id`,
    );
    const agents = lost.map((l) => l.agent_id).filter((a): a is number => a !== null);
    if (!lost.length) return;
    log.warn({ calls: lost.length }, 'inbound: ended calls left open by a stopped process');
    if (!agents.length) return;
    const freed = await rows<AgentRow>(
      db,
      sql`update agent_states set state = 'ready', since = ${now} where user_id = any(${pgArray(agents)}::int[])
        and state = 'talking' and call_id is null and current_case_id is null returning *`,
    );
    for (const a of freed) publishAgent(events, toState(a));
  }

  function scheduleTick() {
    if (!running) return;
    tickTimer = scheduler.after(deps.tickMs ?? 2000, () => serialize(tick).then(scheduleTick));
  }

  return {
    async start() {
      running = true;
      unsubscribers.push(telephony.onEvent((e) => void serialize(() => onEvent(e))));
      unsubscribers.push(
        events.subscribe((e) => {
          if (e.type === 'agent.changed' && e.state === 'ready' && !deps.readyFromDialer) void serialize(async () => void (await agentReady(e.userId)));
          else if (e.type === 'inbound.changed')
            loadedAt = 0; // re-read at the next tick
          else if (e.type === 'campaign.changed' && campaignsById.has(e.campaignId)) loadedAt = 0;
          else if (e.type === 'dialer.command' && e.command.kind === 'inbound-hangup') {
            const agentId = e.command.agentId;
            const c = [...callers.values()].find((x) => x.agentId === agentId);
            if (c) telephony.hangup(c.driverId, 'agent');
          }
        }),
      );
      await serialize(tick);
      scheduleTick();
    },
    async stop() {
      running = false;
      if (tickTimer !== null) scheduler.cancel(tickTimer);
      offers.stop();
      for (const u of unsubscribers.splice(0)) u();
      deps.arrivals?.setQueues([]);
      await serialize(async () => {});
    },
    /** the dialer's hook: called in its task chain for every agent who becomes ready */
    agentReady: (userId: number) => agentReady(userId),
    /** queues and settings are re-read now (after an edit) */
    reload: () => serialize(() => load(clock.now())),
    waitingNow: () => Object.fromEntries([...waiting].map(([id, list]) => [id, list.length])),
    idle: () => serialize(async () => {}),
  };
}
export type InboundRuntime = ReturnType<typeof createInboundRuntime>;
