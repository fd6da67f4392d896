// CP-8 / AG-3: where the campaign's cases stand — totals, by status (in the statuses' colours),
// by agent and by dial outcome. Refreshed by the pushed campaign.changed, never polled.
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { type Key, useI18n } from '../../i18n/index.tsx';
import { useToast } from '../../ui.tsx';
import type { CampaignFull, CampaignStats } from './model.ts';

const totals: { key: keyof CampaignStats; label: Key; hint: Key; tone?: string }[] = [
  { key: 'total', label: 'stats.total', hint: 'stats.totalHint' },
  { key: 'untouched', label: 'stats.untouched', hint: 'stats.untouchedHint' },
  { key: 'processed', label: 'stats.processed', hint: 'stats.processedHint' },
  { key: 'toRetry', label: 'stats.toRetry', hint: 'stats.toRetryHint' },
  { key: 'callbacks', label: 'stats.callbacks', hint: 'stats.callbacksHint' },
  { key: 'waiting', label: 'stats.waiting', hint: 'stats.waitingHint' },
  { key: 'inProgress', label: 'stats.inProgress', hint: 'stats.inProgressHint' },
  { key: 'closed', label: 'stats.closed', hint: 'stats.closedHint' },
  { key: 'successes', label: 'stats.successes', hint: 'stats.successesHint', tone: 'ok' },
  { key: 'attempts', label: 'stats.attempts', hint: 'stats.attemptsHint' },
  { key: 'released', label: 'stats.released', hint: 'stats.releasedHint' },
];

const pct = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 10 : 0);

export function StatsTab({ campaign, refreshKey }: { campaign: CampaignFull; refreshKey: number }) {
  const i18n = useI18n();
  const { t, num } = i18n;
  const toast = useToast();
  const [s, setS] = useState<CampaignStats | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey refetches on a pushed change
  useEffect(() => {
    api<CampaignStats>('GET', `/api/campaigns/${campaign.id}/stats`).then(setS, toast.error);
  }, [campaign.id, refreshKey, toast]);

  if (!s) return <p className="muted">{t('common.loading')}</p>;
  if (s.total === 0)
    return (
      <section className="card">
        <div className="empty">
          <p>{t('stats.empty')}</p>
        </div>
      </section>
    );

  const statusTotal = s.byStatus.reduce((a, x) => a + x.n, 0);
  const outcomeTotal = s.byOutcome.reduce((a, x) => a + x.n, 0);
  const done = s.processed;

  return (
    <div className="stats-tab" data-testid="campaign-stats">
      <section className="card stats-headline">
        <div className="headline-row">
          <div>
            <div className="headline-value">{t('stats.processedOf', { done: num(done), total: num(s.total), pct: num(pct(done, s.total)) })}</div>
            <div className="muted small">{t('stats.successRate', { n: num(s.successes), pct: num(pct(s.successes, Math.max(1, done))) })}</div>
          </div>
          {s.callbacksDue > 0 && <span className="badge badge-state-paused">{t('stats.callbacksDue', { n: num(s.callbacksDue) })}</span>}
        </div>
        <div
          className="progress stacked"
          role="img"
          aria-label={t('stats.processedOf', { done: num(done), total: num(s.total), pct: num(pct(done, s.total)) })}
        >
          <div className="progress-fill progress-ok" style={{ width: `${pct(s.successes, s.total)}%` }} />
          <div className="progress-fill" style={{ width: `${pct(Math.max(0, done - s.successes), s.total)}%` }} />
        </div>
      </section>

      <div className="stat-grid">
        {totals.map((x) => (
          <div key={x.key} className={`stat card${x.tone ? ` stat-${x.tone}` : ''}`} title={t(x.hint)}>
            <span className="stat-label">{t(x.label)}</span>
            <span className="stat-value" data-testid={`stat-${x.key}`}>
              {num(s[x.key] as number)}
            </span>
            {x.key === 'callbacks' && s.callbacksDue > 0 && <span className="muted small">{t('stats.dueNow', { n: num(s.callbacksDue) })}</span>}
          </div>
        ))}
      </div>

      <div className="stats-columns">
        <section className="card" aria-label={t('stats.byStatus')}>
          <h2 className="card-title">{t('stats.byStatus')}</h2>
          <div className="status-bar" aria-hidden="true">
            {s.byStatus.map((x) => (
              <span
                key={x.statusId ?? 'none'}
                style={{ width: `${pct(x.n, statusTotal)}%`, background: x.color ?? '#cbd5e1' }}
                title={`${x.status ?? t('stats.noStatus')}: ${num(x.n)}`}
              />
            ))}
          </div>
          <table className="table compact" data-testid="stats-by-status">
            <thead>
              <tr>
                <th>{t('stats.status')}</th>
                <th className="num">{t('stats.cases')}</th>
                <th className="num">%</th>
              </tr>
            </thead>
            <tbody>
              {s.byStatus.map((x) => (
                <tr key={x.statusId ?? 'none'}>
                  <td>
                    <span className="color-dot" style={{ background: x.color ?? '#cbd5e1' }} />{' '}
                    {x.status ?? <span className="muted">{t('stats.noStatus')}</span>}
                  </td>
                  <td className="num">{num(x.n)}</td>
                  <td className="num">{num(pct(x.n, statusTotal))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section className="card" aria-label={t('stats.byOutcome')}>
          <h2 className="card-title">{t('stats.byOutcome')}</h2>
          {s.byOutcome.length === 0 ? (
            <p className="muted">{t('stats.noAttempts')}</p>
          ) : (
            <ul className="bar-list">
              {s.byOutcome.map((x) => (
                <li key={x.outcome} className={`bar-item bar-outcome-${x.outcome}`}>
                  <span className="bar-label">{i18n.tk(`stats.outcome.${x.outcome}`, x.outcome)}</span>
                  <span className="bar-track">
                    <span className="bar-fill" style={{ width: `${pct(x.n, outcomeTotal)}%` }} />
                  </span>
                  <span className="bar-count">
                    {num(x.n)} <span className="muted">({num(pct(x.n, outcomeTotal))} %)</span>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section className="card" aria-label={t('stats.byAgent')}>
        <h2 className="card-title">{t('stats.byAgent')}</h2>
        {s.byAgent.length === 0 ? (
          <p className="muted">{t('stats.noAgentAttempts')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="stats-by-agent">
              <thead>
                <tr>
                  <th>{t('stats.agent')}</th>
                  <th className="num">{t('stats.attempts')}</th>
                  <th className="num">{t('stats.connected')}</th>
                  <th className="num">{t('stats.connectRate')}</th>
                  <th className="num">{t('stats.successes')}</th>
                  {campaign.successLimitPerAgent !== null && <th className="num">{t('stats.successLimit')}</th>}
                </tr>
              </thead>
              <tbody>
                {s.byAgent.map((a) => (
                  <tr key={a.agentId}>
                    <td>{a.agent}</td>
                    <td className="num">{num(a.attempts)}</td>
                    <td className="num">{num(a.connected)}</td>
                    <td className="num">{num(pct(a.connected, a.attempts))} %</td>
                    <td className="num">{num(a.successes)}</td>
                    {campaign.successLimitPerAgent !== null && (
                      <td className="num">
                        {a.successes >= campaign.successLimitPerAgent ? (
                          <span className="badge badge-state-paused">{t('stats.limitReached')}</span>
                        ) : (
                          `${num(a.successes)} / ${num(campaign.successLimitPerAgent)}`
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
