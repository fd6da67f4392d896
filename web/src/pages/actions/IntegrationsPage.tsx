// AC-1: the outside systems automatic actions use, for administrators: the SMS gateway and the
// secret webhooks are signed with. Secrets are write-only: the server says whether one is set.
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { errorText, Field, useToast } from '../../ui.tsx';

interface Integrations {
  sms: { url: string; method: 'POST' | 'GET' | 'PUT'; headers: Record<string, string>; body: string; authorizationSet: boolean; updatedAt: string } | null;
  webhook: { secretSet: boolean; updatedAt: string | null };
}

const headerText = (h: Record<string, string>) =>
  Object.entries(h)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');

/** "Name: value" lines → headers; null when a line is not a header. */
function parseHeaders(text: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (!line) continue;
    const m = line.match(/^([A-Za-z0-9-]{1,100})\s*:\s*(.*)$/);
    if (!m) return null;
    out[m[1]] = m[2];
  }
  return out;
}

export function IntegrationsPage() {
  const i18n = useI18n();
  const { t, date } = i18n;
  const toast = useToast();
  const [data, setData] = useState<Integrations | null>(null);
  const [sms, setSms] = useState({
    url: '',
    method: 'POST' as 'POST' | 'GET' | 'PUT',
    headers: 'Content-Type: application/json',
    body: '{"to":"{{phone}}","text":"{{text}}"}',
  });
  const [authorization, setAuthorization] = useState('');
  const [removeAuthorization, setRemoveAuthorization] = useState(false);
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<{ form: 'sms' | 'webhook'; err: unknown } | null>(null);
  const [busy, setBusy] = useState(false);

  const apply = useCallback((d: Integrations) => {
    setData(d);
    if (d.sms) setSms({ url: d.sms.url, method: d.sms.method, headers: headerText(d.sms.headers), body: d.sms.body });
  }, []);
  useEffect(() => {
    api<Integrations>('GET', '/api/integrations').then(apply, toast.error);
  }, [apply, toast]);

  const saveSms = async (e: FormEvent) => {
    e.preventDefault();
    const headers = parseHeaders(sms.headers);
    if (!headers) return setError({ form: 'sms', err: new Error(t('integrations.headersInvalid')) });
    setBusy(true);
    setError(null);
    try {
      const body = {
        url: sms.url.trim(),
        method: sms.method,
        headers,
        body: sms.body,
        ...(removeAuthorization ? { authorization: null } : authorization.trim() ? { authorization: authorization.trim() } : {}),
      };
      apply(await api<Integrations>('PUT', '/api/integrations/sms', body));
      setAuthorization('');
      setRemoveAuthorization(false);
      toast.success(t('integrations.saved'));
    } catch (err) {
      setError({ form: 'sms', err });
    } finally {
      setBusy(false);
    }
  };

  const saveSecret = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      apply(await api<Integrations>('PUT', '/api/integrations/webhook', { secret }));
      setSecret('');
      toast.success(t('integrations.saved'));
    } catch (err) {
      setError({ form: 'webhook', err });
    } finally {
      setBusy(false);
    }
  };

  const generate = () => {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    setSecret(Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(''));
  };

  const alert = (form: 'sms' | 'webhook') =>
    error?.form === form && (
      <div className="alert alert-error" role="alert">
        {error.err instanceof Error && !('code' in error.err) ? error.err.message : errorText(error.err, i18n)}
      </div>
    );

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('integrations.title')}</h1>
      </div>
      <p className="muted intro">{t('integrations.intro')}</p>
      <form className="card" onSubmit={saveSms} noValidate aria-label={t('integrations.sms')}>
        <h2 className="card-title">{t('integrations.sms')}</h2>
        <p className="muted">{t('integrations.smsHint')}</p>
        {alert('sms')}
        <div className="form-grid">
          <Field label={t('integrations.url')}>
            {(id) => (
              <input id={id} type="url" value={sms.url} placeholder="https://gateway.example/send" onChange={(e) => setSms({ ...sms, url: e.target.value })} />
            )}
          </Field>
          <Field label={t('integrations.method')}>
            {(id) => (
              <select id={id} value={sms.method} onChange={(e) => setSms({ ...sms, method: e.target.value as 'POST' | 'GET' | 'PUT' })}>
                <option value="POST">POST</option>
                <option value="PUT">PUT</option>
                <option value="GET">GET</option>
              </select>
            )}
          </Field>
        </div>
        <Field label={t('integrations.headers')}>
          {(id) => <textarea id={id} rows={3} value={sms.headers} onChange={(e) => setSms({ ...sms, headers: e.target.value })} />}
        </Field>
        <Field label={t('integrations.body')}>
          {(id) => <textarea id={id} rows={3} value={sms.body} onChange={(e) => setSms({ ...sms, body: e.target.value })} />}
        </Field>
        <Field label={t('integrations.authorization')} hint={data?.sms?.authorizationSet ? t('integrations.authorizationSet') : undefined}>
          {(id) => (
            <input
              id={id}
              type="password"
              autoComplete="off"
              value={authorization}
              placeholder="Bearer …"
              disabled={removeAuthorization}
              onChange={(e) => setAuthorization(e.target.value)}
            />
          )}
        </Field>
        {data?.sms?.authorizationSet && (
          <div className="field field-check">
            <label>
              <input type="checkbox" checked={removeAuthorization} onChange={(e) => setRemoveAuthorization(e.target.checked)} />{' '}
              {t('integrations.authorizationRemove')}
            </label>
          </div>
        )}
        <div className="form-actions">
          {data?.sms && <span className="muted small">{date(data.sms.updatedAt)}</span>}
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('common.save')}
          </button>
        </div>
      </form>
      <form className="card" onSubmit={saveSecret} noValidate aria-label={t('integrations.webhook')}>
        <h2 className="card-title">{t('integrations.webhook')}</h2>
        <p className="muted">{t('integrations.webhookHint')}</p>
        <p role="status">{data?.webhook.secretSet ? t('integrations.secretSet') : t('integrations.secretNotSet')}</p>
        {alert('webhook')}
        <div className="inline-fields">
          <Field label={t('integrations.secret')}>
            {(id) => <input id={id} type="text" autoComplete="off" value={secret} minLength={16} onChange={(e) => setSecret(e.target.value)} />}
          </Field>
          <div className="field field-button">
            <button type="button" className="button" onClick={generate}>
              {t('integrations.generate')}
            </button>
          </div>
          <div className="field field-button">
            <button type="submit" className="button button-primary" disabled={busy || secret.length < 16}>
              {t('common.save')}
            </button>
          </div>
        </div>
      </form>
    </div>
  );
}
