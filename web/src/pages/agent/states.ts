// AG-2: the agent states in the user's language (the agent panel and the wallboard).
import type { I18n } from '../../i18n/index.tsx';

export function agentStateLabel(i18n: I18n, s: string): string {
  const { t } = i18n;
  const labels: Record<string, string> = {
    logged_out: t('agent.state.loggedOut'),
    ready: t('agent.state.ready'),
    paused: t('agent.state.paused'),
    preview: t('agent.state.preview'),
    dialing: t('agent.state.dialing'),
    talking: t('agent.state.talking'),
    wrap_up: t('agent.state.wrapUp'),
  };
  return labels[s] ?? s;
}

/** On a dialer call or wrapping one up: the server refuses pause, log out and give back. */
export const onCall = (s: string) => s === 'dialing' || s === 'talking' || s === 'wrap_up';

/** Campaign modes in which the dialer brings the calls (no "next case"). */
export const dialerModes = new Set(['progressive', 'predictive']);
