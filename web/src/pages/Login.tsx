import { type FormEvent, useState } from 'react';
import { api, type Language, type Me } from '../api.ts';
import { languages, useI18n } from '../i18n/index.tsx';
import { errorText, Field, fieldError } from '../ui.tsx';

export function LoginPage({ onLogin }: { onLogin: (me: Me) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLogin(await api<Me>('POST', '/api/auth/login', { username, password }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const general = error && !fieldError(error, 'username', i18n) && !fieldError(error, 'password', i18n) ? errorText(error, i18n) : null;

  return (
    <div className="login-screen">
      <form className="login-card" onSubmit={submit} noValidate>
        <div className="login-brand">
          <span className="brand-mark" aria-hidden="true">
            P
          </span>
          <div>
            <div className="login-title">Parley</div>
            <div className="login-sub">{t('login.subtitle')}</div>
          </div>
        </div>
        <h1>{t('login.title')}</h1>
        {general && (
          <div className="alert alert-error" role="alert">
            {general}
          </div>
        )}
        <Field label={t('login.username')} error={fieldError(error, 'username', i18n)}>
          {(id) => <input id={id} name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />}
        </Field>
        <Field label={t('login.password')} error={fieldError(error, 'password', i18n)}>
          {(id) => (
            <input id={id} name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          )}
        </Field>
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? t('common.wait') : t('login.submit')}
        </button>
        <label className="login-lang">
          <span>{t('header.language')}</span>
          <select value={i18n.lang} onChange={(e) => i18n.setLang(e.target.value as Language)}>
            {languages.map((l) => (
              <option key={l} value={l}>
                {t(`language.${l}`)}
              </option>
            ))}
          </select>
        </label>
      </form>
    </div>
  );
}
