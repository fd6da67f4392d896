// API tokens of the signed-in user (Authorization: Bearer …); a new token is shown once.
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, type ApiToken } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';
import { errorText, Field, fieldError, useConfirm, useToast, ListCard } from '../ui.tsx';

export function TokensPage() {
  const i18n = useI18n();
  const { t, date } = i18n;
  const toast = useToast();
  const confirm = useConfirm();
  const [list, setList] = useState<ApiToken[] | null>(null);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    api<ApiToken[]>('GET', '/api/auth/tokens').then(setList, toast.error);
  }, [toast]);
  useEffect(load, [load]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ id: number; name: string; token: string }>('POST', '/api/auth/tokens', { name: name.trim() });
      setCreated(r);
      setName('');
      load();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (tok: ApiToken) => {
    if (!(await confirm({ title: t('tokens.revokeTitle'), text: t('tokens.revokeText', { name: tok.name }), confirm: t('tokens.revoke'), danger: true })))
      return;
    try {
      await api('DELETE', `/api/auth/tokens/${tok.id}`);
      load();
    } catch (err) {
      toast.error(err);
    }
  };

  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.token);
      toast.success(t('tokens.copied'));
    } catch {
      toast.info(t('tokens.copyManually'));
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('tokens.title')}</h1>
      </div>
      <p className="muted intro">{t('tokens.intro')}</p>
      <form className="card" onSubmit={create} noValidate aria-label={t('tokens.create')}>
        <h2 className="card-title">{t('tokens.create')}</h2>
        {error !== null && !fieldError(error, 'name', i18n) && (
          <div className="alert alert-error" role="alert">
            {errorText(error, i18n)}
          </div>
        )}
        <div className="inline-fields">
          <Field label={t('tokens.name')} hint={t('tokens.nameHint')} error={fieldError(error, 'name', i18n)}>
            {(id) => <input id={id} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <div className="field field-button">
            <button type="submit" className="button button-primary" disabled={busy}>
              + {t('tokens.create')}
            </button>
          </div>
        </div>
        {created && (
          <div className="token-once" role="status">
            <p>
              <strong>{t('tokens.onceTitle', { name: created.name })}</strong> {t('tokens.onceText')}
            </p>
            <div className="token-row">
              <code className="token-value" data-testid="new-token">
                {created.token}
              </code>
              <button type="button" className="button button-small" onClick={() => void copy()}>
                {t('tokens.copy')}
              </button>
              <button type="button" className="button button-small button-ghost" onClick={() => setCreated(null)}>
                {t('common.close')}
              </button>
            </div>
          </div>
        )}
      </form>
      <ListCard items={list} empty={t('tokens.none')}>
        {(list) => (
          <table className="table">
            <thead>
              <tr>
                <th>{t('tokens.name')}</th>
                <th>{t('tokens.created')}</th>
                <th>{t('tokens.lastUsed')}</th>
                <th className="col-actions">{t('col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((tok) => (
                <tr key={tok.id}>
                  <td>{tok.name}</td>
                  <td className="nowrap">{date(tok.createdAt)}</td>
                  <td className="nowrap">{tok.lastUsedAt ? date(tok.lastUsedAt) : t('tokens.never')}</td>
                  <td className="col-actions">
                    <button type="button" className="link link-danger" onClick={() => void revoke(tok)}>
                      {t('tokens.revoke')}
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
