// PR lint: checks a process graph before it is saved. Errors refuse the save, warnings are shown
// in the editor, info reports a fix made here (PR-3: a missing initial status is marked).
import { dialOutcomes, type ProcessQualifier } from '../statuses/types.ts';
import { type ActionRefs, actionParamFindings } from './action-params.ts';
import type { LintFinding, ProcessDef, ProcessStatusDef } from './types.ts';

/** Qualifiers after which a case is never offered to agents again. */
const terminalQualifiers: ReadonlySet<ProcessQualifier> = new Set(['ending', 'success_end', 'cancel_success_close']);

/** Initial qualifiers that would keep every new case away from agents. */
const uncallableInitial: Partial<Record<ProcessQualifier, string>> = {
  ending: 'ends the case',
  waiting: 'is a waiting status',
  success_end: 'ends the case with a success',
  cancel_success_close: 'cancels the success and closes the case',
};

type ExitKind = 'script' | 'dialer' | 'counter' | 'event' | 'waitingOnDialer' | 'action';

interface Exit {
  /** as in LintFinding.exit: "dialer.busy", "actions[0].success", "script[1]", "counter" */
  label: string;
  kind: ExitKind;
  target: string;
}

/** `refs`: what action parameters may name (looked up by the caller); without it only their form is checked. */
export function lintProcess(def: ProcessDef, refs?: ActionRefs): { def: ProcessDef; findings: LintFinding[] } {
  // A copy, so neither the fix below nor a caller editing the result touches the input.
  const out = structuredClone(def);
  const findings: LintFinding[] = [];
  if (out.statuses.length === 0) {
    findings.push({ severity: 'error', code: 'no_statuses', message: 'The process has no statuses; add at least one.' });
    return { def: out, findings };
  }
  findings.push(...duplicates(out.statuses));
  findings.push(...fixInitial(out.statuses));
  findings.push(...danglingExits(out));
  findings.push(...callbackSettings(out.statuses));
  findings.push(...initialNotCallable(out.statuses));
  findings.push(...unreachable(out));
  findings.push(...deadEnds(out.statuses));
  findings.push(...loopsWithoutCounter(out.statuses));
  findings.push(...actionParamFindings(out, refs));
  return { def: out, findings };
}

// ---- helpers --------------------------------------------------------------------------------

const label = (s: ProcessStatusDef) => `"${s.name.trim() || s.key}"`;

