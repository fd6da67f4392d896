// The vocabulary of the status engine, shared by the dictionary (ST), processes (PR, QL), the
// hopper and the web app. A status decides what happens next; these are the words for it.

/** QL-1: the 21 qualifiers of a process status. */
export const processQualifiers = [
  'none',
  'public_callback_relative',
  'public_callback_absolute',
  'public_callback_agent',
  'private_callback_relative',
  'private_callback_absolute',
  'private_callback_agent',
  'callback_end_of_queue',
  'success_end',
  'success_public_confirmation',
  'success_private_confirmation',
  'success_public_callback_relative',
  'success_public_callback_absolute',
  'success_public_callback_agent',
  'success_private_callback_relative',
  'success_private_callback_absolute',
  'success_private_callback_agent',
  'ending',
  'waiting',
  'cancel_success_close',
  'unused',
] as const;

/** ST-2: the 5 system statuses of the dictionary. */
export const systemStatuses = ['to_call', 'my_record', 'do_not_call', 'not_earlier_than', 'call_progressive'] as const;

/** Engine presets: the 21 qualifiers plus the two system statuses that have no qualifier twin. */
export const qualifiers = [...processQualifiers, 'call_again', 'call_progressive'] as const;

export type ProcessQualifier = (typeof processQualifiers)[number];
export type SystemStatus = (typeof systemStatuses)[number];
export type Qualifier = (typeof qualifiers)[number];

/** QL-4: each system status is one of the engine's presets. */
export const systemStatusQualifier: Record<SystemStatus, Qualifier> = {
  to_call: 'call_again',
  my_record: 'private_callback_agent',
  do_not_call: 'ending',
  not_earlier_than: 'public_callback_agent',
  call_progressive: 'call_progressive',
};

/** DL-4 / PR-4c: what a call attempt ended with, in the order the product lists them. */
export const dialOutcomes = ['busy', 'no_answer', 'invalid', 'voicemail', 'unhandled', 'answered'] as const;
export type DialOutcome = (typeof dialOutcomes)[number];

/**
 * Where a case stands in its campaign's queue. The hopper offers, in this order: the agent's
 * own due private callbacks, `progressive`, long-overdue private callbacks, due public
 * `callback`s, `fresh` cases, `retry` cases (least recently attempted first), `end_of_queue`.
 * `waiting` and `closed` are never offered.
 */
export const queues = ['fresh', 'retry', 'callback', 'progressive', 'end_of_queue', 'waiting', 'closed'] as const;
export type Queue = (typeof queues)[number];

/** The part of a status definition the engine reads. */
export interface StatusRule {
  id: number;
  qualifier: Qualifier;
  /** PR-2: null = keep the previous status's responsible person */
  responsibleUserId: number | null;
  /** QL-2 relative callbacks: seconds from saving the case */
  callbackDelaySeconds: number | null;
  /** QL-2 absolute callbacks: the fixed time */
  callbackAt: Date | null;
}

/** A case's dialing state: everything the hopper needs to decide whether and to whom to offer it. */
export interface CaseState {
  statusId: number | null;
  /** the effective qualifier (the last one that was not `none`); null = the case never had one */
  qualifier: Qualifier | null;
  queue: Queue;
  /** not offered before this time (null = at once) */
  callableAt: Date | null;
  /** a private callback's owner: only this agent is offered the case (until the grace runs out) */
  ownerId: number | null;
  /** PR-2 responsible person, inherited by statuses whose responsible person is "none" */
  responsibleId: number | null;
  success: boolean;
  successAgentId: number | null;
  attempts: number;
  /** success with confirmation: the next contact runs the confirmation script */
  stage: 'main' | 'confirmation';
}

export interface Transition {
  case: CaseState;
  status: StatusRule;
  /** the agent or user saving the case; null = the system (dialer outcome, action, rule) */
  actorId: number | null;
  /** the time the agent picked, only for "set by agent" qualifiers (ST-3, QL-2) */
  agentCallbackAt?: Date | null;
  now: Date;
}

export interface NextState extends CaseState {
  /** +1 a success was counted now, -1 a counted success was cancelled, 0 otherwise */
  successDelta: -1 | 0 | 1;
  /** the case is finished in this campaign */
  terminal: boolean;
}

/** CP-4: rules run after an attempt. */
export interface RetryRule {
  when: {
    /** the call connected (answered by a person) or not; absent = either */
    connected?: boolean;
    /** the status the case got; absent = any */
    statusIds?: number[];
    /** attempts so far, inclusive bounds; absent = any */
    attemptsAtLeast?: number;
    attemptsAtMost?: number;
  };
  action: { kind: 'call_again'; delayMinutes: number } | { kind: 'delete' } | { kind: 'add_parameter'; key: string; value: string };
}

export interface AttemptFacts {
  connected: boolean;
  outcome: DialOutcome;
  statusId: number;
  /** attempts including this one */
  attempts: number;
}
