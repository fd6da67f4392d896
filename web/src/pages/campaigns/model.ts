// The shapes of the campaign API answers the campaign screens use (src/modules/campaigns and
// src/modules/cases are the contract), and small helpers shared by the tabs.
import { useEffect, useRef } from 'react';
import { ApiError } from '../../api.ts';
import type { I18n } from '../../i18n/index.tsx';
import { type ServerEvent, useServerEvents } from '../../jobs.tsx';
import { errorText } from '../../ui.tsx';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];
export type WorkingHours = Record<Weekday, [string, string][]>;

export type ScriptItem =
  | { kind: 'text'; text: string }
  | { kind: 'question'; key: string; label: string; options: string[]; multiple?: boolean }
  | { kind: 'checkbox'; key: string; label: string }
  | { kind: 'field'; key: string; label: string; type: 'text' | 'number' | 'date' };

export interface RetryRule {
  when: { connected?: boolean; statusIds?: number[]; attemptsAtLeast?: number; attemptsAtMost?: number };
  action: { kind: 'call_again'; delayMinutes: number } | { kind: 'delete' } | { kind: 'add_parameter'; key: string; value: string };
}

export interface CampaignContactFilter {
  importGroupId?: number;
  name?: string;
  region?: string;
  street?: string;
  city?: string;
  postalCode?: string;
  phone?: string;
  locationId?: number;
  leastRecentlyUsed?: number;
  blocked?: 'include' | 'exclude' | 'only';
}

/** Every setting the editor changes (CampaignPatch of src/modules/campaigns/model.ts). */
export interface CampaignSettings {
  id: number;
  name: string;
  description: string;
  type: 'outbound' | 'callback';
  validFrom: string | null;
  validTo: string | null;
  timeZone: string;
  workingHours: WorkingHours;
  localWindow: { start: string; end: string };
  sortOrder: number;
  parity: number;
  recordCalls: boolean;
  callerIds: string[];
  callerIdRandom: boolean;
  mode: 'preview' | 'progressive' | 'predictive';
  previewSeconds: number;
  pickupRate: number;
  goal: 'exhaust' | 'endless';
  retryRules: RetryRule[];
  maxAttempts: number | null;
  retryDelayMinutes: number;
  script: ScriptItem[];
  confirmationScript: ScriptItem[];
  phoneColumn: 'phone1' | 'phone2';
  contactFilter: CampaignContactFilter | null;
  processId: number | null;
  successLimitPerAgent: number | null;
  callbackGraceMinutes: number;
  // DL-2..DL-5: the dialer
  /** DL-3: the abandon-rate cap, % of live answers */
  abandonCapPercent: number;
  abandonWindow: AbandonWindow;
  /** τ: an answered call no agent takes within this many seconds is abandoned */
  abandonThresholdSeconds: number;
  abandonLockoutHours: number | null;
  abandonMessage: string;
  ringTimeoutSeconds: number;
  maxLinesPerAgent: number;
  wrapUpSeconds: number | null;
  /** answering-machine detection; a detected machine is hung up on (voicemail outcome) or connected to an agent */
  amdEnabled: boolean;
  amdMachineAction: AmdMachineAction;
  /** AMD's false-positive rate, %: the people it hangs up on count as abandons */
  amdFalsePositivePercent: number;
  /** the simulated network's customers (outcome weights, timings); null = the default */
  networkProfile: Record<string, unknown> | null;
  /** CB-3, for type 'callback' (null = the defaults) */
  callbackSettings: CallbackSettings | null;
  agentIds: number[];
  agentGroupIds: number[];
}

/** CB-3 (src/modules/inbound/callback-rules.ts) */
export interface CallbackSettings {
  delaySeconds: number;
  agentSharePercent: number;
  order: 'oldest' | 'newest' | 'random';
  priority: 'always' | 'agents_free' | 'no_waiting';
  neverCallNumbers: string[];
  expiryMinutes: number;
  retries: number;
  retryIntervalMinutes: number;
}
export const defaultCallbackSettings: CallbackSettings = {
  delaySeconds: 0,
  agentSharePercent: 50,
  order: 'oldest',
  priority: 'always',
  neverCallNumbers: [],
  expiryMinutes: 1440,
  retries: 2,
  retryIntervalMinutes: 10,
};

