// The status engine: a status decides what happens next. Pure functions over the vocabulary of
// types.ts — no clock, no I/O — so the dictionary (ST), processes (PR, QL), the dialer and the
// API all get the same answer for the same case, status, actor and time.
import { AppError } from '../../shared/errors.ts';
import type { AttemptFacts, CaseState, NextState, Qualifier, Queue, RetryRule, StatusRule, Transition } from './types.ts';

/** QL-3: public = any agent of the campaign; private = one owner. */
export type Visibility = 'public' | 'private';

/**
 * QL-2: when the case may be offered again. relative = the status's delay from now; absolute =
 * the status's fixed time; agent = the time the agent picked; now = at once.
 */
export type Timing = 'relative' | 'absolute' | 'agent' | 'now';

/** One qualifier, as data. `nextCaseState` reads nothing else about a qualifier. */
export interface Preset {
  /** count = a success, counted once per case; cancel = undo a counted success; keep = leave it */
  success: 'count' | 'cancel' | 'keep';
  /**
   * Where the case goes: a queue; `redial` = `retry` once the case was attempted, else `fresh`;
   * `previous` = stay where it is (QL-1 none).
   */
  queue: Exclude<Queue, 'retry'> | 'redial' | 'previous';
  /** when it may be offered; null = no time (fresh: at once; waiting and closed: never) */
  timing: Timing | null;
  /** private: only one agent is offered the case (QL-3) */
  visibility: Visibility;
  /** the script the next contact runs; null = unchanged */
  stage: CaseState['stage'] | null;
  /** the case forgets its qualifier (QL-1 unused: "clear the case's marks") */
  clears: boolean;
}

const callback = (visibility: Visibility, timing: Timing, success: Preset['success'] = 'keep'): Preset => ({
  success,
  queue: 'callback',
  timing,
  visibility,
  stage: null,
  clears: false,
});

const plain = { timing: null, visibility: 'public', stage: null, clears: false } as const;

/** Every qualifier of QL-1, plus the two system statuses that have no qualifier twin (QL-4). */
export const presets: Record<Qualifier, Preset> = {
  none: { ...plain, success: 'keep', queue: 'previous' },
  public_callback_relative: callback('public', 'relative'),
  public_callback_absolute: callback('public', 'absolute'),
  public_callback_agent: callback('public', 'agent'),
  private_callback_relative: callback('private', 'relative'),
  private_callback_absolute: callback('private', 'absolute'),
  private_callback_agent: callback('private', 'agent'),
  callback_end_of_queue: { ...plain, success: 'keep', queue: 'end_of_queue', timing: 'now' },
  success_end: { ...plain, success: 'count', queue: 'closed' },
  success_public_confirmation: { ...callback('public', 'now', 'count'), stage: 'confirmation' },
  success_private_confirmation: { ...callback('private', 'now', 'count'), stage: 'confirmation' },
  success_public_callback_relative: callback('public', 'relative', 'count'),
  success_public_callback_absolute: callback('public', 'absolute', 'count'),
  success_public_callback_agent: callback('public', 'agent', 'count'),
  success_private_callback_relative: callback('private', 'relative', 'count'),
  success_private_callback_absolute: callback('private', 'absolute', 'count'),
  success_private_callback_agent: callback('private', 'agent', 'count'),
  ending: { ...plain, success: 'keep', queue: 'closed' },
  waiting: { ...plain, success: 'keep', queue: 'waiting' },
  // the confirmation the cancelled success asked for is void too
  cancel_success_close: { ...plain, success: 'cancel', queue: 'closed', stage: 'main' },
  // success is left as it is: undoing a counted success is cancel_success_close's job
  unused: { ...plain, success: 'keep', queue: 'fresh', stage: 'main', clears: true },
  call_again: { ...plain, success: 'keep', queue: 'redial', timing: 'now' },
  call_progressive: { ...plain, success: 'keep', queue: 'progressive', timing: 'now' },
};

/**
 * What setting `t.status` on `t.case` does: the case's next dialing state. Throws AppError when
 * the status needs a time it does not have (callback_time_required, validation_failed) or the
 * agent gave a time the status does not take (callback_time_not_allowed, ST-3).
 *
 * `successDelta` -1 belongs to the agent credited before (`t.case.successAgentId`); +1 to the
 * returned `successAgentId`. `attempts` is unchanged: the caller counts attempts.
 */
