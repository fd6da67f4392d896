// "Why is the hopper empty?" — the campaign's cases counted by the first reason they cannot be
// dialed now, as a bar list, with the campaign-level blockers (paused, outside working hours…)
// on top.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useToast } from '../../ui.tsx';
import type { CampaignFull, Dialability } from './model.ts';
import { BlockerList, reasonLabel, reasonTone } from './Why.tsx';

const pct = (a: number, b: number) => (b > 0 ? (a / b) * 100 : 0);

export function DialabilityTab({ campaign, refreshKey, onRefresh }: { campaign: CampaignFull; refreshKey: number; onRefresh: () => void }) {
  const i18n = useI18n();
  const { t, num } = i18n;
  const toast = useToast();
  const [d, setD] = useState<Dialability | null>(null);
  const [at, setAt] = useState<Date | null>(null);

  const load = useCallback(() => {
    api<Dialability>('GET', `/api/campaigns/${campaign.id}/dialability`).then((x) => {
      setD(x);
      setAt(new Date());
    }, toast.error);
  }, [campaign.id, toast]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey and the state refetch on a change
  useEffect(load, [load, refreshKey, campaign.state]);

  if (!d) return <p className="muted">{t('common.loading')}</p>;
  const rows = Object.entries(d.counts).sort((a, b) => (a[0] === 'dialable' ? -1 : b[0] === 'dialable' ? 1 : b[1] - a[1]));
  const max = Math.max(1, ...rows.map(([, n]) => n));

  return (
    <div className="dialability-tab" data-testid="dialability">
      <section className="card">
        <div className="card-head">
          <div>
            <h2 className="card-title">{t('why.hopperTitle')}</h2>
            <p className="muted small section-intro">{t('why.hopperIntro')}</p>
          </div>
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              // the campaign's state may have changed too (state changes are not pushed)
              onRefresh();
              load();
            }}
          >
            {t('why.refresh')}
          </button>
        </div>
        <div className="hopper-headline">
          <span className={`hopper-number${d.dialableNow > 0 ? ' hopper-ok' : ' hopper-empty'}`} data-testid="dialable-now">
            {num(d.dialableNow)}
          </span>
          <span>
            {t('why.dialableNowOf', { total: num(d.total) })}
            {at && (
              <span className="muted small">
                {' '}
                · {t('why.asOf', { time: at.toLocaleTimeString(i18n.locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' }) })}
              </span>
            )}
          </span>
        </div>
        {d.campaign.length > 0 && (
          <div className="alert alert-warn campaign-blockers" role="status" data-testid="campaign-blockers">
            <strong>{t('why.campaignBlocked')}</strong>
            <BlockerList blockers={d.campaign} />
          </div>
        )}
        {d.total === 0 ? (
          <div className="empty">{t('why.noCases')}</div>
        ) : (
          <ul className="bar-list reason-bars" data-testid="reason-bars">
            {rows.map(([code, n]) => (
              <li key={code} className={`bar-item reason-${reasonTone(code)}`} data-code={code}>
                <span className="bar-label">
                  <span className="reason-dot" aria-hidden="true" />
                  {reasonLabel(i18n, code)}
                  {code === 'dialable' && d.campaign.length > 0 && <span className="muted small"> {t('why.butCampaignBlocked')}</span>}
                </span>
                <span className="bar-track">
                  <span className="bar-fill" style={{ width: `${pct(n, max)}%` }} />
                </span>
                <span className="bar-count">
                  {num(n)} <span className="muted">({num(Math.round(pct(n, d.total) * 10) / 10)} %)</span>
                </span>
              </li>
            ))}
          </ul>
        )}
        <div className="legend small">
          <span className="legend-item reason-ok">
            <span className="reason-dot" /> {t('why.legend.ok')}
          </span>
          <span className="legend-item reason-later">
            <span className="reason-dot" /> {t('why.legend.later')}
          </span>
          <span className="legend-item reason-blocked">
            <span className="reason-dot" /> {t('why.legend.blocked')}
          </span>
          <span className="legend-item reason-done">
            <span className="reason-dot" /> {t('why.legend.done')}
          </span>
        </div>
      </section>
    </div>
  );
}
