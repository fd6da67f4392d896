// AC-1 notification: the bell in the header with the unread count. New notifications arrive as
// WebSocket pushes (nothing polls); the list is fetched on load and after a reconnect.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useServerEvents } from '../../jobs.tsx';
import './actions.css';

export interface Notification {
  id: number;
  text: string;
  caseId: number | null;
  campaignId: number | null;
  createdAt: string;
  readAt: string | null;
}
interface NotificationList {
  items: Notification[];
  unread: number;
}

export function NotificationBell() {
  const { t, date } = useI18n();
  const [list, setList] = useState<NotificationList>({ items: [], unread: 0 });
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);

  const load = useCallback(() => {
    api<NotificationList>('GET', '/api/notifications').then(setList, () => undefined);
  }, []);
  useEffect(load, [load]);
  useServerEvents((m) => {
    if (m.type === 'reconnected') load();
    if (m.type !== 'notification') return;
    const n = m.notification as Omit<Notification, 'readAt'>;
    setList((l) => (l.items.some((x) => x.id === n.id) ? l : { items: [{ ...n, readAt: null }, ...l.items].slice(0, 30), unread: l.unread + 1 }));
  });
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const markRead = async (id?: number) => {
    try {
      setList(await api<NotificationList>('POST', id ? `/api/notifications/${id}/read` : '/api/notifications/read'));
    } catch {
      load();
    }
  };

  return (
    <div className="bell" ref={root}>
      <button
        type="button"
        className="button button-ghost bell-button"
        aria-label={t('notifications.open', { n: list.unread })}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
      >
        <svg className="bell-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
          <path
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
            fill="currentColor"
          />
        </svg>
        {list.unread > 0 && (
          <span className="bell-count" data-testid="notification-count">
            {list.unread}
          </span>
        )}
      </button>
      {open && (
        <section id={panelId} className="bell-panel card" aria-label={t('notifications.title')}>
          <div className="bell-head">
            <h2 className="card-title">{t('notifications.title')}</h2>
            {list.unread > 0 && (
              <button type="button" className="link" onClick={() => void markRead()}>
                {t('notifications.markAll')}
              </button>
            )}
          </div>
          {list.items.length === 0 ? (
            <p className="muted">{t('notifications.none')}</p>
          ) : (
            <ul className="bell-list">
              {list.items.map((n) => (
                <li key={n.id} className={n.readAt ? 'bell-item' : 'bell-item bell-unread'}>
                  <div>{n.text}</div>
                  <div className="muted small">
                    {date(n.createdAt)}
                    {n.caseId !== null && ` · ${t('notifications.case', { id: n.caseId })}`}
                  </div>
                  {!n.readAt && (
                    <button type="button" className="link small" onClick={() => void markRead(n.id)}>
                      {t('notifications.markRead')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
