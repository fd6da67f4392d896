// The shell: sign-in, the header (language, user, sign-out), the navigation by permission,
// the pages, and the jobs tray.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, type Language, type Me, setUnauthenticatedHandler } from './api.ts';
import { type Key, languages, useI18n } from './i18n/index.tsx';
import { jobStore, JobsTray } from './jobs.tsx';
import { CampaignDetailPage, CampaignsPage } from './pages/Campaigns.tsx';
import { ContactsPage, resetContactsView } from './pages/Contacts.tsx';
import { FieldsPage } from './pages/Fields.tsx';
import { ImportsPage } from './pages/Imports.tsx';
import { MailPage } from './pages/mail/MailPage.tsx';
import { LoginPage } from './pages/Login.tsx';
import { AgentPanelPage } from './pages/agent/AgentPanel.tsx';
import { AgentGroupsPage } from './pages/AgentGroups.tsx';
import { ProcessEditorPage } from './pages/processes/ProcessEditor.tsx';
import { ProcessesPage } from './pages/processes/Processes.tsx';
import { StatusDictionaryPage } from './pages/processes/StatusDictionary.tsx';
import { TokensPage } from './pages/Tokens.tsx';
import { UsersPage } from './pages/Users.tsx';
import { WallboardPage } from './pages/wallboard/Wallboard.tsx';
import { ActionsPage } from './pages/actions/ActionsPage.tsx';
import { IntegrationsPage } from './pages/actions/IntegrationsPage.tsx';
import { NotificationBell } from './pages/actions/NotificationBell.tsx';
import { QueuesPage } from './pages/inbound/Queues.tsx';
import { TicketsPage } from './pages/inbound/Tickets.tsx';
import { Link, match, navigate, usePath } from './router.tsx';
import { type Session, SessionProvider } from './session.tsx';
import { useToast } from './ui.tsx';

interface NavItem {
  path: string;
  label: Key;
  permission: string;
}
const nav: NavItem[] = [
  { path: '/agent', label: 'nav.agent', permission: 'agent.work' },
  { path: '/tickets', label: 'nav.tickets', permission: 'agent.work' },
  { path: '/contacts', label: 'nav.contacts', permission: 'contacts.read' },
  { path: '/imports', label: 'nav.imports', permission: 'contacts.import' },
  { path: '/campaigns', label: 'nav.campaigns', permission: 'campaigns.read' },
  { path: '/wallboard', label: 'nav.wallboard', permission: 'wallboard.read' },
  { path: '/statuses', label: 'nav.statuses', permission: 'campaigns.read' },
  { path: '/processes', label: 'nav.processes', permission: 'campaigns.read' },
  { path: '/agent-groups', label: 'nav.agentGroups', permission: 'campaigns.read' },
  { path: '/actions', label: 'nav.actions', permission: 'cases.read' },
  { path: '/integrations', label: 'nav.integrations', permission: 'integrations.manage' },
  { path: '/mail', label: 'nav.mail', permission: 'mail.manage' },
  { path: '/queues', label: 'nav.queues', permission: 'campaigns.read' },
  { path: '/fields', label: 'nav.fields', permission: 'fields.manage' },
  { path: '/users', label: 'nav.users', permission: 'users.manage' },
  { path: '/tokens', label: 'nav.tokens', permission: 'self' },
];