export function nextCaseState(t: Transition): NextState {
  if (!Object.hasOwn(presets, t.status.qualifier)) throw new AppError('validation_failed', `Unknown qualifier "${t.status.qualifier}"`, { field: 'qualifier' });
  const preset = presets[t.status.qualifier];
  if (t.agentCallbackAt != null && preset.timing !== 'agent') {
    throw new AppError('callback_time_not_allowed', 'This status does not take a date of next contact', { field: 'callbackAt' });
  }
  const base: CaseState = { ...t.case, statusId: t.status.id, responsibleId: t.status.responsibleUserId ?? t.case.responsibleId };
  if (preset.queue !== 'previous') return apply(preset, t.status.qualifier, t, base);
  // QL-1 none: keep the previous qualifier; a case that never had one counts as unused
  if (t.case.qualifier === null) return apply(presets.unused, 'unused', t, base);
  return settle({ ...base, successDelta: 0 });
}

function apply(preset: Preset, qualifier: Qualifier, t: Transition, base: CaseState): NextState {
  return settle({
    ...base,
    ...successOf(preset.success, t),
    qualifier: preset.clears ? null : qualifier,
    queue: queueOf(preset, t.case),
    callableAt: callableAt(preset.timing, t),
    ownerId: preset.visibility === 'private' ? privateOwner(t) : null,
    stage: preset.stage ?? base.stage,
  });
}

function queueOf(preset: Preset, previous: CaseState): Queue {
  if (preset.queue === 'redial') return previous.attempts > 0 ? 'retry' : 'fresh';
  if (preset.queue === 'previous') return previous.queue;
  return preset.queue;
}

function successOf(kind: Preset['success'], t: Transition): Pick<NextState, 'success' | 'successAgentId' | 'successDelta'> {
  const was = t.case;
  if (kind === 'cancel') return { success: false, successAgentId: null, successDelta: was.success ? -1 : 0 };
  if (kind === 'keep') return { success: was.success, successAgentId: was.successAgentId, successDelta: 0 };
  // counted once per case: a repeated success keeps the credit where the +1 went, so that a later
  // cancel lowers the count of the agent who got it
  if (was.success) return { success: true, successAgentId: was.successAgentId, successDelta: 0 };
  return { success: true, successAgentId: t.actorId ?? was.successAgentId, successDelta: 1 };
}

/** QL-3 / PR-2: the status's responsible person, else whoever set it, else whoever had the case. Null = nobody: public. */
function privateOwner(t: Transition): number | null {
  return t.status.responsibleUserId ?? t.actorId ?? t.case.responsibleId ?? t.case.ownerId;
}

function callableAt(timing: Timing | null, t: Transition): Date | null {
  switch (timing) {
    case null:
      return null;
    case 'now':
      return new Date(t.now.getTime());
    case 'relative':
      return relativeTime(t.status, t.now);
    case 'absolute':
      return absoluteTime(t.status);
    case 'agent':
      return agentTime(t.agentCallbackAt, t.now);
  }
}

function relativeTime(status: StatusRule, now: Date): Date {
  const seconds = status.callbackDelaySeconds;
  if (seconds === null || !Number.isFinite(seconds) || seconds <= 0) {
    throw new AppError('validation_failed', `Status ${status.id} needs a callback delay of more than 0 seconds`, { field: 'callbackDelaySeconds' });
  }
  return new Date(now.getTime() + seconds * 1000);
}

/** A time already past is kept as it is: the callback is simply due at once. */
function absoluteTime(status: StatusRule): Date {
  if (!isValidDate(status.callbackAt)) {
    throw new AppError('validation_failed', `Status ${status.id} needs a callback date and time`, { field: 'callbackAt' });
  }
  return new Date(status.callbackAt.getTime());
}

function agentTime(picked: Date | null | undefined, now: Date): Date {
  if (picked == null) throw new AppError('callback_time_required', 'Pick the date of next contact', { field: 'callbackAt' });
  if (!isValidDate(picked)) throw new AppError('validation_failed', 'The date of next contact is not a valid date', { field: 'callbackAt' });
  if (picked.getTime() < now.getTime()) {
    throw new AppError('validation_failed', 'The date of next contact cannot be in the past', { field: 'callbackAt' });
  }
  return new Date(picked.getTime());
}

