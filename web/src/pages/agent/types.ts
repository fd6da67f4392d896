// AG-1: the shapes of the agent API (src/modules/agents/routes.ts, src/modules/cases/card.ts).
import type { Contact, TimelineEntry } from '../../api.ts';

export type AgentStateName = 'logged_out' | 'ready' | 'paused' | 'preview' | 'dialing' | 'talking' | 'wrap_up';

export interface AvailableCampaign {
  id: number;
  name: string;
  state: string;
  mode: string;
  type: string;
}

export interface AgentState {
  state: AgentStateName;
  since: string;
  campaignIds: number[];
  currentCaseId: number | null;
  /** the dialer's call while dialing, talking or wrapping up */
  callId?: number | null;
  /** the end of the wrap-up time limit, or null */
  wrapUntil?: string | null;
}

export interface AgentStateFull extends AgentState {
  available: AvailableCampaign[];
}

/** CP-5: one element of a call script. */
export type ScriptItem =
  | { kind: 'text'; text: string }
  | { kind: 'question'; key: string; label: string; options: string[]; multiple?: boolean }
  | { kind: 'checkbox'; key: string; label: string }
  | { kind: 'field'; key: string; label: string; type: 'text' | 'number' | 'date' };

export interface CardStatus {
  id: number;
  name: string;
  color: string;
  qualifier: string;
  /** ST-3 / QL-2: the agent picks the date of next contact */
  agentPicksTime: boolean;
}

export interface CaseAttempt {
  id: number;
  agentId: number | null;
  phone: string | null;
  outcome: string;
  connected: boolean;
  statusId: number | null;
  note: string | null;
  callbackAt: string | null;
  params: Record<string, unknown>;
  startedAt: string;
  endedAt: string;
}

/** PR-5: one save of the case. */
export interface CaseHistoryEntry {
  id: number;
  at: string;
  fromStatusId: number | null;
  fromStatus: string | null;
  toStatusId: number | null;
  toStatus: string | null;
  qualifier: string | null;
  queue: string;
  callableAt: string | null;
  responsible: string | null;
  requester: string;
  source: string;
  note: string | null;
  attemptId: number | null;
}

export interface CaseCard {
  /** custom field key → label */
  fieldLabels?: Record<string, string>;
  case: {
    id: number;
    campaignId: number;
    contactId: number;
    statusId: number | null;
    statusName: string | null;
    qualifier: string | null;
    queue: string;
    callableAt: string | null;
    ownerId: number | null;
    ownerName: string | null;
    attempts: number;
    lastAttemptAt: string | null;
    lastOutcome: string | null;
    stage: string;
    priority: number;
    success: boolean;
    params: Record<string, unknown>;
    lockedBy: number | null;
    lockedUntil: string | null;
  };
  campaign: { id: number; name: string; mode: string; previewSeconds: number; phoneColumn: string; script: ScriptItem[] };
  contact: Contact;
  phone: string | null;
  statuses: CardStatus[];
  attempts: CaseAttempt[];
  history: CaseHistoryEntry[];
  timeline: TimelineEntry[];
}

export interface Blocker {
  campaignId: number;
  name: string;
  /** the campaign-level conditions of cases/why.ts campaignBlockers */
  reasons: WhyReason[];
  successLimitReached: boolean;
}

export interface NextResult {
  case: CaseCard | null;
  tier?: string;
  blockers: Blocker[];
}

export interface ResultSaved {
  caseId: number;
  statusId: number;
  queue: string;
  callableAt: string | null;
  ownerId: number | null;
  success: boolean;
  terminal: boolean;
}

export interface MyCallback {
  caseId: number;
  campaignId: number;
  campaignName: string;
  callableAt: string;
  contactName: string | null;
  phone: string | null;
  statusName: string | null;
}

export interface WhyReason {
  code: string;
  message: string;
  blocking?: boolean;
  at?: string | null;
  userName?: string | null;
}

export interface CaseWhy {
  dialable: boolean;
  campaign: WhyReason[];
  reasons: WhyReason[];
}

export const resultOutcomes = ['answered', 'busy', 'no_answer', 'invalid', 'voicemail'] as const;
export type ResultOutcome = (typeof resultOutcomes)[number];

/** Some answers carry PostgreSQL's text form of a time ("2026-03-02 09:00:00+00"): make it ISO. */
export function isoTime(v: string | null | undefined): string | null {
  if (!v) return null;
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d(?::\d\d(?:\.\d+)?)?)([+-]\d\d)(?::?(\d\d))?$/.exec(v);
  return m ? `${m[1]}T${m[2]}${m[3]}:${m[4] ?? '00'}` : v;
}

export function timeMs(v: string | null | undefined): number {
  const iso = isoTime(v);
  return iso ? new Date(iso).getTime() : Number.NaN;
}
