// Received e-mail (PR-4e) and sent e-mail: read-only lists.
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ListCard, useToast } from '../../ui.tsx';
import type { InboundMail, SentMail } from './types.ts';

export function InboundTab() {
  const { t, date } = useI18n();
  const toast = useToast();
  const [unmatched, setUnmatched] = useState(false);
  const [list, setList] = useState<InboundMail[] | null>(null);
  useEffect(() => void api<InboundMail[]>('GET', `/api/mail/inbound${unmatched ? '?unmatched=true' : ''}`).then(setList, toast.error), [unmatched, toast]);
  return (
    <>
      <div className="table-toolbar">
        <label>
          <input type="checkbox" checked={unmatched} onChange={(e) => setUnmatched(e.target.checked)} /> {t('mail.inbound.unmatchedOnly')}
        </label>
      </div>
      <ListCard items={list} empty={t('mail.inbound.none')}>
        {(items) => (
          <table className="table">
            <thead>
              <tr>
                <th>{t('mail.at')}</th>
                <th>{t('mail.inbound.from')}</th>
                <th>{t('mail.inbound.subject')}</th>
                <th>{t('mail.inbound.contact')}</th>
                <th className="num">{t('mail.inbound.cases')}</th>
                <th>{t('mail.inbound.via')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
                <tr key={m.id}>
                  <td className="nowrap">{date(m.receivedAt)}</td>
                  <td>{m.fromAddress}</td>
                  <td>{m.subject}</td>
                  <td>{m.contactId ? `#${m.contactId}` : <span className="badge badge-danger">{t('mail.inbound.unknown')}</span>}</td>
                  <td className="num">{m.casesChanged}</td>
                  <td>{m.via}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ListCard>
    </>
  );
}

export function SentTab() {
  const { t, date } = useI18n();
  const toast = useToast();
  const [list, setList] = useState<SentMail[] | null>(null);
  useEffect(() => void api<SentMail[]>('GET', '/api/mail/log').then(setList, toast.error), [toast]);
  return (
    <ListCard items={list} empty={t('mail.log.none')}>
      {(items) => (
        <table className="table">
          <thead>
            <tr>
              <th>{t('mail.at')}</th>
              <th>{t('mail.log.to')}</th>
              <th>{t('mail.inbound.subject')}</th>
              <th>{t('mail.log.state')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.id}>
                <td className="nowrap">{date(m.createdAt)}</td>
                <td>{m.recipient}</td>
                <td>{m.subject}</td>
                <td title={m.error ?? undefined}>
                  <span className={`badge${m.state === 'failed' ? ' badge-danger' : ''}`}>{t(`mail.log.state.${m.state}`)}</span>
                  {m.error && <span className="muted"> {m.error}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </ListCard>
  );
}
