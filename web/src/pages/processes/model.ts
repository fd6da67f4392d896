// The shapes of the status dictionary (ST) and of a process (PR) as the API sends them, the
// vocabulary (qualifiers, system statuses, dialer outcomes, action kinds) and the pure helpers
// the graph editor works with. The vocabulary comes from src/modules/statuses/types.ts and
// src/modules/processes/types.ts.

import { type DialOutcome, dialOutcomes, type ProcessQualifier, type SystemStatus } from '../../../../src/modules/statuses/types.ts';
import {
  type ActionKind,
  emptyExits,
  type LintFinding,
  type ProcessDef,
  type ProcessKind,
  type ProcessStatusDef,
  type StatusExits,
} from '../../../../src/modules/processes/types.ts';

// The vocabulary and shapes are the server's own (pure files, no server code comes along).
export { dialOutcomes, processQualifiers, systemStatuses } from '../../../../src/modules/statuses/types.ts';
export type { DialOutcome, ProcessQualifier, SystemStatus } from '../../../../src/modules/statuses/types.ts';
export { actionKinds, emptyExits, processKinds } from '../../../../src/modules/processes/types.ts';
export type {
  ActionDef,
  ActionKind,
  LintFinding,
  ProcessDef,
  ProcessKind,
  ProcessStatusDef,
  StatusExits,
} from '../../../../src/modules/processes/types.ts';

export const qualifierGroups = [
  { key: 'basic', items: ['none', 'callback_end_of_queue', 'waiting', 'unused'] },
  { key: 'publicCallback', items: ['public_callback_relative', 'public_callback_absolute', 'public_callback_agent'] },
  { key: 'privateCallback', items: ['private_callback_relative', 'private_callback_absolute', 'private_callback_agent'] },
  {
    key: 'success',
    items: [
      'success_end',
      'success_public_confirmation',
      'success_private_confirmation',
      'success_public_callback_relative',
      'success_public_callback_absolute',
      'success_public_callback_agent',
      'success_private_callback_relative',
      'success_private_callback_absolute',
      'success_private_callback_agent',
    ],
  },
  { key: 'end', items: ['ending', 'cancel_success_close'] },
] as const satisfies readonly { key: string; items: readonly ProcessQualifier[] }[];

// ---- the dictionary ----

export interface DictionaryStatus {
  id: number;
  name: string;
  systemStatus: SystemStatus | null;
  qualifier: string;
  autoOutcomes: DialOutcome[];
  autoAdd: boolean;
  hidden: boolean;
  active: boolean;
  color: string;
  /** ST-3: the agent picks the date of the next contact */
  agentPicksTime: boolean;
}

/** ST-3: the date of the next contact is set only for these two. */
export const systemStatusPicksTime = (s: SystemStatus) => s === 'my_record' || s === 'not_earlier_than';

// ---- processes ----

export interface ProcessSummary {
  id: number;
  name: string;
  description: string;
  kind: ProcessKind;
  statuses: number;
  campaignIds: number[];
}

export type ProcessOut = ProcessDef & { id: number; findings: LintFinding[]; campaignIds: number[]; statuses: (ProcessStatusDef & { id: number })[] };

export interface Agent {
  id: number;
  username: string;
  displayName: string;
  active?: boolean;
}

export const emptyProcess = (): ProcessDef => ({ name: '', description: '', kind: 'operational', inboundStatusKeys: [], statuses: [] });

/** A palette for new statuses, so neighbouring nodes differ. */
export const palette = ['#2160c4', '#0f8a6a', '#b45309', '#7c3aed', '#be185d', '#0e7490', '#4d7c0f', '#64748b'];

/** The next free key "s1", "s2", … */
export function nextKey(statuses: { key: string }[]): string {
  const used = new Set(statuses.map((s) => s.key));
  let n = statuses.length + 1;
  while (used.has(`s${n}`)) n++;
  return `s${n}`;
}

