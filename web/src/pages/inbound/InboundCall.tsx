// Blending in the agent panel: the inbound call the agent is on (no case: the caller reached a
// queue), with its caller, queue and a "Hang up" button.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { useServerEvents } from '../../jobs.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useToast } from '../../ui.tsx';

interface InboundCall {
  id: number;
  queueName: string;
  phone: string;
  answeredAt: string;
}

export function InboundCallBanner() {
  const { t } = useI18n();
  const toast = useToast();
  const [call, setCall] = useState<InboundCall | null>(null);
  const load = useCallback(() => {
    api<{ call: InboundCall | null }>('GET', '/api/agent/inbound').then((r) => setCall(r.call), toast.error);
  }, [toast]);
  useEffect(load, [load]);
  useServerEvents((m) => {
    if (m.type === 'agent.changed') load();
  });
  if (!call) return null;
  return (
    <div className="agent-callctl agent-callctl-talking" role="status" data-testid="inbound-call">
      {t('tickets.onInbound', { phone: call.phone, queue: call.queueName })}{' '}
      <button type="button" className="button button-danger button-small" onClick={() => void api('POST', '/api/agent/inbound/hangup').catch(toast.error)}>
        {t('tickets.hangup')}
      </button>
    </div>
  );
}