export const abandonWindows = ['24h', '30d', 'lifetime'] as const;
export const amdMachineActions = ['hangup', 'connect'] as const;
export type AmdMachineAction = (typeof amdMachineActions)[number];
export type AbandonWindow = (typeof abandonWindows)[number];

export const settingKeys: (keyof CampaignSettings)[] = [
  'id',
  'name',
  'description',
  'type',
  'validFrom',
  'validTo',
  'timeZone',
  'workingHours',
  'localWindow',
  'sortOrder',
  'parity',
  'recordCalls',
  'callerIds',
  'callerIdRandom',
  'mode',
  'previewSeconds',
  'pickupRate',
  'goal',
  'retryRules',
  'maxAttempts',
  'retryDelayMinutes',
  'script',
  'confirmationScript',
  'phoneColumn',
  'contactFilter',
  'processId',
  'successLimitPerAgent',
  'callbackGraceMinutes',
  'abandonCapPercent',
  'abandonWindow',
  'abandonThresholdSeconds',
  'abandonLockoutHours',
  'abandonMessage',
  'ringTimeoutSeconds',
  'maxLinesPerAgent',
  'wrapUpSeconds',
  'amdEnabled',
  'amdMachineAction',
  'amdFalsePositivePercent',
  'networkProfile',
  'callbackSettings',
  'agentIds',
  'agentGroupIds',
];

export type CampaignState = 'draft' | 'running' | 'paused' | 'stopped' | 'finished';

export interface CampaignFull extends CampaignSettings {
  state: CampaignState;
  clonedFrom: number | null;
  total: number;
  unused: number;
  ready: { ok: boolean; problems: string[] };
  createdAt: string;
  updatedAt: string;
}

export interface CampaignListRow {
  id: number;
  name: string;
  type: string;
  state: CampaignState;
  mode: string;
  processId: number | null;
  sortOrder: number;
  parity: number;
  validFrom: string | null;
  validTo: string | null;
  createdAt: string;
  total: number;
  unused: number;
}

export interface Agent {
  id: number;
  username: string;
  displayName: string;
  active: boolean;
}
export interface AgentGroup {
  id: number;
  name: string;
  memberIds: number[];
}
export interface ProcessSummary {
  id: number;
  name: string;
  description: string;
  kind: string;
  statuses: number;
  campaignIds: number[];
}
export interface StatusInfo {
  id: number;
  processId: number | null;
  campaignId: number | null;
  name: string;
  description: string;
  systemStatus: string | null;
  qualifier: string;
  availability: string;
  color: string;
  hidden: boolean;
  active: boolean;
  autoAdd: boolean;
  agentPicksTime: boolean;
}

export const systemStatuses = ['to_call', 'my_record', 'do_not_call', 'not_earlier_than', 'call_progressive'] as const;
export const queues = ['fresh', 'retry', 'callback', 'progressive', 'end_of_queue', 'waiting', 'closed'] as const;
export const outcomes = ['answered', 'busy', 'no_answer', 'invalid', 'voicemail', 'unhandled'] as const;

/** The transitions of src/modules/campaigns/repo.ts, as the buttons a manager sees. */
export const stateActions: Record<CampaignState, { to: CampaignState; action: 'start' | 'pause' | 'resume' | 'stop' | 'finish' }[]> = {
  draft: [{ to: 'running', action: 'start' }],
  running: [
    { to: 'paused', action: 'pause' },
    { to: 'stopped', action: 'stop' },
    { to: 'finished', action: 'finish' },
  ],
  paused: [
    { to: 'running', action: 'resume' },
    { to: 'stopped', action: 'stop' },
    { to: 'finished', action: 'finish' },
  ],
  stopped: [{ to: 'finished', action: 'finish' }],
  finished: [],
};

