// AC-1: the automatic actions of all campaigns, failures first — with the reason and a retry.
// Refreshed by the server's `actions.changed` pushes (nothing polls).
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, qs } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useServerEvents } from '../../jobs.tsx';
import { Empty, useToast } from '../../ui.tsx';
import { type ActionRow, ActionTable } from './ActionTable.tsx';

const states = ['failed', 'queued', 'done', 'skipped', ''] as const;
type StateFilter = (typeof states)[number];
const PAGE = 50;

export function ActionsPage() {
  const { t, num } = useI18n();
  const toast = useToast();
  const [state, setState] = useState<StateFilter>('failed');
  const [items, setItems] = useState<ActionRow[] | null>(null);
  const [counts, setCounts] = useState<Record<string, number>>({});
  const [more, setMore] = useState(false);
  const refresh = useRef<number | undefined>(undefined);

  const load = useCallback(() => {
    api<{ items: ActionRow[]; counts: Record<string, number> }>('GET', `/api/actions${qs({ state: state || undefined, limit: PAGE })}`).then((r) => {
      setItems(r.items);
      setCounts(r.counts);
      setMore(r.items.length === PAGE);
    }, toast.error);
  }, [state, toast]);
  useEffect(load, [load]);
  // a burst of changes refetches once
  useServerEvents((m) => {
    if (m.type !== 'actions.changed' && m.type !== 'reconnected') return;
    window.clearTimeout(refresh.current);
    refresh.current = window.setTimeout(load, 300);
  });
  useEffect(() => () => window.clearTimeout(refresh.current), []);

  const older = async () => {
    const last = items?.[items.length - 1];
    if (!last) return;
    try {
      const r = await api<{ items: ActionRow[] }>('GET', `/api/actions${qs({ state: state || undefined, limit: PAGE, beforeId: last.id })}`);
      setItems((list) => [...(list ?? []), ...r.items]);
      setMore(r.items.length === PAGE);
    } catch (err) {
      toast.error(err);
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('actions.title')}</h1>
      </div>
      <p className="muted intro">{t('actions.intro')}</p>
      <fieldset className="action-filter" aria-label={t('actions.filter')}>
        {states.map((s) => (
          <button
            key={s || 'all'}
            type="button"
            className={state === s ? 'button button-small button-primary' : 'button button-small'}
            aria-pressed={state === s}
            onClick={() => setState(s)}
          >
            {s ? t(`actions.state.${s}`) : t('actions.all')}
            {s && counts[s] !== undefined ? ` (${num(counts[s])})` : ''}
          </button>
        ))}
      </fieldset>
      {items === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <Empty>{t('actions.none')}</Empty>
      ) : (
        <div className="card">
          <ActionTable items={items} withCase onChanged={load} />
          {more && (
            <button type="button" className="button button-small" onClick={() => void older()}>
              {t('actions.older')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
