// CB-3: a callback campaign's settings and the rules that need no database — how many of a
// queue's agents make callbacks, whether a callback may be offered now, when a missed call is
// callable and when it is dropped, and what a busy / unanswered callback does next.
import { type Static, Type } from 'typebox';
import type { CallbackSettings } from '../../db/schema.ts';
import { OneOf } from '../../http.ts';
import { invalid } from '../../shared/errors.ts';
import { normalizePhone } from '../contacts/phone.ts';

export const callbackOrders = ['oldest', 'newest', 'random'] as const;
export const callbackPriorities = ['always', 'agents_free', 'no_waiting'] as const;

export const CallbackSettingsSchema = Type.Object(
  {
    delaySeconds: Type.Integer({ minimum: 0, maximum: 7 * 86_400, description: 'seconds after the missed call before calling back; 0 = at once' }),
    agentSharePercent: Type.Integer({
      minimum: 1,
      maximum: 100,
      description: "share of the queue's agents who make callbacks (at least one agent always does)",
    }),
    order: OneOf(callbackOrders, { description: 'oldest first, newest first or random' }),
    priority: OneOf(callbackPriorities, {
      description: 'always; only when another agent of the queue stays free; only when no caller waits in the queues',
    }),
    neverCallNumbers: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 10_000, description: 'numbers never called back' }),
    expiryMinutes: Type.Integer({ minimum: 1, maximum: 60 * 24 * 30, description: 'a callback is dropped this long after the missed call' }),
    retries: Type.Integer({ minimum: 0, maximum: 20, description: 'further attempts after busy / no answer' }),
    retryIntervalMinutes: Type.Integer({ minimum: 1, maximum: 1440, description: 'minutes between those attempts' }),
  },
  { additionalProperties: false },
);
const _same: CallbackSettings = {} as Static<typeof CallbackSettingsSchema>;

export const defaultCallbackSettings: CallbackSettings = {
  delaySeconds: 0,
  agentSharePercent: 50,
  order: 'oldest',
  priority: 'always',
  neverCallNumbers: [],
  expiryMinutes: 24 * 60,
  retries: 2,
  retryIntervalMinutes: 10,
};

export const settingsOf = (c: { callbackSettings: CallbackSettings | null }): CallbackSettings => ({
  ...defaultCallbackSettings,
  ...(c.callbackSettings ?? {}),
});

/** Never-call numbers as E.164, in the order given, without repeats. */
export function normalizeCallbackSettings(s: CallbackSettings, defaultCountry: string): CallbackSettings {
  const numbers: string[] = [];
  s.neverCallNumbers.forEach((raw, i) => {
    const r = normalizePhone(raw, defaultCountry);
    if (!r.ok) throw invalid(`callbackSettings.neverCallNumbers[${i}]`, r.reason);
    if (!numbers.includes(r.e164)) numbers.push(r.e164);
  });
  return { ...s, neverCallNumbers: numbers };
}

/**
 * How many of a queue's logged-in agents may work callbacks at once: the share, rounded down,
 * but never fewer than one agent (with two agents, 1 % still means one of them).
 */
export function callbackAgentLimit(loggedInMembers: number, sharePercent: number): number {
  if (loggedInMembers <= 0) return 0;
  return Math.min(loggedInMembers, Math.max(1, Math.floor((loggedInMembers * sharePercent) / 100)));
}

export interface OfferSituation {
  priority: CallbackSettings['priority'];
  /** agents of the queue already on a callback (preview, dialing, talking, wrap-up) */
  onCallbacks: number;
  limit: number;
  /** other members of the queue who are ready (free) besides the agent offered to */
  otherReadyMembers: number;
  /** callers waiting in the agent's queues now */
  waitingCallers: number;
}

/** CB-3 share and priority: may a ready agent be given a callback now? */
export function mayOfferCallback(s: OfferSituation): boolean {
  if (s.onCallbacks >= s.limit) return false;
  if (s.priority === 'agents_free') return s.otherReadyMembers > 0;
  if (s.priority === 'no_waiting') return s.waitingCallers === 0;
  return true;
}

/** When a missed call becomes callable and when it is dropped — both from the missed call itself, never from the next working day. */
export function callbackWindow(missedAt: Date, s: Pick<CallbackSettings, 'delaySeconds' | 'expiryMinutes'>) {
  return {
    callableAt: new Date(missedAt.getTime() + s.delaySeconds * 1000),
    expiresAt: new Date(missedAt.getTime() + s.expiryMinutes * 60_000),
  };
}

/**
 * After a callback attempt that reached nobody (busy / no answer): call again after the
 * interval while retries remain (`attempts` counts the one just made) and the callback has not
 * expired by then; otherwise it is finished.
 */
export function retryAfterUnanswered(
  attempts: number,
  now: Date,
  expiresAt: Date,
  s: Pick<CallbackSettings, 'retries' | 'retryIntervalMinutes'>,
): { again: true; at: Date } | { again: false; reason: 'attempts_exhausted' | 'expired' } {
  if (attempts > s.retries) return { again: false, reason: 'attempts_exhausted' };
  const at = new Date(now.getTime() + s.retryIntervalMinutes * 60_000);
  if (at >= expiresAt) return { again: false, reason: 'expired' };
  return { again: true, at };
}

/** CB-5: the ticket subject with the caller's number. */
export const ticketSubject = (template: string, number: string) => template.replaceAll('%number%', number);