export interface CaseRow {
  id: number | string;
  contactId: number | string;
  contactName: string | null;
  phone1: string | null;
  phone2: string | null;
  city: string | null;
  street: string | null;
  importId: number | null;
  queue: string;
  statusId: number | null;
  status: string | null;
  statusColor: string | null;
  success: boolean;
  attempts: number;
  lastOutcome: string | null;
  lastConnected: boolean | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  ownerId: number | null;
  owner: string | null;
  lockedBy: number | null;
  lockedByName: string | null;
  agent: string | null;
  priority: number;
  createdAt: string;
  releasedAt: string | null;
  closedReason: string | null;
}
export interface CasePage {
  total: number;
  page: number;
  pageSize: number;
  items: CaseRow[];
}
export interface CaseFilter {
  statusId?: number;
  queue?: string;
  importId?: number;
  agentId?: number;
  q?: string;
  success?: boolean;
  includeReleased?: boolean;
  sort?: 'order' | 'created_asc' | 'created_desc' | 'next_attempt' | 'last_attempt';
}
export interface CaseView {
  id: number;
  name: string;
  campaignId: number | null;
  filter: CaseFilter;
}

export interface CampaignStats {
  total: number;
  active: number;
  released: number;
  untouched: number;
  processed: number;
  callbacks: number;
  callbacksDue: number;
  toRetry: number;
  waiting: number;
  closed: number;
  successes: number;
  inProgress: number;
  attempts: number;
  byStatus: { statusId: number | null; status: string | null; color: string | null; n: number }[];
  byAgent: { agentId: number; agent: string; attempts: number; connected: number; successes: number }[];
  byOutcome: { outcome: string; n: number }[];
}

export interface Blocker {
  code: string;
  message: string;
  at?: string | null;
}
export interface Dialability {
  campaignId: number;
  campaign: Blocker[];
  counts: Record<string, number>;
  dialableNow: number;
  total: number;
}
export interface CaseReason {
  code: string;
  message: string;
  blocking: boolean;
  at?: string | null;
  userId?: number | null;
  userName?: string | null;
}
export interface CaseExplanation {
  caseId: number;
  campaignId: number;
  dialable: boolean;
  campaign: Blocker[];
  reasons: CaseReason[];
}

export interface AttemptRow {
  id: number | string;
  caseId: number | string;
  contactId: number | string | null;
  contactName: string | null;
  phone: string | null;
  outcome: string | null;
  connected: boolean | null;
  status: string | null;
  agent: string | null;
  note: string | null;
  params: Record<string, unknown> | null;
  callbackAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
}
export interface AttemptPage {
  total: number;
  page: number;
  pageSize: number;
  columns: string[];
  items: AttemptRow[];
}

// ---- helpers ----

/** "callerIds[0]" and "callerIds.0" name the same place; "body." is the schema's prefix. */
export const normalizeField = (f: string) => f.replace(/^body\./, '').replace(/\[(\d+)\]/g, '.$1');

/** The API's error for a field (or anything under it), translated; undefined when it names another field. */
export function errorAt(err: unknown, path: string, i18n: I18n): string | undefined {
  if (!(err instanceof ApiError) || !err.field) return undefined;
  const f = normalizeField(err.field);
  return f === path || f.startsWith(`${path}.`) ? errorText(err, i18n) : undefined;
}

/** Reruns `refresh` (debounced) when a case of this campaign changes or the socket reconnects; no polling. */
export function useCampaignEvents(campaignId: number, refresh: () => void, delay = 400) {
  const timer = useRef<number | undefined>(undefined);
  const ref = useRef(refresh);
  ref.current = refresh;
  useServerEvents((m: ServerEvent) => {
    if (m.type === 'reconnected' || (m.type === 'campaign.changed' && Number(m.campaignId) === campaignId)) {
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => ref.current(), delay);
    }
  });
  useEffect(() => () => window.clearTimeout(timer.current), []);
}

/** An ISO time as the value of <input type="datetime-local"> (the browser's time), and back. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
export function fromLocalInput(v: string): string | null {
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** "HH:MM" → minutes (24:00 = 1440); NaN when it is not a time. */
export function minutes(s: string): number {
  const m = /^(\d{1,2}):(\d\d)$/.exec(s.trim());
  if (!m) return Number.NaN;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min > 0)) return Number.NaN;
  return h * 60 + min;
}

/** A script answer key from its label: "Zainteresowany?" → "zainteresowany". */
export function keyFromLabel(label: string): string {
  let k = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!k) return '';
  if (!/^[a-z]/.test(k)) k = `q_${k}`;
  return k.slice(0, 40).replace(/_+$/, '');
}

/** The number of an input, or null when it is empty. */
export const intOrNull = (v: string): number | null => {
  if (!v.trim()) return null;
  const n = Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : null;
};