export function newStatus(statuses: ProcessStatusDef[], name: string): ProcessStatusDef {
  // rows of three, the middle one a little lower, so that an edge from the first to the third
  // does not run through the second
  const n = statuses.length;
  const col = n % 3;
  const rowTop = col === 0 ? (n ? Math.max(...statuses.map((s) => s.y)) + 170 : 0) : (statuses[n - col]?.y ?? 0);
  return {
    key: nextKey(statuses),
    name,
    description: '',
    responsibleUserId: null,
    availability: 'agents',
    qualifier: 'none',
    callbackDelaySeconds: null,
    callbackAt: null,
    color: palette[n % palette.length],
    initial: false,
    x: 40 + col * 270,
    y: rowTop + (col === 1 ? 80 : 0),
    exits: emptyExits(),
  };
}

/** The process as the API takes it: known fields only (the GET answer adds ids and findings). */
export function toInput(p: ProcessDef): ProcessDef {
  return {
    name: p.name,
    description: p.description,
    kind: p.kind,
    inboundStatusKeys: p.inboundStatusKeys,
    statuses: p.statuses.map((s) => ({
      key: s.key,
      name: s.name,
      description: s.description,
      responsibleUserId: s.responsibleUserId,
      availability: s.availability,
      qualifier: s.qualifier,
      callbackDelaySeconds: s.callbackDelaySeconds,
      callbackAt: s.callbackAt,
      color: s.color,
      initial: s.initial,
      x: Math.round(s.x),
      y: Math.round(s.y),
      exits: {
        script: s.exits.script.map((m) => ({ field: m.field, value: m.value, statusKey: m.statusKey })),
        dialer: Object.fromEntries(Object.entries(s.exits.dialer).filter(([, v]) => v != null)),
        counter: s.exits.counter,
        event: { inboundEmail: s.exits.event.inboundEmail },
        waitingOnDialer: s.exits.waitingOnDialer,
        actions: s.exits.actions,
      },
    })),
  };
}

/**
 * What the linter gets while the user is still typing: fields the schema would refuse (an empty
 * name, a delay of 0) are made acceptable, so the findings keep coming; the editor reports those
 * fields itself (localProblems).
 */
export function toLintInput(p: ProcessDef): ProcessDef {
  const def = toInput(p);
  def.name = def.name.trim() || '-';
  for (const s of def.statuses) {
    if (!s.name.trim()) s.name = s.key;
    if (!(s.callbackDelaySeconds && s.callbackDelaySeconds > 0)) s.callbackDelaySeconds = null;
    if (s.callbackAt && Number.isNaN(Date.parse(s.callbackAt))) s.callbackAt = null;
    s.exits.script = s.exits.script.map((m) => ({ ...m, field: m.field.trim() || '-' }));
    if (s.exits.counter) s.exits.counter = { ...s.exits.counter, limit: Math.min(1000, Math.max(1, Math.round(s.exits.counter.limit) || 1)) };
    s.exits.actions = s.exits.actions.map((a) => (a.delay ? { ...a, delay: { ...a.delay, minutes: Math.max(0, Math.round(a.delay.minutes) || 0) } } : a));
  }
  return def;
}

/** Problems the editor finds itself, before the server would refuse the save. */
export type LocalProblem = { code: 'name_required' | 'status_name_required' | 'script_field_required' | 'counter_limit' | 'delay_invalid'; statusKey?: string };

export function localProblems(p: ProcessDef): LocalProblem[] {
  const out: LocalProblem[] = [];
  if (!p.name.trim()) out.push({ code: 'name_required' });
  for (const s of p.statuses) {
    if (!s.name.trim()) out.push({ code: 'status_name_required', statusKey: s.key });
    if (s.exits.script.some((m) => !m.field.trim())) out.push({ code: 'script_field_required', statusKey: s.key });
    if (s.exits.counter && !(s.exits.counter.limit >= 1 && s.exits.counter.limit <= 1000)) out.push({ code: 'counter_limit', statusKey: s.key });
    if (s.qualifier.endsWith('_relative') && s.callbackDelaySeconds !== null && !(s.callbackDelaySeconds >= 1))
      out.push({ code: 'delay_invalid', statusKey: s.key });
  }
  return out;
}

