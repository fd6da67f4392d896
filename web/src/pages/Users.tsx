// Users and their roles (administrators).
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, type Language, type Role, type User } from '../api.ts';
import { languages, useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import { Dialog, errorText, Field, fieldError, useToast, ListCard } from '../ui.tsx';

const roles: Role[] = ['admin', 'manager', 'supervisor', 'agent'];

export function UsersPage() {
  const { t } = useI18n();
  const toast = useToast();
  const [list, setList] = useState<User[] | null>(null);
  const [editing, setEditing] = useState<User | 'new' | null>(null);

  const load = useCallback(() => {
    api<User[]>('GET', '/api/users').then(setList, toast.error);
  }, [toast]);
  useEffect(load, [load]);

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('users.title')}</h1>
        <div className="page-actions">
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            + {t('users.add')}
          </button>
        </div>
      </div>
      <ListCard items={list} empty={t('users.none')}>
        {(list) => (
          <table className="table">
            <thead>
              <tr>
                <th>{t('users.username')}</th>
                <th>{t('users.displayName')}</th>
                <th>{t('users.role')}</th>
                <th>{t('users.language')}</th>
                <th>{t('users.active')}</th>
                <th className="col-actions">{t('col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((u) => (
                <tr key={u.id} className={u.active ? undefined : 'inactive'}>
                  <td>{u.username}</td>
                  <td>{u.displayName}</td>
                  <td>{t(`role.${u.role}`)}</td>
                  <td>{t(`language.${u.language}`)}</td>
                  <td>{u.active ? t('common.yes') : <span className="badge badge-muted">{t('common.no')}</span>}</td>
                  <td className="col-actions">
                    <button type="button" className="link" aria-label={t('users.editOne', { name: u.username })} onClick={() => setEditing(u)}>
                      {t('common.edit')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ListCard>
      {editing && (
        <UserDialog
          user={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(u) => {
            setEditing(null);
            toast.success(t('users.saved', { name: u.username }));
            load();
          }}
        />
      )}
    </div>
  );
}

function UserDialog({ user, onClose, onSaved }: { user: User | null; onClose: () => void; onSaved: (u: User) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { me } = useSession();
  const [username, setUsername] = useState(user?.username ?? '');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [role, setRole] = useState<Role>(user?.role ?? 'agent');
  const [language, setLanguage] = useState<Language>(user?.language ?? i18n.lang);
  const [active, setActive] = useState(user?.active ?? true);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved = user
        ? await api<User>('PATCH', `/api/users/${user.id}`, { displayName: displayName.trim(), role, language, active, ...(password ? { password } : {}) })
        : await api<User>('POST', '/api/users', { username: username.trim(), displayName: displayName.trim(), role, language, password });
      onSaved(saved);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const fe = (f: string) => fieldError(error, f, i18n);
  const general = error && !['username', 'displayName', 'role', 'password', 'active'].some((f) => fe(f)) ? errorText(error, i18n) : null;
  const self = user?.id === me.user.id;

  return (
    <Dialog
      title={user ? t('users.editTitle', { name: user.username }) : t('users.add')}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form="user-form" className="button button-primary" disabled={busy}>
            {t('common.save')}
          </button>
        </>
      }
    >
      <form id="user-form" onSubmit={submit} noValidate>
        {general && (
          <div className="alert alert-error" role="alert">
            {general}
          </div>
        )}
        <Field label={t('users.username')} error={fe('username')}>
          {(id) => <input id={id} value={username} disabled={!!user} autoComplete="off" onChange={(e) => setUsername(e.target.value)} />}
        </Field>
        <Field label={t('users.displayName')} error={fe('displayName')}>
          {(id) => <input id={id} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
        </Field>
        <div className="form-grid">
          <Field label={t('users.role')} error={fe('role')}>
            {(id) => (
              <select id={id} value={role} disabled={self} onChange={(e) => setRole(e.target.value as Role)}>
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {t(`role.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('users.language')}>
            {(id) => (
              <select id={id} value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
                {languages.map((l) => (
                  <option key={l} value={l}>
                    {t(`language.${l}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field label={user ? t('users.newPassword') : t('users.password')} hint={t('users.passwordHint')} error={fe('password')}>
          {(id) => <input id={id} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        {user && (
          <div className="field field-check">
            <label>
              <input type="checkbox" checked={active} disabled={self} onChange={(e) => setActive(e.target.checked)} /> {t('users.active')}
            </label>
            {fe('active') && <div className="field-error">{fe('active')}</div>}
          </div>
        )}
      </form>
    </Dialog>
  );
}
