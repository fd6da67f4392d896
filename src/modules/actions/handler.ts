// AC-1: what every automatic action handler looks like. The actions runtime (jobs, delays, waiting
// state, success/failure statuses, idempotency) calls one handler per action kind; handlers only do
// the outside effect (send the mail, call the gateway, …) and say how it went.
import type { Database } from '../../db/client.ts';
import type { ActionKind } from '../processes/types.ts';

export interface ActionContext {
  db: Database;
  kind: ActionKind;
  /** the action's parameter as the process editor stored it (user id, campaign id, template id, URL, text…) */
  param: string;
  caseId: number;
  campaignId: number;
  contactId: number;
  /** stable for one action of one status change: the same key on every retry and after a restart */
  idempotencyKey: string;
  now: Date;
}

export interface ActionOutcome {
  /** shown to managers with the action (e.g. "sent to jan@example.pl", "HTTP 202") */
  detail: string;
}

/** Throw this for a failure a retry cannot fix (bad address, unknown template); any other error is retried. */
export class ActionFailure extends Error {}

export type ActionHandler = (ctx: ActionContext) => Promise<ActionOutcome>;
export type ActionHandlers = Partial<Record<ActionKind, ActionHandler>>;