export function App() {
  const i18n = useI18n();
  const { t, setLang } = i18n;
  const toast = useToast();
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const path = usePath();

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      jobStore.stop();
      resetContactsView();
      setMe(null);
    });
    api<Me>('GET', '/api/auth/me')
      .then((m) => {
        setMe(m);
        setLang(m.user.language);
      })
      .catch(() => setMe(null))
      .finally(() => setLoading(false));
  }, [setLang]);

  const logout = useCallback(async () => {
    try {
      await api('POST', '/api/auth/logout');
    } catch {
      /* signed out anyway */
    }
    jobStore.stop();
    resetContactsView();
    setMe(null);
    navigate('/', { replace: true });
  }, []);

  const session = useMemo<Session | null>(() => (me ? { me, can: (p) => me.permissions.includes(p), setMe, logout } : null), [me, logout]);

  const allowed = session ? nav.filter((n) => session.can(n.permission)) : [];
  const home = allowed[0]?.path ?? '/tokens';

  useEffect(() => {
    if (session && (path === '/' || path === '/login')) navigate(home, { replace: true });
  }, [session, path, home]);

  if (loading) return <div className="boot" aria-busy="true" />;
  if (!session) {
    return (
      <LoginPage
        onLogin={(m) => {
          setMe(m);
          setLang(m.user.language);
        }}
      />
    );
  }

  const changeLanguage = async (lang: Language) => {
    setLang(lang);
    try {
      const user = await api<Me['user']>('PATCH', '/api/auth/me', { language: lang });
      setMe({ ...session.me, user });
    } catch (err) {
      toast.error(err);
    }
  };

  const page = renderPage(path, session);

  return (
    <SessionProvider value={session}>
      <div className="shell">
        <header className="topbar">
          <Link to={home} className="brand">
            <span className="brand-mark" aria-hidden="true">
              P
            </span>
            Parley
          </Link>
          <div className="topbar-right">
            <label className="lang-switch">
              <span>{t('header.language')}</span>
              <select value={i18n.lang} onChange={(e) => void changeLanguage(e.target.value as Language)}>
                {languages.map((l) => (
                  <option key={l} value={l}>
                    {t(`language.${l}`)}
                  </option>
                ))}
              </select>
            </label>
            <NotificationBell />
            <span className="user-chip" title={session.me.user.username}>
              {session.me.user.displayName} <span className="role">{t(`role.${session.me.user.role}`)}</span>
            </span>
            <button type="button" className="button button-ghost" onClick={() => void logout()}>
              {t('header.logout')}
            </button>
          </div>
        </header>
        <nav className="sidenav" aria-label={t('nav.label')}>
          <ul>
            {allowed.map((n) => (
              <li key={n.path}>
                <Link
                  to={n.path}
                  className={path === n.path || path.startsWith(`${n.path}/`) ? 'active' : undefined}
                  aria-current={path === n.path ? 'page' : undefined}
                >
                  {t(n.label)}
                </Link>
              </li>
            ))}
            <li>
              <a href="/docs" target="_blank" rel="noreferrer">
                {t('nav.docs')} ↗
              </a>
            </li>
          </ul>
        </nav>
        <main className="content">{page ?? <NotFound />}</main>
        <JobsTray />
      </div>
    </SessionProvider>
  );
}

function renderPage(path: string, s: Session) {
  if (path === '/contacts' && s.can('contacts.read')) return <ContactsPage />;
  if (path === '/imports' && s.can('contacts.import')) return <ImportsPage />;
  if (path === '/campaigns' && s.can('campaigns.read')) return <CampaignsPage />;
  const c = match('/campaigns/:id', path);
  if (c && s.can('campaigns.read')) return <CampaignDetailPage id={Number(c.id)} />;
  if (path === '/agent' && s.can('agent.work')) return <AgentPanelPage />;
  if (path === '/wallboard' && s.can('wallboard.read')) return <WallboardPage />;
  if (path === '/statuses' && s.can('campaigns.read')) return <StatusDictionaryPage />;
  if (path === '/processes' && s.can('campaigns.read')) return <ProcessesPage />;
  if (path === '/agent-groups' && s.can('campaigns.read')) return <AgentGroupsPage />;
  if (path === '/queues' && s.can('campaigns.read')) return <QueuesPage />;
  if (path === '/tickets' && s.can('agent.work')) return <TicketsPage />;
  const p = match('/processes/:id', path);
  if (p && s.can('campaigns.read')) return <ProcessEditorPage id={p.id === 'new' ? null : Number(p.id)} />;
  if (path === '/actions' && s.can('cases.read')) return <ActionsPage />;
  if (path === '/integrations' && s.can('integrations.manage')) return <IntegrationsPage />;
  if (path === '/mail' && s.can('mail.manage')) return <MailPage />;
  if (path === '/fields' && s.can('fields.manage')) return <FieldsPage />;
  if (path === '/users' && s.can('users.manage')) return <UsersPage />;
  if (path === '/tokens') return <TokensPage />;
  if (path === '/' || path === '/login') return <div />;
  return null;
}

function NotFound() {
  const { t } = useI18n();
  return (
    <div className="page">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
    </div>
  );
}