function isValidDate(value: Date | null): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

/** The invariants every result keeps, whatever state it started from. */
function settle(state: CaseState & { successDelta: NextState['successDelta'] }): NextState {
  const offered = state.queue !== 'closed' && state.queue !== 'waiting';
  return {
    ...state,
    callableAt: offered && state.callableAt ? new Date(state.callableAt.getTime()) : null,
    ownerId: state.queue === 'callback' ? state.ownerId : null,
    terminal: state.queue === 'closed',
  };
}

export interface RetryOptions {
  /** attempts after which a case the system would redial is closed; null = no limit */
  maxAttempts: number | null;
  /** the delay of "call again" when no call_again rule matches */
  defaultRetryDelayMinutes: number;
  now: Date;
}

export interface RetryOutcome {
  state: NextState;
  /** a delete rule matched: remove the case from the campaign */
  delete: boolean;
  /** parameters to add to the number or the call */
  parameters: Record<string, string>;
  /** the case was closed because it reached the campaign's maximum attempts */
  exhausted: boolean;
}

/** Queues where the system, not a person, decided to call again. */
const redialQueues: ReadonlySet<Queue> = new Set(['retry', 'fresh']);
/** Queues that maxAttempts cuts; callbacks somebody asked for are kept. */
const cappedQueues: ReadonlySet<Queue> = new Set(['retry', 'fresh', 'progressive', 'end_of_queue']);

/**
 * CP-4: the campaign's rules after an attempt, applied to the state the status gave. Call-again
 * and delete rules act only when the status sent the case back to be redialled (retry/fresh): a
 * callback, close or wait the status chose wins over them. Add-parameter rules annotate every
 * call that was not answered, whatever the status.
 */
export function applyRetryRules(next: NextState, rules: RetryRule[], attempt: AttemptFacts, opts: RetryOptions): RetryOutcome {
  const matching = rules.filter((rule) => ruleMatches(rule, attempt));
  const parameters = attempt.connected ? {} : parametersOf(matching);
  const redial = redialQueues.has(next.queue);
  if (redial && matching.some((rule) => rule.action.kind === 'delete')) {
    return { state: closed(next), delete: true, parameters, exhausted: false };
  }
  if (opts.maxAttempts !== null && attempt.attempts >= opts.maxAttempts && cappedQueues.has(next.queue)) {
    return { state: closed(next), delete: false, parameters, exhausted: true };
  }
  if (!redial) return { state: next, delete: false, parameters, exhausted: false };
  const callAgain = matching.find((rule) => rule.action.kind === 'call_again');
  const minutes = callAgain?.action.kind === 'call_again' ? callAgain.action.delayMinutes : opts.defaultRetryDelayMinutes;
  return { state: { ...next, callableAt: addMinutes(opts.now, minutes) }, delete: false, parameters, exhausted: false };
}

/** All conditions the rule states must hold; an absent condition holds. */
function ruleMatches({ when }: RetryRule, attempt: AttemptFacts): boolean {
  if (when.connected !== undefined && when.connected !== attempt.connected) return false;
  if (when.statusIds !== undefined && !when.statusIds.includes(attempt.statusId)) return false;
  if (when.attemptsAtLeast !== undefined && attempt.attempts < when.attemptsAtLeast) return false;
  if (when.attemptsAtMost !== undefined && attempt.attempts > when.attemptsAtMost) return false;
  return true;
}

/** In rule order: a later rule with the same key overwrites an earlier one. */
function parametersOf(rules: RetryRule[]): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const { action } of rules) if (action.kind === 'add_parameter') parameters[action.key] = action.value;
  return parameters;
}

function closed(state: NextState): NextState {
  return { ...state, queue: 'closed', callableAt: null, ownerId: null, terminal: true };
}

/** A negative delay is read as none: a retry is never scheduled in the past. */
function addMinutes(now: Date, minutes: number): Date {
  return new Date(now.getTime() + Math.max(0, minutes) * 60_000);
}
