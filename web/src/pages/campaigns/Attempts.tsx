// CP-5: the attempts (sessions) of a campaign with every script answer as a column; search by an
// answer ("interested" contains "yes") and by agent.
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Empty, Pager, useToast } from '../../ui.tsx';
import { outcomeLabel } from './Cases.tsx';
import type { Agent, AttemptPage, CampaignFull } from './model.ts';

export function AttemptsTab({ campaign, refreshKey }: { campaign: CampaignFull; refreshKey: number }) {
  const i18n = useI18n();
  const { t, num, date } = i18n;
  const toast = useToast();
  const [data, setData] = useState<AttemptPage | null>(null);
  const [agents, setAgents] = useState<Agent[]>([]);
  const [param, setParam] = useState('');
  const [value, setValue] = useState('');
  const [agentId, setAgentId] = useState('');
  const [applied, setApplied] = useState<{ param: string; value: string; agentId: string }>({ param: '', value: '', agentId: '' });
  const [page, setPage] = useState(1);

  useEffect(() => {
    api<Agent[]>('GET', '/api/agents').then(setAgents, toast.error);
  }, [toast]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey refetches on a pushed change
  useEffect(() => {
    const p = new URLSearchParams();
    if (applied.param) p.set('param', applied.param);
    if (applied.param && applied.value.trim()) p.set('value', applied.value.trim());
    if (applied.agentId) p.set('agentId', applied.agentId);
    if (page > 1) p.set('page', String(page));
    const q = p.toString();
    api<AttemptPage>('GET', `/api/campaigns/${campaign.id}/attempts${q ? `?${q}` : ''}`).then(setData, toast.error);
  }, [campaign.id, applied, page, refreshKey, toast]);

  // a column's heading is its question in the script, else its key
  const labels = useMemo(() => {
    const m = new Map<string, string>();
    for (const item of [...campaign.script, ...campaign.confirmationScript]) if (item.kind !== 'text') m.set(item.key, item.label);
    return m;
  }, [campaign.script, campaign.confirmationScript]);
  const columns = data?.columns ?? [];
  const keys = useMemo(() => [...new Set([...columns, ...labels.keys()])], [columns, labels]);

  const search = (e: FormEvent) => {
    e.preventDefault();
    setApplied({ param, value, agentId });
    setPage(1);
  };
  const show = (v: unknown) => {
    if (v === undefined || v === null || v === '') return '';
    if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
    if (Array.isArray(v)) return v.join(', ');
    if (typeof v === 'object') return JSON.stringify(v);
    return String(v);
  };
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <div className="attempts-tab">
      <section className="card">
        <form className="cases-filters" onSubmit={search}>
          <label className="stack-label">
            {t('cases.attempts.answer')}
            <select value={param} onChange={(e) => setParam(e.target.value)}>
              <option value="">{t('cases.attempts.anyAnswer')}</option>
              {keys.map((k) => (
                <option key={k} value={k}>
                  {labels.get(k) ? `${labels.get(k)} (${k})` : k}
                </option>
              ))}
            </select>
          </label>
          <label className="stack-label">
            {t('cases.attempts.value')}
            <input value={value} disabled={!param} placeholder={t('cases.attempts.valuePlaceholder')} onChange={(e) => setValue(e.target.value)} />
          </label>
          <label className="stack-label">
            {t('cases.filter.agent')}
            <select value={agentId} onChange={(e) => setAgentId(e.target.value)}>
              <option value="">{t('cases.filter.any')}</option>
              {agents.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.displayName}
                </option>
              ))}
            </select>
          </label>
          <div className="field-button-inline">
            <button type="submit" className="button button-primary">
              {t('cases.attempts.search')}
            </button>
          </div>
          <span className="spacer" />
          <span className="muted">{data ? t('cases.attempts.totalN', { n: num(data.total) }) : ''}</span>
        </form>
      </section>
      <section className="card">
        {!data ? (
          <p className="muted">{t('common.loading')}</p>
        ) : data.items.length === 0 ? (
          <Empty>{applied.param || applied.agentId ? t('cases.attempts.noneMatch') : t('cases.attempts.none')}</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table attempts-table">
              <thead>
                <tr>
                  <th>{t('cases.attempts.when')}</th>
                  <th>{t('cases.col.contact')}</th>
                  <th>{t('cases.attempts.agent')}</th>
                  <th>{t('cases.attempts.outcome')}</th>
                  <th>{t('cases.col.result')}</th>
                  {keys.map((k) => (
                    <th key={k} className="answer-col" title={k}>
                      {labels.get(k) ?? k}
                    </th>
                  ))}
                  <th>{t('cases.attempts.note')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((a) => (
                  <tr key={String(a.id)}>
                    <td className="nowrap">{date(a.endedAt ?? a.startedAt)}</td>
                    <td>
                      {a.contactName ?? ''}
                      <div className="muted small">{a.phone ?? ''}</div>
                    </td>
                    <td>{a.agent ?? <span className="muted">—</span>}</td>
                    <td>
                      <span className={`badge ${a.connected ? 'badge-state-running' : 'badge-danger'}`}>{a.outcome ? outcomeLabel(i18n, a.outcome) : '—'}</span>
                    </td>
                    <td>{a.status ?? <span className="muted">—</span>}</td>
                    {keys.map((k) => (
                      <td key={k} className="answer-col">
                        {show(a.params?.[k])}
                      </td>
                    ))}
                    <td>{a.note ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {data && data.total > data.pageSize && <Pager className="cases-pager" page={page} pages={pages} onPage={setPage} />}
      </section>
    </div>
  );
}
