// AC-1: automatic actions as a table — on the actions page (with the case and campaign) and on
// a case card. Failed and skipped actions can be run again by managers.
import { useState } from 'react';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { useToast } from '../../ui.tsx';
import './actions.css';

export interface ActionRow {
  id: number;
  caseId: number;
  campaignId: number;
  campaignName: string;
  contactName: string;
  statusName: string | null;
  kind: string;
  param: string;
  /** the user, campaign or template the parameter names (null: names nothing, or readable as it is) */
  paramLabel: string | null;
  state: 'queued' | 'running' | 'done' | 'failed' | 'skipped';
  attempts: number;
  retries: number;
  lastError: string | null;
  detail: string | null;
  successStatusName: string | null;
  failureStatusName: string | null;
  runAt: string;
  createdAt: string;
  finishedAt: string | null;
}

export function ActionTable({ items, withCase, onChanged }: { items: ActionRow[]; withCase: boolean; onChanged: () => void }) {
  const { t, tk, date } = useI18n();
  const session = useSession();
  const toast = useToast();
  const [busy, setBusy] = useState<number | null>(null);
  const canRetry = session.can('cases.manage');

  const retry = async (a: ActionRow) => {
    setBusy(a.id);
    try {
      await api('POST', `/api/actions/${a.id}/retry`);
      toast.success(t('actions.retried'));
      onChanged();
    } catch (err) {
      toast.error(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="table-wrap">
      <table className="table" aria-label={t('actions.title')}>
        <thead>
          <tr>
            <th>{t('actions.col.when')}</th>
            {withCase && <th>{t('actions.col.case')}</th>}
            {withCase && <th>{t('actions.col.campaign')}</th>}
            <th>{t('actions.col.status')}</th>
            <th>{t('actions.col.action')}</th>
            <th>{t('actions.col.state')}</th>
            <th className="num">{t('actions.col.tries')}</th>
            <th>{t('actions.col.result')}</th>
            {canRetry && <th className="col-actions">{t('col.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id} data-action-id={a.id}>
              <td className="nowrap">
                {date(a.finishedAt ?? a.createdAt)}
                {a.state === 'queued' && <div className="muted small">{t('actions.due', { at: date(a.runAt) })}</div>}
              </td>
              {withCase && (
                <td>
                  {a.contactName} <span className="muted">#{a.caseId}</span>
                </td>
              )}
              {withCase && <td>{a.campaignName}</td>}
              <td>{a.statusName ?? '—'}</td>
              <td>
                {tk(`process.action.${a.kind}`, a.kind)}
                {a.param && <div className="muted small action-reason">{a.paramLabel ?? a.param}</div>}
              </td>
              <td>
                <span className={`action-state action-state-${a.state}`}>{tk(`actions.state.${a.state}`, a.state)}</span>
              </td>
              <td className="num">{a.attempts}</td>
              <td className="action-reason">{a.state === 'failed' || (a.state === 'queued' && a.lastError) ? a.lastError : a.detail}</td>
              {canRetry && (
                <td className="col-actions">
                  {(a.state === 'failed' || a.state === 'skipped') && (
                    <button
                      type="button"
                      className="button button-small"
                      disabled={busy === a.id}
                      aria-label={t('actions.retryOne', { id: a.id })}
                      onClick={() => void retry(a)}
                    >
                      {t('actions.retry')}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
