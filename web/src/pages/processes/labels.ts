// The words of the graph: exit labels and the linter's findings in the user's language.
import { useCallback } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { type ActionKind, actionKinds, type DialOutcome, dialOutcomes, type ExitRef, type LintFinding, type LocalProblem } from './model.ts';

/** "busy", "script: interest=yes", "counter > 3", "e-mail: ok", … */
export function useExitLabel() {
  const { t } = useI18n();
  return useCallback(
    (x: ExitRef): string => {
      switch (x.kind) {
        case 'script':
          return t('process.edge.script', { field: x.script?.field ?? '', value: x.script?.value ?? '' });
        case 'dialer':
          return x.outcome ? t(`statuses.outcome.${x.outcome}`) : '';
        case 'counter':
          return t('process.edge.counter', { limit: x.limit ?? 0 });
        case 'event':
          return t('process.edge.email');
        case 'waitingOnDialer':
          return t('process.edge.waiting');
        case 'action': {
          const action = x.action ? t(`process.action.${x.action.kind}`) : '';
          return x.action?.ok ? t('process.edge.actionOk', { action }) : t('process.edge.actionFailed', { action });
        }
      }
    },
    [t],
  );
}

/** The linter's exit ids ("dialer.busy", "actions[0].success", "script[1]") in words. */
export function useExitIdLabel() {
  const { t } = useI18n();
  return useCallback(
    (exit: string | undefined, actionKindsOf: (i: number) => ActionKind | undefined = () => undefined): string => {
      if (!exit) return '';
      let m = /^script\[(\d+)\]$/.exec(exit);
      if (m) return t('process.exitId.script', { n: Number(m[1]) + 1 });
      m = /^dialer\.(\w+)$/.exec(exit);
      if (m && (dialOutcomes as readonly string[]).includes(m[1])) return t('process.exitId.dialer', { outcome: t(`statuses.outcome.${m[1] as DialOutcome}`) });
      m = /^actions\[(\d+)\]$/.exec(exit);
      if (m) {
        const kind = actionKindsOf(Number(m[1]));
        return kind && (actionKinds as readonly string[]).includes(kind) ? t(`process.action.${kind}`) : t('process.exitId.actionN', { n: Number(m[1]) + 1 });
      }
      m = /^actions\[(\d+)\]\.(success|failure)$/.exec(exit);
      if (m) {
        const kind = actionKindsOf(Number(m[1]));
        const action =
          kind && (actionKinds as readonly string[]).includes(kind) ? t(`process.action.${kind}`) : t('process.exitId.actionN', { n: Number(m[1]) + 1 });
        return m[2] === 'success' ? t('process.edge.actionOk', { action }) : t('process.edge.actionFailed', { action });
      }
      if (exit === 'counter') return t('process.exits.counter');
      if (exit === 'event.inboundEmail') return t('process.exits.event');
      if (exit === 'waitingOnDialer') return t('process.exits.waiting');
      if (exit.startsWith('inboundStatusKeys')) return t('process.inbound');
      return exit;
    },
    [t],
  );
}

/** A finding in the user's language; unknown codes fall back to the server's English text. */
export function useFindingText() {
  const i18n = useI18n();
  const exitId = useExitIdLabel();
  return useCallback(
    (f: LintFinding, nameOf: (key: string | undefined) => string, actionKindsOf?: (key: string, i: number) => ActionKind | undefined): string => {
      const name = nameOf(f.statusKey);
      const exit = exitId(f.exit, (i) => (f.statusKey && actionKindsOf ? actionKindsOf(f.statusKey, i) : undefined));
      if (f.code === 'dangling_exit' && !f.statusKey) return i18n.t('process.lint.dangling_inbound');
      return i18n.tk(`process.lint.${f.code}`, f.message, { name, exit, key: f.statusKey ?? '' });
    },
    [i18n, exitId],
  );
}

export function useProblemText() {
  const { t } = useI18n();
  return useCallback(
    (p: LocalProblem, name: string): string => {
      switch (p.code) {
        case 'name_required':
          return t('process.problem.nameRequired');
        case 'status_name_required':
          return t('process.problem.statusNameRequired');
        case 'script_field_required':
          return t('process.problem.scriptFieldRequired', { name });
        case 'counter_limit':
          return t('process.problem.counterLimit', { name });
        case 'delay_invalid':
          return t('process.problem.delayInvalid', { name });
      }
    },
    [t],
  );
}
