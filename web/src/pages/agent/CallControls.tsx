// DL-1, DL-2: the dialer's call of the open case, by the agent's state — "Call now" in preview,
// ringing and talking with "Hang up", and wrap-up with the countdown to its limit. The state comes
// from the server (agent.changed); the clocks here only tick the screen.
import { useI18n } from '../../i18n/index.tsx';
import type { AgentStateName } from './types.ts';
import { timeMs } from './types.ts';
import { formatDuration, useNow } from './util.ts';

export interface CallInfo {
  state: AgentStateName;
  /** when the state began (server time) */
  since: string;
  wrapUntil: string | null;
}

export function CallControls({
  call,
  mode,
  canDial,
  busy,
  onDial,
  onHangup,
}: {
  call: CallInfo;
  mode: string;
  canDial: boolean;
  busy: 'dial' | 'hangup' | null;
  onDial: () => void;
  onHangup: () => void;
}) {
  const { t } = useI18n();
  const live = call.state === 'dialing' || call.state === 'talking' || call.state === 'wrap_up';
  const now = useNow(1000, live);

  if (call.state === 'preview') {
    if (mode !== 'preview' || !canDial) return null;
    return (
      <div className="agent-callctl" data-testid="agent-call" data-state="preview">
        <button type="button" className="button button-accent agent-call agent-call-now" disabled={busy !== null} onClick={onDial}>
          ☎ {busy === 'dial' ? t('common.wait') : t('agent.callNow')}
        </button>
      </div>
    );
  }
  if (!live) return null;

  const hangup = (
    <button type="button" className="button button-danger agent-hangup" disabled={busy !== null} onClick={onHangup}>
      {busy === 'hangup' ? t('common.wait') : t('agent.hangUp')}
    </button>
  );
  if (call.state === 'dialing')
    return (
      <div className="agent-callctl agent-callctl-dialing" data-testid="agent-call" data-state="dialing">
        <span className="agent-call-status" role="status">
          <span className="agent-call-ring" aria-hidden="true" />
          {t('agent.call.dialing')}
        </span>
        {hangup}
      </div>
    );
  if (call.state === 'talking')
    return (
      <div className="agent-callctl agent-callctl-talking" data-testid="agent-call" data-state="talking">
        <span className="agent-call-status" role="status">
          <span className="agent-call-live" aria-hidden="true" />
          {t('agent.call.talking', { time: formatDuration(now - timeMs(call.since)) })}
        </span>
        {hangup}
      </div>
    );

  // wrap-up: save the result; the limit (if any) counts down to the automatic save
  const until = timeMs(call.wrapUntil);
  const start = timeMs(call.since);
  const left = Number.isFinite(until) ? Math.max(0, until - now) : null;
  const total = Number.isFinite(until) && Number.isFinite(start) ? Math.max(1, until - start) : null;
  return (
    <div className="agent-callctl agent-callctl-wrap_up" data-testid="agent-call" data-state="wrap_up">
      <span className="agent-call-status" role="status">
        {t('agent.call.wrapUp')}
      </span>
      {left !== null && (
        <span className={`agent-wrap${left === 0 ? ' agent-wrap-over' : ''}`}>
          <span role="timer" aria-label={t('agent.call.wrapLeft')} className="agent-wrap-time">
            {formatDuration(left)}
          </span>
          {total !== null && (
            <span className="progress agent-wrap-bar" aria-hidden="true">
              <span className="progress-fill" style={{ width: `${(left / total) * 100}%` }} />
            </span>
          )}
          {left === 0 && <span className="field-hint">{t('agent.call.wrapOver')}</span>}
        </span>
      )}
    </div>
  );
}
