// CB-3, CB-4: giving a ready queue member a callback. The callback campaign must come first by
// CP-1 order and parity among the agent's campaigns (unless the agent sits idle), the share of the
// queue's agents on callbacks must leave room, the priority mode must allow it; then the next
// callback in the campaign's order is held by the agent in preview and dialed after the preview
// time (DL-1), unless the agent dials first.
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { pgArray, rows } from '../../db/query.ts';
import { campaigns } from '../../db/schema.ts';
import type { EventBus } from '../../shared/events.ts';
import type { Random } from '../../shared/random.ts';
import type { Scheduler, TimerId } from '../../shared/scheduler.ts';
import { publishAgent } from '../agents/work.ts';
import type { Campaign } from '../campaigns/repo.ts';
import { orderCampaigns } from '../cases/hopper.ts';
import { type AgentRow, toState } from '../agents/agent-rows.ts';
import { callbackAgentLimit, mayOfferCallback, settingsOf } from './callback-rules.ts';
import { claimCallback } from './callbacks.ts';

export interface CallbackOfferDeps {
  db: Db;
  events: EventBus;
  scheduler: Scheduler;
  random: Random;
  leaseMinutes: number;
  serialize: (task: () => Promise<void>) => Promise<void>;
}

export interface OfferInput {
  userId: number;
  /** the running callback campaigns of the agent's queues */
  campaigns: Campaign[];
  /** CB-1: a campaign's agents are the members of the queues that use it */
  membersOf: (campaignId: number) => number[];
  /** callers waiting in the agent's queues now */
  waitingCallers: number;
  /** the agent has sat ready with no outbound work: campaign order no longer holds the callback back */
  idle: boolean;
  now: Date;
}

export function createCallbackOffers(deps: CallbackOfferDeps) {
  const { db, events, scheduler } = deps;
  const previewTimers = new Map<number, TimerId>();

  /** CB-4 order and parity, as CP-1 orders campaigns for "next case": does the callback campaign come before the agent's others? */
  async function callbacksFirst(userId: number, campaign: Campaign, now: Date): Promise<boolean> {
    const others = await db
      .select()
      .from(campaigns)
      .where(
        and(
          eq(campaigns.state, 'running'),
          sql`${campaigns.id} in (select unnest(campaign_ids) from agent_states where user_id = ${userId})`,
          ne(campaigns.id, campaign.id),
        ),
      );
    if (!others.length) return true;
    return (await orderCampaigns(db, [campaign, ...others], now))[0].id === campaign.id;
  }

  /** True when the agent was given a callback. */
  async function offer(o: OfferInput): Promise<boolean> {
    const { userId, now } = o;
    for (const campaign of o.campaigns) {
      if (!o.idle && !(await callbacksFirst(userId, campaign, now))) continue;
      const s = settingsOf(campaign);
      const [f] = await rows<{ logged_in: number; on_callbacks: number; other_ready: number }>(
        db,
        sql`select count(*) filter (where a.state <> 'logged_out')::int as logged_in,
            count(*) filter (where a.state in ('preview', 'dialing', 'talking', 'wrap_up') and k.campaign_id = ${campaign.id})::int as on_callbacks,
            count(*) filter (where a.state = 'ready' and a.user_id <> ${userId})::int as other_ready
          from agent_states a left join cases k on k.id = a.current_case_id
          where a.user_id = any(${pgArray(o.membersOf(campaign.id))}::int[])`,
      );
      const allowed = mayOfferCallback({
        priority: s.priority,
        onCallbacks: f.on_callbacks,
        limit: callbackAgentLimit(f.logged_in, s.agentSharePercent),
        otherReadyMembers: f.other_ready,
        waitingCallers: o.waitingCallers,
      });
      if (!allowed) continue;
      const caseId = await claimCallback(db, campaign, userId, { now, leaseMinutes: deps.leaseMinutes, salt: Math.floor(deps.random.next() * 1e9) });
      if (!caseId) continue;
      const [a] = await rows<AgentRow>(
        db,
        sql`update agent_states set state = 'preview', since = ${now}, current_case_id = ${caseId} where user_id = ${userId} and state = 'ready' returning *`,
      );
      if (!a) {
        await db.execute(sql`update cases set locked_by = null, locked_until = null where id = ${caseId} and locked_by = ${userId}`);
        return false;
      }
      publishAgent(events, toState(a));
      schedulePreviewDial(userId, caseId, campaign.previewSeconds);
      return true;
    }
    return false;
  }

  /** DL-1: after the preview time the callback is dialed (0 = the agent dials). */
  function schedulePreviewDial(userId: number, caseId: number, seconds: number) {
    if (seconds <= 0) return;
    const old = previewTimers.get(userId);
    if (old !== undefined) scheduler.cancel(old);
    previewTimers.set(
      userId,
      scheduler.after(seconds * 1000, () =>
        deps.serialize(async () => {
          previewTimers.delete(userId);
          const [a] = await rows<{ ok: boolean }>(
            db,
            sql`select true as ok from agent_states where user_id = ${userId} and state = 'preview' and current_case_id = ${caseId}`,
          );
          if (a) events.publish({ type: 'dialer.command', userId: null, internal: true, command: { kind: 'dial', agentId: userId } });
        }),
      ),
    );
  }

  return {
    offer,
    stop() {
      for (const t of previewTimers.values()) scheduler.cancel(t);
      previewTimers.clear();
    },
  };
}
