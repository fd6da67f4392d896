// Robot agents for demos and simulated days: real users (role agent, "robot-" names) who log in,
// take calls, wrap up for a drawn time and save a status like a person would — through the same
// use cases as the agent panel, so everything they do is real data.
import { and, eq, inArray, like } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { campaignAgents, campaigns, cases, users } from '../../db/schema.ts';
import type { EventBus } from '../../shared/events.ts';
import type { Random } from '../../shared/random.ts';
import type { Scheduler } from '../../shared/scheduler.ts';
import { createUser } from '../auth/users-repo.ts';
import { loginToCampaigns, logout, saveResult, takeNextCase, type WorkDeps } from '../agents/work.ts';
import { agentPicksTime, type StatusRow } from '../statuses/repo.ts';
import { lognormal, makeProfile, type NetworkProfile } from '../telephony/profile.ts';
import { getCampaign } from '../campaigns/repo.ts';
import { campaignSettings, currentSettingsVersion } from '../campaigns/settings-cache.ts';

export const ROBOT_PREFIX = 'robot-';

/** Creates (or reuses) `count` robots for a campaign and logs them in; the others of that campaign log out. */
export async function setRobots(work: WorkDeps, campaignId: number, count: number, now: Date) {
  const { db } = work;
  const names = Array.from({ length: count }, (_, i) => `${ROBOT_PREFIX}${campaignId}-${String(i + 1).padStart(3, '0')}`);
  const existing = await db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(like(users.username, `${ROBOT_PREFIX}${campaignId}-%`));
  const byName = new Map(existing.map((u) => [u.username, u.id]));
  const ids: number[] = [];
  for (const name of names) {
    let id = byName.get(name);
    if (id === undefined) id = (await createUser(db, { username: name, displayName: `Robot ${name.slice(-3)}`, role: 'agent', password: null }, now)).id;
    ids.push(id);
  }
  if (ids.length)
    await db
      .insert(campaignAgents)
      .values(ids.map((userId) => ({ campaignId, userId })))
      .onConflictDoNothing();
  // the robots' runner learns the new set before the robots' first state change
  work.events.publish({ type: 'dialer.command', userId: null, internal: true, command: { kind: 'robots', campaignId, count } });
  for (const id of ids) await loginToCampaigns(work, id, [campaignId], now);
  const extra = existing.filter((u) => !names.includes(u.username)).map((u) => u.id);
  let onCall = 0;
  for (const id of extra) {
    // a robot on a call is refused: it finishes the call and leaves (runRobots, on `robots` commands)
    await logout(work, id, now).catch(() => {
      onCall++;
    });
  }
  return { robots: ids.length, loggedOut: extra.length - onCall, leavingAfterCall: onCall };
}

export interface RobotDeps {
  work: WorkDeps;
  events: EventBus;
  scheduler: Scheduler;
  random: Random;
  /** asks the dialer to dial a preview case */
  dial(agentId: number): void;
  log: { warn(obj: unknown, msg?: string): void };
}

