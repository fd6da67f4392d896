// SMTP accounts: list, add/edit in a dialog (the password is write-only), test mail, delete.
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Dialog, errorText, Field, fieldError, ListCard, useConfirmedDelete, useToast } from '../../ui.tsx';
import type { SmtpAccount } from './types.ts';

type Draft = Omit<SmtpAccount, 'id' | 'hasPassword' | 'port'> & { port: string; password: string };
const blank: Draft = { name: '', host: '', port: '587', security: 'starttls', username: '', password: '', fromAddress: '', fromName: '', isDefault: false };

const toDraft = (a: SmtpAccount): Draft => ({
  name: a.name,
  host: a.host,
  port: String(a.port),
  security: a.security,
  username: a.username ?? '',
  password: '',
  fromAddress: a.fromAddress,
  fromName: a.fromName,
  isDefault: a.isDefault,
});

export function AccountsTab() {
  const { t } = useI18n();
  const toast = useToast();
  const confirmDelete = useConfirmedDelete();
  const [list, setList] = useState<SmtpAccount[] | null>(null);
  const [editing, setEditing] = useState<{ id: number | null; draft: Draft; hasPassword: boolean } | null>(null);
  const [testing, setTesting] = useState<SmtpAccount | null>(null);
  const load = useCallback(() => void api<SmtpAccount[]>('GET', '/api/mail/accounts').then(setList, toast.error), [toast]);
  useEffect(load, [load]);

  const remove = (a: SmtpAccount) =>
    confirmDelete({
      title: t('mail.account.deleteTitle'),
      text: t('mail.account.deleteText', { name: a.name }),
      url: `/api/mail/accounts/${a.id}`,
      done: load,
    });

  return (
    <>
      <div className="table-toolbar">
        <button type="button" className="button button-primary" onClick={() => setEditing({ id: null, draft: blank, hasPassword: false })}>
          + {t('mail.account.add')}
        </button>
      </div>
      <ListCard items={list} empty={t('mail.account.none')}>
        {(items) => (
          <table className="table">
            <thead>
              <tr>
                <th>{t('mail.account.name')}</th>
                <th>{t('mail.account.host')}</th>
                <th>{t('mail.account.security')}</th>
                <th>{t('mail.account.from')}</th>
                <th className="col-actions">{t('col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id}>
                  <td>
                    {a.name} {a.isDefault && <span className="badge badge-info">{t('mail.account.default')}</span>}
                  </td>
                  <td>
                    {a.host}:{a.port}
                  </td>
                  <td>{t(`mail.account.security.${a.security}`)}</td>
                  <td>{a.fromName ? `${a.fromName} <${a.fromAddress}>` : a.fromAddress}</td>
                  <td className="col-actions nowrap">
                    <button type="button" className="link" onClick={() => setEditing({ id: a.id, hasPassword: a.hasPassword, draft: toDraft(a) })}>
                      {t('common.edit')}
                    </button>{' '}
                    <button type="button" className="link" onClick={() => setTesting(a)}>
                      {t('mail.account.test')}
                    </button>{' '}
                    <button type="button" className="link link-danger" onClick={() => void remove(a)}>
                      {t('common.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ListCard>
      {editing && (
        <AccountDialog
          {...editing}
          onClose={() => setEditing(null)}
          onSaved={(name) => {
            toast.success(t('mail.account.saved', { name }));
            setEditing(null);
            load();
          }}
        />
      )}
      {testing && <TestDialog account={testing} onClose={() => setTesting(null)} />}
    </>
  );
}

function AccountDialog({
  id,
  draft,
  hasPassword,
  onClose,
  onSaved,
}: {
  id: number | null;
  draft: Draft;
  hasPassword: boolean;
  onClose: () => void;
  onSaved: (name: string) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [d, setD] = useState(draft);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const { password, port, ...rest } = d;
    // an empty password on edit keeps the stored one
    const body = { ...rest, port: Number(port), username: rest.username || null, ...(password || id === null ? { password: password || null } : {}) };
    try {
      await api(id === null ? 'POST' : 'PUT', id === null ? '/api/mail/accounts' : `/api/mail/accounts/${id}`, body);
      onSaved(d.name);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const fe = (f: string) => fieldError(error, f, i18n);
  const fields = ['name', 'host', 'port', 'security', 'username', 'password', 'fromAddress', 'fromName'];
  const general = error && !fields.some((f) => fe(f)) ? errorText(error, i18n) : null;
  return (
    <Dialog
      title={id === null ? t('mail.account.add') : t('mail.account.edit')}
      onClose={onClose}
      footer={
        <button type="submit" form="smtp-account-form" className="button button-primary" disabled={busy}>
          {t('common.save')}
        </button>
      }
    >
      <form id="smtp-account-form" onSubmit={save} noValidate>
        {general && (
          <div className="alert alert-error" role="alert">
            {general}
          </div>
        )}
        <div className="form-grid">
          <Field label={t('mail.account.name')} error={fe('name')}>
            {(fid) => <input id={fid} value={d.name} onChange={(e) => set('name', e.target.value)} />}
          </Field>
          <Field label={t('mail.account.host')} error={fe('host')}>
            {(fid) => <input id={fid} value={d.host} onChange={(e) => set('host', e.target.value)} />}
          </Field>
          <Field label={t('mail.account.port')} error={fe('port')}>
            {(fid) => <input id={fid} inputMode="numeric" value={d.port} onChange={(e) => set('port', e.target.value)} />}
          </Field>
          <Field label={t('mail.account.security')} error={fe('security')}>
            {(fid) => (
              <select id={fid} value={d.security} onChange={(e) => set('security', e.target.value as Draft['security'])}>
                {(['none', 'starttls', 'tls'] as const).map((s) => (
                  <option key={s} value={s}>
                    {t(`mail.account.security.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('mail.account.username')} error={fe('username')}>
            {(fid) => <input id={fid} autoComplete="off" value={d.username ?? ''} onChange={(e) => set('username', e.target.value)} />}
          </Field>
          <Field label={t('mail.account.password')} error={fe('password')} hint={hasPassword ? t('mail.account.passwordKeep') : undefined}>
            {(fid) => <input id={fid} type="password" autoComplete="new-password" value={d.password} onChange={(e) => set('password', e.target.value)} />}
          </Field>
          <Field label={t('mail.account.from')} error={fe('fromAddress')}>
            {(fid) => <input id={fid} type="email" value={d.fromAddress} onChange={(e) => set('fromAddress', e.target.value)} />}
          </Field>
          <Field label={t('mail.account.fromName')} error={fe('fromName')}>
            {(fid) => <input id={fid} value={d.fromName} onChange={(e) => set('fromName', e.target.value)} />}
          </Field>
        </div>
        <div className="field field-check">
          <label>
            <input type="checkbox" checked={d.isDefault} onChange={(e) => set('isDefault', e.target.checked)} /> {t('mail.account.default')}
          </label>
        </div>
      </form>
    </Dialog>
  );
}

function TestDialog({ account, onClose }: { account: SmtpAccount; onClose: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const [to, setTo] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const send = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/api/mail/accounts/${account.id}/test`, { to: to.trim() });
      toast.success(t('mail.account.testSent', { to: to.trim() }));
      onClose();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={`${t('mail.account.test')}: ${account.name}`}
      onClose={onClose}
      footer={
        <button type="submit" form="smtp-test-form" className="button button-primary" disabled={busy || !to.trim()}>
          {t('mail.account.test')}
        </button>
      }
    >
      <form id="smtp-test-form" onSubmit={send} noValidate>
        <Field label={t('mail.account.testTo')} error={error ? errorText(error, i18n) : undefined}>
          {(fid) => <input id={fid} type="email" value={to} onChange={(e) => setTo(e.target.value)} />}
        </Field>
      </form>
    </Dialog>
  );
}