function list(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

const isTerminal = (s: ProcessStatusDef) => terminalQualifiers.has(s.qualifier);

/** Every exit a status defines, with a null/absent target meaning "do nothing" (left out). */
function exitsOf(s: ProcessStatusDef): Exit[] {
  const e = s.exits;
  const exits: Exit[] = [];
  e.script.forEach((m, i) => {
    exits.push({ label: `script[${i}]`, kind: 'script', target: m.statusKey });
  });
  for (const outcome of dialOutcomes) {
    const target = e.dialer[outcome];
    if (target != null) exits.push({ label: `dialer.${outcome}`, kind: 'dialer', target });
  }
  if (e.counter) exits.push({ label: 'counter', kind: 'counter', target: e.counter.statusKey });
  if (e.event.inboundEmail != null) exits.push({ label: 'event.inboundEmail', kind: 'event', target: e.event.inboundEmail });
  if (e.waitingOnDialer != null) exits.push({ label: 'waitingOnDialer', kind: 'waitingOnDialer', target: e.waitingOnDialer });
  e.actions.forEach((a, i) => {
    if (a.successStatusKey != null) exits.push({ label: `actions[${i}].success`, kind: 'action', target: a.successStatusKey });
    if (a.failureStatusKey != null) exits.push({ label: `actions[${i}].failure`, kind: 'action', target: a.failureStatusKey });
  });
  return exits;
}

/**
 * The exits that can actually fire. Actions and the counter run whenever the status is set.
 * A waiting status is left only through its actions (AC-3). A terminal status is never dialed
 * nor offered, so only an event (a customer's e-mail) can reopen it besides its actions.
 */
function liveExits(s: ProcessStatusDef): Exit[] {
  const all = exitsOf(s);
  if (s.qualifier === 'waiting') return all.filter((x) => x.kind === 'action' || x.kind === 'counter');
  if (isTerminal(s)) return all.filter((x) => x.kind === 'action' || x.kind === 'counter' || x.kind === 'event');
  return all;
}

/** Status key → index of its first status (later duplicates are reported, not resolved). */
function keyIndex(statuses: ProcessStatusDef[]): Map<string, number> {
  const index = new Map<string, number>();
  statuses.forEach((s, i) => {
    if (!index.has(s.key)) index.set(s.key, i);
  });
  return index;
}

// ---- checks ---------------------------------------------------------------------------------

function duplicates(statuses: ProcessStatusDef[]): LintFinding[] {
  const findings: LintFinding[] = [];
  const byKey = Map.groupBy(statuses, (s) => s.key);
  for (const [key, group] of byKey) {
    if (group.length < 2) continue;
    findings.push({
      severity: 'error',
      code: 'duplicate_key',
      statusKey: key,
      message: `The statuses ${list(group.map(label))} share the key "${key}"; each status needs its own key.`,
    });
  }
  const byName = Map.groupBy(statuses, (s) => s.name.trim().toLowerCase());
  for (const group of byName.values()) {
    if (group.length < 2) continue;
    findings.push({
      severity: 'error',
      code: 'duplicate_name',
      statusKey: group[1].key,
      message: `${group.length} statuses are named ${label(group[0])}; status names must be unique.`,
    });
  }
  return findings;
}

/** PR-3: exactly one initial status; none → the first one is marked (in the copy). */
function fixInitial(statuses: ProcessStatusDef[]): LintFinding[] {
  const initial = statuses.filter((s) => s.initial);
  if (initial.length === 0) {
    statuses[0].initial = true;
    return [
      {
        severity: 'info',
        code: 'initial_marked',
        statusKey: statuses[0].key,
        message: `No status was marked initial, so ${label(statuses[0])} was marked initial.`,
      },
    ];
  }
  if (initial.length > 1) {
    return [
      {
        severity: 'error',
        code: 'several_initial',
        statusKey: initial[1].key,
        message: `Only one status can be initial, but ${list(initial.map(label))} are all marked initial.`,
      },
    ];
  }
  return [];
}

function danglingExits(def: ProcessDef): LintFinding[] {
  const keys = keyIndex(def.statuses);
  const findings: LintFinding[] = [];
  for (const s of def.statuses) {
    for (const x of exitsOf(s)) {
      if (keys.has(x.target)) continue;
      findings.push({
        severity: 'error',
        code: 'dangling_exit',
        statusKey: s.key,
        exit: x.label,
        message: `${label(s)}: the exit ${x.label} leads to a status "${x.target}" that is not in the process.`,
      });
    }
  }
  // Inbound statuses belong to the process, not to a status: no statusKey.
  def.inboundStatusKeys.forEach((key, i) => {
    if (keys.has(key)) return;
    findings.push({
      severity: 'error',
      code: 'dangling_exit',
      exit: `inboundStatusKeys[${i}]`,
      message: `The inbound-call status "${key}" is not in the process.`,
    });
  });
  return findings;
}

/** QL-2: relative callbacks need their delay, absolute ones their time. */
function callbackSettings(statuses: ProcessStatusDef[]): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const s of statuses) {
    if (s.qualifier.endsWith('_relative') && !((s.callbackDelaySeconds ?? 0) > 0)) {
      findings.push({
        severity: 'error',
        code: 'missing_callback_setting',
        statusKey: s.key,
        message: `${label(s)} is a relative callback but has no delay; set how long after saving the case to call back.`,
      });
    }
    if (s.qualifier.endsWith('_absolute') && (!s.callbackAt || Number.isNaN(Date.parse(s.callbackAt)))) {
      findings.push({
        severity: 'error',
        code: 'missing_callback_setting',
        statusKey: s.key,
        message: `${label(s)} is an absolute callback but has no valid callback time; set the date and time to call back.`,
      });
    }
  }
  return findings;
}

function initialNotCallable(statuses: ProcessStatusDef[]): LintFinding[] {
  return statuses.flatMap((s): LintFinding[] => {
    const why = s.initial ? uncallableInitial[s.qualifier] : undefined;
    if (!why) return [];
    return [
      {
        severity: 'warning',
        code: 'initial_not_callable',
        statusKey: s.key,
        message: `The initial status ${label(s)} ${why}, so new cases would never be offered to agents.`,
      },
    ];
  });
}

/**
 * Entry points: the initial status(es), inbound statuses and every status agents may set
 * (an agent can pick it on any case still offered). Everything else must be the target of a
 * live exit of a reachable status.
 */
