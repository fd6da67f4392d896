// CB-5 for agents: the missed-call tickets of their queues. "Call back" opens the number as the
// agent's case and dials it at once (the case then appears in My work to save its result);
// "Close" finishes the ticket. The inbound call the agent is on shows at the top.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { useServerEvents } from '../../jobs.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { navigate } from '../../router.tsx';
import { ListCard, useToast } from '../../ui.tsx';

interface Ticket {
  id: number;
  queueName: string;
  phone: string;
  subject: string;
  state: string;
  missedAt: string;
  missedCalls: number;
  canCall: boolean;
}
interface InboundCall {
  id: number;
  queueName: string;
  phone: string;
  answeredAt: string;
}

export function TicketsPage() {
  const { t, num, date } = useI18n();
  const toast = useToast();
  const [list, setList] = useState<Ticket[] | null>(null);
  const [call, setCall] = useState<InboundCall | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  const load = useCallback(() => {
    api<Ticket[]>('GET', '/api/agent/tickets').then(setList, toast.error);
    api<{ call: InboundCall | null }>('GET', '/api/agent/inbound').then((r) => setCall(r.call), toast.error);
  }, [toast]);
  useEffect(load, [load]);
  useServerEvents((m) => {
    if (m.type === 'inbound.changed' || m.type === 'agent.changed') load();
  });

  const callBack = async (ticket: Ticket) => {
    setBusy(ticket.id);
    try {
      await api('POST', `/api/agent/tickets/${ticket.id}/call`);
      toast.success(t('tickets.calling', { phone: ticket.phone }));
      navigate('/agent');
    } catch (err) {
      toast.error(err);
    } finally {
      setBusy(null);
    }
  };
  const close = async (ticket: Ticket) => {
    try {
      await api('POST', `/api/agent/tickets/${ticket.id}/close`);
      load();
    } catch (err) {
      toast.error(err);
    }
  };
  const hangup = async () => {
    try {
      await api('POST', '/api/agent/inbound/hangup');
    } catch (err) {
      toast.error(err);
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('tickets.title')}</h1>
      </div>
      {call && (
        <div className="card" role="status" data-testid="inbound-call">
          <p>
            {t('tickets.onInbound', { phone: call.phone, queue: call.queueName })}{' '}
            <button type="button" className="button button-danger button-small" onClick={() => void hangup()}>
              {t('tickets.hangup')}
            </button>
          </p>
        </div>
      )}
      <p className="intro muted">{t('tickets.intro')}</p>
      <ListCard items={list} empty={t('tickets.none')}>
        {(list) => (
          <table className="table">
            <thead>
              <tr>
                <th>{t('tickets.subject')}</th>
                <th>{t('tickets.queue')}</th>
                <th>{t('tickets.missedAt')}</th>
                <th>{t('tickets.missedCalls')}</th>
                <th className="col-actions">{t('col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((x) => (
                <tr key={x.id}>
                  <td>{x.subject}</td>
                  <td>{x.queueName}</td>
                  <td className="nowrap">{date(x.missedAt)}</td>
                  <td>{num(x.missedCalls)}</td>
                  <td className="col-actions nowrap">
                    <button
                      type="button"
                      className="button button-primary button-small"
                      disabled={!x.canCall || busy !== null}
                      title={x.canCall ? undefined : t('tickets.noCampaign')}
                      aria-label={t('tickets.callOne', { phone: x.phone })}
                      onClick={() => void callBack(x)}
                    >
                      {t('tickets.call')}
                    </button>{' '}
                    <button type="button" className="button button-small" aria-label={t('tickets.closeOne', { phone: x.phone })} onClick={() => void close(x)}>
                      {t('tickets.close')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ListCard>
    </div>
  );
}
