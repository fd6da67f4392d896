// AC-2, AC-3: what setting a status schedules — pure, so the transition and its tests agree. Each
// action of the status becomes one planned row with its due time; while any of them is delayed
// the case waits (never offered), and the state its status gave it is kept to resume afterwards.
import type { ActionDef, ActionKind } from '../processes/types.ts';
import type { NextState } from '../statuses/types.ts';

export interface StatusActions {
  actions: ActionDef[];
}

export interface PlannedAction {
  position: number;
  kind: ActionKind;
  param: string;
  successStatusId: number | null;
  failureStatusId: number | null;
  delayMinutes: number | null;
  delayFrom: 'status' | 'callback' | null;
  runAt: Date;
  /**
   * the case waits for this action (AC-3): it is delayed or its result sets a status. Such an
   * action is skipped when the case gets another status first; when it ends, the case leaves the
   * `waiting` queue (result status, or the state its status gave it).
   */
  waits: boolean;
}

export interface ActionPlan {
  actions: PlannedAction[];
  /** the dialing state the status gave, to resume when the waiting ends; null = the case is not held back */
  resume: { queue: string; callableAt: string | null; ownerId: number | null } | null;
}

/**
 * `statusIdByKey` resolves the process keys of the success/failure statuses (a key the process
 * no longer has resolves to null: the action then just ends). A delay counted from the callback
 * time uses the callback the status set; a status without one counts from now.
 */
export function planActions(actions: ActionDef[], statusIdByKey: (key: string) => number | null, next: NextState, now: Date): ActionPlan {
  const callbackAt = next.queue === 'callback' && next.callableAt ? next.callableAt : null;
  const planned = actions.map((a, position): PlannedAction => {
    const from = a.delay ? (a.delay.from === 'callback' && callbackAt ? callbackAt : now) : now;
    const runAt = new Date(Math.max(now.getTime(), from.getTime() + (a.delay?.minutes ?? 0) * 60_000));
    const successStatusId = a.successStatusKey ? statusIdByKey(a.successStatusKey) : null;
    const failureStatusId = a.failureStatusKey ? statusIdByKey(a.failureStatusKey) : null;
    return {
      position,
      kind: a.kind,
      param: a.param,
      successStatusId,
      failureStatusId,
      delayMinutes: a.delay?.minutes ?? null,
      delayFrom: a.delay?.from ?? null,
      runAt,
      // the case waits for a delayed action, and for one whose result decides its next status
      waits: a.delay !== null || successStatusId !== null || failureStatusId !== null,
    };
  });
  // a closed or already waiting case is never offered anyway: nothing to hold back or resume
  const offered = next.queue !== 'closed' && next.queue !== 'waiting';
  if (!offered || !planned.some((p) => p.waits)) return { actions: planned, resume: null };
  return {
    actions: planned,
    resume: { queue: next.queue, callableAt: next.callableAt ? next.callableAt.toISOString() : null, ownerId: next.ownerId },
  };
}

/** The state of a case held back while the actions it waits for are pending (AC-3). */
export function waitingState(next: NextState): NextState {
  return { ...next, queue: 'waiting', callableAt: null, ownerId: null, terminal: false };
}
