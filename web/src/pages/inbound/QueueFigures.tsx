// AG-3 for inbound: each queue's callers waiting now and today's answered, missed and callback
// figures, on the wallboard. Refetched when the wallboard's figures move.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { useServerEvents } from '../../jobs.tsx';
import { useI18n } from '../../i18n/index.tsx';

interface Figures {
  queueId: number;
  name: string;
  waiting: number;
  answered: number;
  missed: number;
  callbacksOrdered: number;
  callbacksMade: number;
  callbacksOpen: number;
  openTickets: number;
}

export function QueueFigures() {
  const { t, num } = useI18n();
  const [list, setList] = useState<Figures[]>([]);
  const load = useCallback(() => {
    api<Figures[]>('GET', '/api/inbound/figures').then(setList, () => undefined);
  }, []);
  useEffect(load, [load]);
  useServerEvents((m) => {
    if (m.type === 'wallboard.changed' || m.type === 'inbound.changed' || m.type === 'reconnected') load();
  });
  if (!list.length) return null;
  return (
    <section aria-label={t('nav.queues')}>
      <h2 className="wb-section-title">{t('nav.queues')}</h2>
      <section className="card">
        <table className="table">
          <thead>
            <tr>
              <th>{t('queues.name')}</th>
              <th>{t('queues.waiting')}</th>
              <th>{t('queues.answered')}</th>
              <th>{t('queues.missed')}</th>
              <th>{t('wallboard.callbacksOrdered')}</th>
              <th>{t('queues.callbacksMade')}</th>
              <th>{t('wallboard.callbacksOpen')}</th>
              <th>{t('wallboard.openTickets')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((f) => (
              <tr key={f.queueId} data-queue-id={f.queueId}>
                <td>{f.name}</td>
                <td data-testid="wb-queue-waiting">{num(f.waiting)}</td>
                <td>{num(f.answered)}</td>
                <td>{num(f.missed)}</td>
                <td>{num(f.callbacksOrdered)}</td>
                <td>{num(f.callbacksMade)}</td>
                <td>{num(f.callbacksOpen)}</td>
                <td>{num(f.openTickets)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  );
}
