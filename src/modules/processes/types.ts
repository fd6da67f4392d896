// A process (PR) as the editor sends it and the linter reads it: statuses referenced by a key that
// is stable inside the process (new statuses have no database id yet).
import type { DialOutcome, ProcessQualifier } from '../statuses/types.ts';

export const processKinds = ['operational', 'management', 'auxiliary'] as const;
export type ProcessKind = (typeof processKinds)[number];

/** AC-1 (defined and validated here; executed by the actions issue). */
export const actionKinds = [
  'notification',
  'move_to_campaign',
  'email_case',
  'email_case_xml',
  'call_and_play',
  'sms',
  'webhook',
  'copy_case',
  'email_template',
] as const;
export type ActionKind = (typeof actionKinds)[number];

export interface ActionDef {
  kind: ActionKind;
  /** the action's parameter: user id, campaign id, template id, address, URL, message text… */
  param: string;
  /** PR-4b: optional relative delay, counted from setting the status or from the callback time */
  delay: { minutes: number; from: 'status' | 'callback' } | null;
  successStatusKey: string | null;
  failureStatusKey: string | null;
}

export interface StatusExits {
  /** PR-4a: script field value → status */
  script: { field: string; value: string; statusKey: string }[];
  /** PR-4c: dialer outcome → status; a missing key or null = "do nothing" */
  dialer: Partial<Record<DialOutcome, string | null>>;
  /** PR-4d: entering this status more than `limit` times sets `statusKey` instead */
  counter: { limit: number; statusKey: string } | null;
  /** PR-4e */
  event: { inboundEmail: string | null };
  /** PR-4f: progressive mode only */
  waitingOnDialer: string | null;
  actions: ActionDef[];
}

/** A status with no exits: every outcome "does nothing". */
export const emptyExits = (): StatusExits => ({ script: [], dialer: {}, counter: null, event: { inboundEmail: null }, waitingOnDialer: null, actions: [] });

export interface ProcessStatusDef {
  key: string;
  name: string;
  description: string;
  /** PR-2: null = none (keep the previous status's responsible person) */
  responsibleUserId: number | null;
  availability: 'agents' | 'system';
  qualifier: ProcessQualifier;
  callbackDelaySeconds: number | null;
  callbackAt: string | null;
  color: string;
  initial: boolean;
  /** graph position in the editor */
  x: number;
  y: number;
  exits: StatusExits;
}

export interface ProcessDef {
  name: string;
  description: string;
  kind: ProcessKind;
  /** PR-1: statuses used for inbound calls */
  inboundStatusKeys: string[];
  statuses: ProcessStatusDef[];
}

export interface LintFinding {
  severity: 'error' | 'warning' | 'info';
  code:
    | 'no_statuses'
    | 'initial_marked'
    | 'several_initial'
    | 'duplicate_key'
    | 'duplicate_name'
    | 'dangling_exit'
    | 'unreachable'
    | 'dead_end'
    | 'loop_without_counter'
    | 'missing_callback_setting'
    | 'initial_not_callable'
    /** AC-1: an action's parameter is empty, malformed, or names nothing that exists */
    | 'action_param_missing'
    | 'action_param_invalid'
    | 'action_param_unknown';
  message: string;
  statusKey?: string;
  /** which exit, e.g. "dialer.busy", "actions[0].success", "script[1]", "counter"; "actions[0]" = the action itself */
  exit?: string;
}
