// Issue 5: the e-mail page — SMTP accounts, templates, received and sent mail.
import { useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { AccountsTab } from './Accounts.tsx';
import { InboundTab, SentTab } from './Received.tsx';
import { TemplatesTab } from './Templates.tsx';

const tabs = ['accounts', 'templates', 'inbound', 'log'] as const;

export function MailPage() {
  const { t } = useI18n();
  const [tab, setTab] = useState<(typeof tabs)[number]>('accounts');
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('mail.title')}</h1>
      </div>
      <div className="tabs" role="tablist" aria-label={t('mail.title')}>
        {tabs.map((x) => (
          <button key={x} type="button" role="tab" aria-selected={tab === x} className={`tab${tab === x ? ' tab-active' : ''}`} onClick={() => setTab(x)}>
            {t(`mail.tab.${x}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === 'accounts' && <AccountsTab />}
        {tab === 'templates' && <TemplatesTab />}
        {tab === 'inbound' && <InboundTab />}
        {tab === 'log' && <SentTab />}
      </div>
    </div>
  );
}
