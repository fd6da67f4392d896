// "Why is this case not dialable?" — the reasons of GET /api/cases/:id/why and the campaign-level
// blockers, in words, shared by the case dialog and the dialability breakdown.
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { type I18n, useI18n } from '../../i18n/index.tsx';
import { Dialog, errorText } from '../../ui.tsx';
import type { Blocker, CaseExplanation } from './model.ts';

/** How a reason looks: dialable, later (time will fix it), blocked (a person must act), done. */
export function reasonTone(code: string): 'ok' | 'later' | 'blocked' | 'done' | 'info' {
  if (code === 'dialable') return 'ok';
  if (code === 'private_callback_due' || code === 'end_of_queue') return 'info';
  if (['blocked', 'blocked_number', 'no_phone'].includes(code)) return 'blocked';
  if (['released', 'deleted', 'attempts_exhausted', 'closed', 'waiting'].includes(code)) return 'done';
  return 'later';
}

export function reasonLabel(i18n: I18n, code: string): string {
  return i18n.tk(`why.reason.${code}`, code);
}

export function blockerText(i18n: I18n, b: Blocker): string {
  const { t } = i18n;
  const at = b.at ? i18n.date(b.at) : '';
  switch (b.code) {
    case 'campaign_not_running': {
      const state = /The campaign is (\w+)/.exec(b.message)?.[1] ?? '';
      return t('why.campaign.notRunning', { state: state ? i18n.tk(`campaign.state.${state}`, state) : '' });
    }
    case 'campaign_not_started':
      return t('why.campaign.notStarted', { at });
    case 'campaign_expired':
      return t('why.campaign.expired', { at });
    case 'outside_working_hours':
      return at ? t('why.campaign.outsideHours', { at }) : t('why.campaign.noHours');
    default:
      return b.message;
  }
}

export function BlockerList({ blockers }: { blockers: Blocker[] }) {
  const i18n = useI18n();
  return (
    <ul className="blocker-list">
      {blockers.map((b) => (
        <li key={b.code} data-code={b.code}>
          {blockerText(i18n, b)}
        </li>
      ))}
    </ul>
  );
}

export function WhyDialog({ caseId, title, onClose }: { caseId: number | string; title: string; onClose: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [data, setData] = useState<CaseExplanation | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<CaseExplanation>('GET', `/api/cases/${caseId}/why`).then(setData, setError);
  }, [caseId]);

  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <button type="button" className="button" onClick={onClose}>
          {t('common.close')}
        </button>
      }
    >
      {error !== null && (
        <div className="alert alert-error" role="alert">
          {errorText(error, i18n)}
        </div>
      )}
      {!data && error === null && <p className="muted">{t('common.loading')}</p>}
      {data && (
        <div className="why" data-testid="why">
          <p className={`why-verdict ${data.dialable ? 'why-verdict-ok' : 'why-verdict-no'}`}>{data.dialable ? t('why.dialable') : t('why.notDialable')}</p>
          {data.campaign.length > 0 && (
            <>
              <h3 className="section-title">{t('why.campaignLevel')}</h3>
              <BlockerList blockers={data.campaign} />
            </>
          )}
          <h3 className="section-title">{t('why.caseLevel')}</h3>
          {data.reasons.length === 0 ? (
            <p className="muted">{t('why.noCaseReasons')}</p>
          ) : (
            <ul className="reason-list">
              {data.reasons.map((r) => {
                const label = reasonLabel(i18n, r.code);
                return (
                  <li key={r.code} className={`reason reason-${reasonTone(r.code)}`} data-code={r.code}>
                    <span className="reason-dot" aria-hidden="true" />
                    <div>
                      <div className="reason-label">
                        {label}
                        {!r.blocking && <span className="badge badge-muted">{t('why.informative')}</span>}
                      </div>
                      <div className="reason-detail small">
                        {r.at && <span>{t('why.at', { at: i18n.date(r.at) })} </span>}
                        {r.userName && <span>{t('why.agent', { name: r.userName })} </span>}
                        {r.message && r.message !== label && <span className="muted">{r.message}</span>}
                      </div>
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}
    </Dialog>
  );
}
