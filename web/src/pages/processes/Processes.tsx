// PR-1, PR-7: the processes, with their kind, number of statuses and the campaigns using them.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Link, navigate } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import { ListCard, useToast } from '../../ui.tsx';
import type { ProcessSummary } from './model.ts';

export function ProcessesPage() {
  const { t, num } = useI18n();
  const session = useSession();
  const toast = useToast();
  const [list, setList] = useState<ProcessSummary[] | null>(null);

  const load = useCallback(() => {
    api<ProcessSummary[]>('GET', '/api/processes').then(setList, toast.error);
  }, [toast]);
  useEffect(load, [load]);

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('process.listTitle')}</h1>
        {session.can('campaigns.manage') && (
          <div className="page-actions">
            <button type="button" className="button button-primary" onClick={() => navigate('/processes/new')}>
              + {t('process.new')}
            </button>
          </div>
        )}
      </div>
      <p className="intro muted">{t('process.intro')}</p>
      <ListCard items={list} empty={t('process.none')}>
        {(list) => (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>{t('process.name')}</th>
                  <th>{t('process.kind')}</th>
                  <th className="num">{t('process.statusCount')}</th>
                  <th>{t('process.campaigns')}</th>
                  <th>{t('process.description')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link to={`/processes/${p.id}`}>{p.name}</Link>
                    </td>
                    <td>{t(`process.kind.${p.kind}`)}</td>
                    <td className="num">{num(p.statuses)}</td>
                    <td>
                      {p.campaignIds.length === 0 ? (
                        <span className="muted">{t('process.noCampaigns')}</span>
                      ) : (
                        p.campaignIds.map((id, i) => (
                          <span key={id}>
                            {i > 0 && ', '}
                            <Link to={`/campaigns/${id}`}>{id}</Link>
                          </span>
                        ))
                      )}
                    </td>
                    <td className="pe-description-cell">{p.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ListCard>
    </div>
  );
}