// ---- exits as graph edges ----

export type ExitKind = 'script' | 'dialer' | 'counter' | 'event' | 'waitingOnDialer' | 'action';

export interface ExitRef {
  /** as in LintFinding.exit: "dialer.busy", "actions[0].success", "script[1]", "counter" */
  id: string;
  kind: ExitKind;
  target: string;
  /** script: field, value; dialer: outcome; counter: limit; action: kind, ok */
  script?: { field: string; value: string };
  outcome?: DialOutcome;
  limit?: number;
  action?: { kind: ActionKind; ok: boolean };
}

export function exitsOf(s: ProcessStatusDef): ExitRef[] {
  const e = s.exits;
  const out: ExitRef[] = [];
  e.script.forEach((m, i) => {
    out.push({ id: `script[${i}]`, kind: 'script', target: m.statusKey, script: { field: m.field, value: m.value } });
  });
  for (const o of dialOutcomes) {
    const target = e.dialer[o];
    if (target != null) out.push({ id: `dialer.${o}`, kind: 'dialer', target, outcome: o });
  }
  if (e.counter) out.push({ id: 'counter', kind: 'counter', target: e.counter.statusKey, limit: e.counter.limit });
  if (e.event.inboundEmail != null) out.push({ id: 'event.inboundEmail', kind: 'event', target: e.event.inboundEmail });
  if (e.waitingOnDialer != null) out.push({ id: 'waitingOnDialer', kind: 'waitingOnDialer', target: e.waitingOnDialer });
  e.actions.forEach((a, i) => {
    if (a.successStatusKey != null) out.push({ id: `actions[${i}].success`, kind: 'action', target: a.successStatusKey, action: { kind: a.kind, ok: true } });
    if (a.failureStatusKey != null) out.push({ id: `actions[${i}].failure`, kind: 'action', target: a.failureStatusKey, action: { kind: a.kind, ok: false } });
  });
  return out;
}

/** Removes every exit of `s` that leads to `key` (used when the user deletes an edge). */
export function withoutExitsTo(s: ProcessStatusDef, key: string, kinds: 'script' | 'auto'): StatusExits {
  const e = structuredClone(s.exits);
  if (kinds === 'script') {
    e.script = e.script.filter((m) => m.statusKey !== key);
    return e;
  }
  for (const o of dialOutcomes) if (e.dialer[o] === key) delete e.dialer[o];
  if (e.counter?.statusKey === key) e.counter = null;
  if (e.event.inboundEmail === key) e.event.inboundEmail = null;
  if (e.waitingOnDialer === key) e.waitingOnDialer = null;
  e.actions = e.actions.map((a) => ({
    ...a,
    successStatusKey: a.successStatusKey === key ? null : a.successStatusKey,
    failureStatusKey: a.failureStatusKey === key ? null : a.failureStatusKey,
  }));
  return e;
}

// ---- small helpers ----

export const isRelative = (q: ProcessQualifier) => q.endsWith('_relative');
export const isAbsolute = (q: ProcessQualifier) => q.endsWith('_absolute');

export type DelayUnit = 'minutes' | 'hours' | 'days';
export const unitSeconds: Record<DelayUnit, number> = { minutes: 60, hours: 3600, days: 86400 };

export function bestUnit(seconds: number | null): DelayUnit {
  if (!seconds) return 'hours';
  if (seconds % 86400 === 0) return 'days';
  if (seconds % 3600 === 0) return 'hours';
  return 'minutes';
}

/** ISO → the value of an <input type="datetime-local"> in the browser's time zone. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(v: string): string | null {
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** Black or white text on a background colour, whichever reads better. */
export function textOn(hex: string): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return '#fff';
  const [r, g, b] = [m[1], m[2], m[3]].map((x) => {
    const c = Number.parseInt(x, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return l > 0.4 ? '#111827' : '#ffffff';
}