function unreachable(def: ProcessDef): LintFinding[] {
  const { statuses } = def;
  const keys = keyIndex(statuses);
  const seen = new Set<number>();
  const queue: number[] = [];
  const visit = (i: number | undefined) => {
    if (i === undefined || seen.has(i)) return;
    seen.add(i);
    queue.push(i);
  };
  statuses.forEach((s, i) => {
    if (s.initial || s.availability === 'agents') visit(i);
  });
  for (const key of def.inboundStatusKeys) visit(keys.get(key));
  while (queue.length > 0) {
    const i = queue.pop()!;
    for (const x of liveExits(statuses[i])) visit(keys.get(x.target));
  }
  return statuses.flatMap((s, i): LintFinding[] => {
    // A duplicate key is already an error; its second status cannot be told apart anyway.
    if (seen.has(i) || keys.get(s.key) !== i) return [];
    return [
      {
        severity: 'warning',
        code: 'unreachable',
        statusKey: s.key,
        message: `${label(s)} can never be reached: it is not initial, not an inbound status, not available to agents, and no reachable status leads to it.`,
      },
    ];
  });
}

function deadEnds(statuses: ProcessStatusDef[]): LintFinding[] {
  const keys = keyIndex(statuses);
  const agentsCanMove = statuses.some((s) => s.availability === 'agents');
  // The counter only redirects an entry, it is no way out; exits to nowhere are no way out either.
  const waysOut = (s: ProcessStatusDef) => liveExits(s).filter((x) => x.kind !== 'counter' && keys.has(x.target));
  const findings: LintFinding[] = [];
  for (const s of statuses) {
    if (isTerminal(s)) continue;
    if (s.qualifier === 'waiting') {
      if (waysOut(s).length > 0) continue;
      findings.push({
        severity: 'warning',
        code: 'dead_end',
        statusKey: s.key,
        message: `${label(s)} is a waiting status but none of its actions sets a status on success or failure, so cases would wait there forever.`,
      });
    } else if (!agentsCanMove && waysOut(s).length === 0) {
      findings.push({
        severity: 'warning',
        code: 'dead_end',
        statusKey: s.key,
        message: `${label(s)} has no exits and no status is available to agents, so cases would stay there forever.`,
      });
    }
  }
  return findings;
}

/**
 * Cycles of automatic exits (dialer results, action results) with no transition counter on
 * any of their statuses: nobody decides, so a case could bounce forever. Script mappings are
 * agent decisions and the counter is what breaks such loops, so neither is an edge here.
 * One finding per strongly connected component (Tarjan).
 */
function loopsWithoutCounter(statuses: ProcessStatusDef[]): LintFinding[] {
  const keys = keyIndex(statuses);
  const edges = statuses.map((s) =>
    liveExits(s)
      .filter((x) => x.kind === 'dialer' || x.kind === 'action')
      .map((x) => keys.get(x.target))
      .filter((j): j is number => j !== undefined),
  );
  const findings: LintFinding[] = [];
  for (const component of stronglyConnected(edges)) {
    const cyclic = component.length > 1 || edges[component[0]].includes(component[0]);
    if (!cyclic || component.some((i) => statuses[i].exits.counter)) continue;
    const members = component.toSorted((a, b) => a - b).map((i) => statuses[i]);
    const what = members.length === 1 ? `${label(members[0])} leads back to itself` : `${list(members.map(label))} lead to each other`;
    findings.push({
      severity: 'warning',
      code: 'loop_without_counter',
      statusKey: members[0].key,
      message: `${what} through automatic exits (dialer results, actions) and none has a transition counter, so a case could bounce forever. Add a counter to one of them.`,
    });
  }
  return findings;
}

/** Tarjan's algorithm: the strongly connected components of a graph given as adjacency lists. */
function stronglyConnected(edges: number[][]): number[][] {
  const index: number[] = new Array(edges.length).fill(-1);
  const low: number[] = new Array(edges.length).fill(0);
  const onStack: boolean[] = new Array(edges.length).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let next = 0;
  const connect = (v: number) => {
    index[v] = low[v] = next++;
    stack.push(v);
    onStack[v] = true;
    for (const w of edges[v]) {
      if (index[w] === -1) {
        connect(w);
        low[v] = Math.min(low[v], low[w]);
      } else if (onStack[w]) {
        low[v] = Math.min(low[v], index[w]);
      }
    }
    if (low[v] !== index[v]) return;
    const component: number[] = [];
    let w: number;
    do {
      w = stack.pop()!;
      onStack[w] = false;
      component.push(w);
    } while (w !== v);
    components.push(component);
  };
  for (let v = 0; v < edges.length; v++) if (index[v] === -1) connect(v);
  return components;
}