/** The robots' behaviour: react to their own state changes. */
export function runRobots(deps: RobotDeps) {
  const { work, scheduler, random } = deps;
  const db: Db = work.db;
  const robots = new Set<number>();
  const profiles = new Map<number, NetworkProfile>();
  const clock = scheduler.clock;

  /** robot ids: read once, and again when robots are set — a person's state change costs no query */
  let reading: Promise<unknown> | null = null;
  /** robots no longer wanted that were on a call: they leave when it is saved */
  const leaving = new Set<number>();
  async function isRobot(userId: number) {
    reading ??= readRobots(null, 0);
    await reading;
    return robots.has(userId);
  }
  /** all robots; with a campaign, its robots numbered above `keep` are marked leaving */
  async function readRobots(campaignId: number | null, keep: number) {
    const list = await db
      .select({ id: users.id, username: users.username })
      .from(users)
      .where(like(users.username, `${ROBOT_PREFIX}%`));
    for (const u of list) {
      robots.add(u.id);
      if (campaignId === null || !u.username.startsWith(`${ROBOT_PREFIX}${campaignId}-`)) continue;
      if (Number(u.username.slice(-3)) > keep) leaving.add(u.id);
      else leaving.delete(u.id);
    }
  }
  async function profileOf(campaignId: number) {
    let p = profiles.get(campaignId);
    if (!p) {
      const c = await getCampaign(db, campaignId);
      p = makeProfile((c.networkProfile ?? {}) as Partial<NetworkProfile>);
      profiles.set(campaignId, p);
    }
    return p;
  }
  /** a status a person might pick: agent-selectable ones, with a callback time where one is needed */
  function pickStatus(all: StatusRow[]) {
    const choices = all.filter((s) => s.active && !s.hidden && s.availability === 'agents');
    if (!choices.length) return null;
    return choices[Math.floor(random.next() * choices.length)];
  }
  /** the statuses a robot picks from, like the list a person's screen loaded (looked at again after 5 s) */
  const statusLists = new Map<number, { all: StatusRow[]; at: number }>();
  async function statusesOf(campaignId: number, now: Date) {
    const cached = statusLists.get(campaignId);
    if (cached && now.getTime() - cached.at <= 5000) return cached.all;
    const { statuses: all } = await campaignSettings(db, campaignId, await currentSettingsVersion(db));
    statusLists.set(campaignId, { all, at: now.getTime() });
    return all;
  }
  /** the case's campaign: the robot's only campaign, or read from the case (saveResult checks the lock anyway) */
  async function campaignOfCase(userId: number, caseId: number, campaignIds: number[]) {
    if (campaignIds.length === 1) return campaignIds[0];
    const [k] = await db
      .select({ campaignId: cases.campaignId })
      .from(cases)
      .where(and(eq(cases.id, caseId), eq(cases.lockedBy, userId)));
    return k?.campaignId ?? null;
  }
  async function wrapUp(userId: number, caseId: number, campaignIds: number[]) {
    const campaignId = await campaignOfCase(userId, caseId, campaignIds);
    if (campaignId === null) return;
    const profile = await profileOf(campaignId);
    const seconds = lognormal(random, profile.wrapSeconds);
    scheduler.after(seconds * 1000, () =>
      track(
        (async () => {
          const now = clock.now();
          const all = await statusesOf(campaignId, now);
          const status = pickStatus(all);
          const callbackAt = status && agentPicksTime(status.qualifier) ? new Date(now.getTime() + 2 * 3_600_000) : null;
          await saveResult(work, userId, caseId, { outcome: 'answered', statusId: status?.id ?? null, callbackAt, note: null, auto: !status }, now).catch(
            (err) => deps.log.warn({ err, robot: userId }, 'robot could not save'),
          );
        })(),
      ),
    );
  }

  const modes = new Map<number, { mode: string; at: number }>();
  /** the campaigns' modes, re-read once a minute (robots in preview ask for the next case themselves) */
  async function anyPreview(ids: number[]) {
    const now = clock.now().getTime();
    const stale = ids.filter((id) => !modes.has(id) || now - (modes.get(id)?.at ?? 0) > 60_000);
    if (stale.length) {
      const list = await db.select({ id: campaigns.id, mode: campaigns.mode }).from(campaigns).where(inArray(campaigns.id, stale));
      for (const c of list) modes.set(c.id, { mode: c.mode, at: now });
    }
    return ids.some((id) => modes.get(id)?.mode === 'preview');
  }
  const pending = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    pending.add(p);
    p.finally(() => pending.delete(p));
  };
  const unsubscribe = deps.events.subscribe((e) => {
    if (e.type === 'dialer.command' && e.command.kind === 'robots') {
      reading = readRobots(e.command.campaignId, e.command.count);
      track(reading);
      return;
    }
    if (e.type !== 'agent.changed') return;
    track(
      (async () => {
        if (!(await isRobot(e.userId))) return;
        if (leaving.has(e.userId) && (e.state === 'ready' || e.state === 'paused' || e.state === 'preview')) {
          await logout(work, e.userId, clock.now()).catch(() => undefined);
          return;
        }
        if (e.state === 'logged_out') leaving.delete(e.userId);
        if (e.state === 'wrap_up' && e.currentCaseId) await wrapUp(e.userId, e.currentCaseId, e.campaignIds);
        // preview: read the case for a moment, then call
        if (e.state === 'preview' && e.currentCaseId) scheduler.after(2000, () => deps.dial(e.userId));
        if (e.state === 'ready' && (await anyPreview(e.campaignIds)))
          scheduler.after(1000, () => track(takeNextCase(work, e.userId, clock.now()).catch(() => undefined)));
      })().catch((err) => deps.log.warn({ err }, 'robot failed')),
    );
  });
  return {
    stop: unsubscribe,
    /** resolves when the robots have reacted to everything so far (virtual time waits for it) */
    async idle() {
      while (pending.size) await Promise.all([...pending]);
    },
  };
}
