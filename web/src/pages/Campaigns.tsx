// CP-1..CP-10, AS-5, AS-7, AG-3, ST-4: the campaign list (state, type, mode, counts, search,
// state actions) and a campaign's detail with its tabs — settings, script, statuses, cases,
// statistics, attempts and dialability. Managers edit; supervisors read.
import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, api } from '../api.ts';
import { type Key, useI18n } from '../i18n/index.tsx';
import { Link, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { Dialog, errorText, Field, fieldError, ListCard, useConfirm, useToast } from '../ui.tsx';
import { AttemptsTab } from './campaigns/Attempts.tsx';
import { CasesTab } from './campaigns/Cases.tsx';
import { DialabilityTab } from './campaigns/Dialability.tsx';
import {
  type CampaignFull,
  type CampaignListRow,
  type CampaignSettings,
  type CampaignState,
  normalizeField,
  settingKeys,
  stateActions,
  useCampaignEvents,
} from './campaigns/model.ts';
import { ScriptTab } from './campaigns/Script.tsx';
import { SettingsTab } from './campaigns/Settings.tsx';
import { StatsTab } from './campaigns/Stats.tsx';
import { StatusesTab } from './campaigns/Statuses.tsx';

// ---------------------------------------------------------------------------------------------
// the list

export function CampaignsPage() {
  const i18n = useI18n();
  const { t, num, date } = i18n;
  const session = useSession();
  const toast = useToast();
  const canManage = session.can('campaigns.manage');
  const [list, setList] = useState<CampaignListRow[] | null>(null);
  const [q, setQ] = useState('');
  const [stateFilter, setStateFilter] = useState('');
  const [creating, setCreating] = useState(false);
  const [problems, setProblems] = useState<{ id: number; name: string; problems: string[] } | null>(null);

  const load = useCallback(() => {
    api<CampaignListRow[]>('GET', `/api/campaigns${q.trim() ? `?q=${encodeURIComponent(q.trim())}` : ''}`).then(setList, toast.error);
  }, [q, toast]);
  useEffect(() => {
    const timer = window.setTimeout(load, 150);
    return () => window.clearTimeout(timer);
  }, [load]);

  const changeState = useStateChange((id, name, p) => setProblems({ id, name, problems: p }));
  const shown = list && stateFilter ? list.filter((c) => c.state === stateFilter) : list;

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('campaigns.title')}</h1>
        <div className="page-actions">
          <label className="visually-hidden" htmlFor="campaign-state-filter">
            {t('campaign.list.stateFilter')}
          </label>
          <select id="campaign-state-filter" className="select-inline" value={stateFilter} onChange={(e) => setStateFilter(e.target.value)}>
            <option value="">{t('campaign.list.allStates')}</option>
            {(['draft', 'running', 'paused', 'stopped', 'finished'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`campaign.state.${s}`)}
              </option>
            ))}
          </select>
          <label className="search">
            <span className="visually-hidden">{t('campaigns.search')}</span>
            <input type="search" placeholder={t('campaigns.search')} aria-label={t('campaigns.search')} value={q} onChange={(e) => setQ(e.target.value)} />
          </label>
          {canManage && (
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              + {t('campaigns.new')}
            </button>
          )}
        </div>
      </div>
      <ListCard items={shown} empty={q || stateFilter ? t('campaign.list.noMatch') : t('campaigns.none')}>
        {(rows) => (
          <div className="table-wrap">
            <table className="table campaigns-table">
              <thead>
                <tr>
                  <th className="num col-id">{t('col.id')}</th>
                  <th>{t('campaigns.name')}</th>
                  <th>{t('campaigns.type')}</th>
                  <th>{t('campaigns.state')}</th>
                  <th>{t('campaign.mode')}</th>
                  <th className="num">{t('assign.allContacts')}</th>
                  <th className="num">{t('assign.unusedContacts')}</th>
                  <th className="num">{t('campaign.list.orderParity')}</th>
                  <th>{t('campaign.list.valid')}</th>
                  <th>{t('campaigns.created')}</th>
                  {canManage && <th className="col-actions">{t('col.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => {
                  const next = stateActions[c.state]?.[0];
                  return (
                    <tr key={c.id} data-campaign-id={c.id}>
                      <td className="num">
                        <Link to={`/campaigns/${c.id}`}>{c.id}</Link>
                      </td>
                      <td>
                        <Link to={`/campaigns/${c.id}`}>{c.name}</Link>
                      </td>
                      <td>
                        <TypeBadge type={c.type} />
                      </td>
                      <td>
                        <StateBadge state={c.state} />
                      </td>
                      <td>{modeLabel(i18n, c.mode)}</td>
                      <td className="num">{num(c.total)}</td>
                      <td className="num">{num(c.unused)}</td>
                      <td className="num">
                        {c.sortOrder} / {c.parity}
                      </td>
                      <td className="nowrap">
                        {c.validFrom || c.validTo ? `${c.validFrom ? date(c.validFrom) : '…'} – ${c.validTo ? date(c.validTo) : t('campaign.noEnd')}` : '—'}
                      </td>
                      <td className="nowrap">{date(c.createdAt)}</td>
                      {canManage && (
                        <td className="col-actions">
                          {next && next.action !== 'stop' && next.action !== 'finish' && (
                            <button
                              type="button"
                              className="button button-small"
                              aria-label={`${actionLabel(i18n, next.action)} ${c.name}`}
                              onClick={() => void changeState(c.id, c.name, next.to).then((ok) => ok && load())}
                            >
                              {actionLabel(i18n, next.action)}
                            </button>
                          )}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </ListCard>
      {creating && (
        <NewCampaignDialog
          onClose={() => setCreating(false)}
          onCreated={(c) => {
            setCreating(false);
            toast.success(t('campaigns.createdToast', { id: c.id, name: c.name }));
            load();
          }}
        />
      )}
      {problems && (
        <Dialog
          title={t('campaign.notReadyTitle', { name: problems.name })}
          onClose={() => setProblems(null)}
          footer={
            <>
              <button type="button" className="button" onClick={() => setProblems(null)}>
                {t('common.close')}
              </button>
              <button type="button" className="button button-primary" onClick={() => navigate(`/campaigns/${problems.id}`)}>
                {t('campaign.openSettings')}
              </button>
            </>
          }
        >
          <ProblemList problems={problems.problems} />
        </Dialog>
      )}
    </div>
  );
}

function NewCampaignDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (c: CampaignFull) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [type, setType] = useState<'outbound' | 'callback'>('outbound');
  const [mode, setMode] = useState<'preview' | 'progressive' | 'predictive'>('preview');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<{ id: number }>('GET', '/api/campaigns/next-id').then((r) => setId((v) => v || String(r.id)), setError);
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { name: name.trim(), type, mode };
      if (id.trim()) body.id = Number(id);
      onCreated(await api<CampaignFull>('POST', '/api/campaigns', body));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const general = error && !fieldError(error, 'id', i18n) && !fieldError(error, 'name', i18n) ? errorText(error, i18n) : null;

  return (
    <Dialog
      title={t('campaigns.new')}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form="campaign-form" className="button button-primary" disabled={busy}>
            {t('common.create')}
          </button>
        </>
      }
    >
      <form id="campaign-form" onSubmit={submit} noValidate>
        {general && (
          <div className="alert alert-error" role="alert">
            {general}
          </div>
        )}
        <Field label={t('campaigns.id')} hint={t('campaigns.idHint')} error={fieldError(error, 'id', i18n)}>
          {(fid) => <input id={fid} inputMode="numeric" maxLength={5} value={id} onChange={(e) => setId(e.target.value.replace(/\D/g, ''))} />}
        </Field>
        <Field label={t('campaigns.name')} error={fieldError(error, 'name', i18n)}>
          {(fid) => <input id={fid} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <div className="form-grid">
          <Field label={t('campaigns.type')}>
            {(fid) => (
              <select id={fid} value={type} onChange={(e) => setType(e.target.value as 'outbound' | 'callback')}>
                <option value="outbound">{t('campaign.type.outbound')}</option>
                <option value="callback">{t('campaign.type.callback')}</option>
              </select>
            )}
          </Field>
          <Field label={t('campaign.mode')}>
            {(fid) => (
              <select id={fid} value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
                <option value="preview">{t('campaign.mode.preview')}</option>
                <option value="progressive">{t('campaign.mode.progressive')}</option>
                <option value="predictive">{t('campaign.mode.predictive')}</option>
              </select>
            )}
          </Field>
        </div>
        <p className="muted small">{t('campaign.newHint')}</p>
      </form>
    </Dialog>
  );
}

// ---------------------------------------------------------------------------------------------
// shared bits

export function StateBadge({ state }: { state: string }) {
  const i18n = useI18n();
  return <span className={`badge badge-state-${state}`}>{i18n.tk(`campaign.state.${state}`, state)}</span>;
}

function TypeBadge({ type }: { type: string }) {
  const i18n = useI18n();
  return <span className={`badge badge-type badge-type-${type}`}>{i18n.tk(`campaign.type.${type}`, type)}</span>;
}

function modeLabel(i18n: ReturnType<typeof useI18n>, mode: string) {
  return i18n.tk(`campaign.mode.${mode}`, mode);
}

function actionLabel(i18n: ReturnType<typeof useI18n>, action: string) {
  return i18n.tk(`campaign.action.${action}`, action);
}

/** The server's readiness problems (English sentences) in the user's language where known. */
export function problemText(i18n: ReturnType<typeof useI18n>, p: string): string {
  const { t } = i18n;
  if (p.startsWith('No agents')) return t('campaign.problem.noAgents');
  if (p.startsWith('No status an agent can set')) return t('campaign.problem.noStatus');
  const expired = /^The campaign expired on (\S+?);/.exec(p);
  if (expired) return t('campaign.problem.expired', { date: i18n.date(expired[1]) });
  const proc = /^Its process (\d+) does not exist/.exec(p);
  if (proc) return t('campaign.problem.process', { id: proc[1] });
  return p;
}

function ProblemList({ problems }: { problems: string[] }) {
  const i18n = useI18n();
  return (
    <ul className="problem-list" data-testid="campaign-problems">
      {problems.map((p) => (
        <li key={p}>{problemText(i18n, p)}</li>
      ))}
    </ul>
  );
}

/**
 * POST /state with a confirmation for stop and finish (they return the contacts to the
 * database); `onNotReady` gets the readiness problems when the campaign cannot run.
 */
function useStateChange(onNotReady: (id: number, name: string, problems: string[]) => void) {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const confirm = useConfirm();
  return useCallback(
    async (id: number, name: string, to: CampaignState): Promise<boolean> => {
      if (to === 'stopped' || to === 'finished') {
        const ok = await confirm({
          title: to === 'stopped' ? t('campaign.confirmStopTitle', { name }) : t('campaign.confirmFinishTitle', { name }),
          text: to === 'stopped' ? t('campaign.confirmStopText') : t('campaign.confirmFinishText'),
          confirm: to === 'stopped' ? t('campaign.action.stop') : t('campaign.action.finish'),
          danger: true,
        });
        if (!ok) return false;
      }
      try {
        await api('POST', `/api/campaigns/${id}/state`, { state: to });
        toast.success(t('campaign.stateChanged', { name, state: i18n.tk(`campaign.state.${to}`, to) }));
        return true;
      } catch (err) {
        if (err instanceof ApiError && err.code === 'campaign_not_ready') {
          const d = err.details as { problems?: string[] } | undefined;
          onNotReady(id, name, d?.problems?.length ? d.problems : [err.message]);
        } else toast.error(err);
        return false;
      }
    },
    [confirm, i18n, onNotReady, t, toast],
  );
}

// ---------------------------------------------------------------------------------------------
// the detail

const tabs = ['settings', 'script', 'statuses', 'cases', 'stats', 'attempts', 'dialability'] as const;
type Tab = (typeof tabs)[number];
const tabLabels: Record<Tab, Key> = {
  settings: 'campaign.tab.settings',
  script: 'campaign.tab.script',
  statuses: 'campaign.tab.statuses',
  cases: 'campaign.tab.cases',
  stats: 'campaign.tab.stats',
  attempts: 'campaign.tab.attempts',
  dialability: 'campaign.tab.dialability',
};

function initialTab(canManage: boolean): Tab {
  const v = new URLSearchParams(window.location.search).get('tab');
  return (tabs as readonly string[]).includes(v ?? '') ? (v as Tab) : canManage ? 'settings' : 'stats';
}

const pick = (c: CampaignFull): CampaignSettings => Object.fromEntries(settingKeys.map((k) => [k, c[k]])) as unknown as CampaignSettings;

/** A campaign's page; another campaign (a clone just made) starts afresh. */
export function CampaignDetailPage({ id }: { id: number }) {
  return <CampaignDetail key={id} id={id} />;
}

function CampaignDetail({ id }: { id: number }) {
  const i18n = useI18n();
  const { t, num, date } = i18n;
  const session = useSession();
  const toast = useToast();
  const confirm = useConfirm();
  const canManage = session.can('campaigns.manage');
  const [c, setC] = useState<CampaignFull | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [draft, setDraft] = useState<CampaignSettings | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [tab, setTabState] = useState<Tab>(() => initialTab(canManage));
  const [refreshKey, setRefreshKey] = useState(0);
  const [startProblems, setStartProblems] = useState<string[] | null>(null);
  const [cloning, setCloning] = useState(false);

  const setTab = (next: Tab) => {
    setTabState(next);
    // the tab survives a reload
    history.replaceState(null, '', `/campaigns/${id}?tab=${next}`);
  };

  const load = useCallback(
    (resetDraft: boolean) =>
      api<CampaignFull>('GET', `/api/campaigns/${id}`).then(
        (x) => {
          setC(x);
          setLoadError(null);
          if (resetDraft) setDraft(pick(x));
        },
        (err) => setLoadError(err),
      ),
    [id],
  );
  useEffect(() => {
    setC(null);
    setDraft(null);
    void load(true);
  }, [load]);

  // a case changed: counts, readiness and the open tab refresh (the draft stays as it is)
  useCampaignEvents(id, () => {
    void load(false);
    setRefreshKey((k) => k + 1);
  });

  const original = useMemo(() => (c ? pick(c) : null), [c]);
  const changed = useMemo(() => {
    if (!draft || !original) return [] as (keyof CampaignSettings)[];
    return settingKeys.filter((k) => JSON.stringify(draft[k]) !== JSON.stringify(original[k]));
  }, [draft, original]);

  const save = async () => {
    if (!draft || !changed.length) return;
    setSaving(true);
    setSaveError(null);
    try {
      const body: Record<string, unknown> = {};
      for (const k of changed) body[k] = draft[k];
      const saved = await api<CampaignFull>('PATCH', `/api/campaigns/${id}`, body);
      setC(saved);
      setDraft(pick(saved));
      toast.success(t('campaign.saved', { name: saved.name }));
      if (saved.id !== id) navigate(`/campaigns/${saved.id}${window.location.search}`, { replace: true });
    } catch (err) {
      setSaveError(err);
      // the settings with an error may sit on the other editing tab
      if (err instanceof ApiError && err.field) {
        const f = normalizeField(err.field);
        if (f.startsWith('script') || f.startsWith('confirmationScript')) setTab('script');
        else if (tab !== 'settings' && !f.startsWith('state')) setTab('settings');
      }
    } finally {
      setSaving(false);
    }
  };

  const discard = () => {
    if (original) setDraft(original);
    setSaveError(null);
  };

  const changeState = useStateChange(
    useCallback((_id: number, _name: string, problems: string[]) => {
      setStartProblems(problems);
    }, []),
  );
  const runAction = async (to: CampaignState) => {
    if (!c) return;
    if (changed.length) {
      toast.info(t('campaign.saveFirst'));
      return;
    }
    setStartProblems(null);
    if (await changeState(c.id, c.name, to)) {
      await load(false);
      setRefreshKey((k) => k + 1);
    }
  };

  const remove = async () => {
    if (!c) return;
    const ok = await confirm({
      title: t('campaign.deleteTitle', { name: c.name }),
      text: t('campaign.deleteText'),
      confirm: t('common.delete'),
      danger: true,
    });
    if (!ok) return;
    try {
      await api('DELETE', `/api/campaigns/${c.id}`);
      toast.success(t('campaign.deleted', { name: c.name }));
      navigate('/campaigns');
    } catch (err) {
      toast.error(err);
    }
  };

  const editing = tab === 'settings' || tab === 'script';

  return (
    <div className="page campaign-page">
      <div className="page-head campaign-head">
        <div className="campaign-title">
          <h1>
            <Link to="/campaigns" className="back-link" aria-label={t('common.back')}>
              ‹
            </Link>{' '}
            {c ? `${c.id} · ${c.name}` : t('campaigns.title')}
          </h1>
          {c && (
            <div className="campaign-badges">
              <StateBadge state={c.state} />
              <TypeBadge type={c.type} />
              <span className="badge badge-muted">{modeLabel(i18n, c.mode)}</span>
              {c.clonedFrom && (
                <span className="muted small">
                  {t('campaign.clonedFrom')} <Link to={`/campaigns/${c.clonedFrom}`}>{c.clonedFrom}</Link>
                </span>
              )}
            </div>
          )}
        </div>
        {c && canManage && (
          <div className="page-actions">
            {stateActions[c.state].map(({ to, action }) => (
              <button
                key={action}
                type="button"
                className={`button ${action === 'start' || action === 'resume' ? 'button-accent' : action === 'stop' || action === 'finish' ? '' : 'button-primary'}`}
                onClick={() => void runAction(to)}
              >
                {actionLabel(i18n, action)}
              </button>
            ))}
            <button type="button" className="button" onClick={() => setCloning(true)}>
              {t('campaign.clone')}
            </button>
            {c.state === 'draft' && c.total === 0 && (
              <button type="button" className="button button-ghost link-danger" onClick={() => void remove()}>
                {t('common.delete')}
              </button>
            )}
          </div>
        )}
      </div>
      {loadError !== null && (
        <div className="alert alert-error" role="alert">
          {errorText(loadError, i18n)}
        </div>
      )}
      {c && (
        <>
          {startProblems && (
            <div className="alert alert-error" role="alert" data-testid="start-problems">
              <strong>{t('campaign.cannotStart')}</strong>
              <ProblemList problems={startProblems} />
            </div>
          )}
          {!startProblems && !c.ready.ok && (c.state === 'draft' || c.state === 'paused') && (
            <div className="alert alert-warn" data-testid="readiness">
              <strong>{t('campaign.notReadyYet')}</strong>
              <ProblemList problems={c.ready.problems} />
            </div>
          )}
          <div className="stats stats-cards campaign-summary">
            <div className="stat card">
              <span className="stat-label">{t('assign.allContacts')}</span>
              <span className="stat-value" data-testid="campaign-total">
                {num(c.total)}
              </span>
            </div>
            <div className="stat card">
              <span className="stat-label">{t('assign.unusedContacts')}</span>
              <span className="stat-value" data-testid="campaign-unused">
                {num(c.unused)}
              </span>
            </div>
            <div className="stat card">
              <span className="stat-label">{t('campaign.routing')}</span>
              <span className="stat-value stat-value-small">
                {t('campaign.routingSummary', { agents: num(c.agentIds.length), groups: num(c.agentGroupIds.length) })}
              </span>
            </div>
            <div className="stat card">
              <span className="stat-label">{t('campaign.validity')}</span>
              <span className="stat-value stat-value-small">
                {c.validFrom ? date(c.validFrom) : t('campaign.fromNow')} – {c.validTo ? date(c.validTo) : t('campaign.noEnd')}
              </span>
            </div>
          </div>
          <div className="tabs" role="tablist" aria-label={t('campaign.tabs')}>
            {tabs.map((x) => (
              <button
                key={x}
                type="button"
                role="tab"
                id={`campaign-tab-${x}`}
                aria-selected={tab === x}
                aria-controls={`campaign-panel-${x}`}
                className={`tab${tab === x ? ' tab-active' : ''}`}
                onClick={() => setTab(x)}
              >
                {t(tabLabels[x])}
                {(x === 'settings' || x === 'script') && changed.some((k) => (x === 'script') === (k === 'script' || k === 'confirmationScript')) && (
                  <span className="tab-dot" title={t('campaign.unsaved')} />
                )}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`campaign-panel-${tab}`} aria-labelledby={`campaign-tab-${tab}`} className="tab-panel">
            {tab === 'settings' && draft && (
              <SettingsTab campaign={c} draft={draft} onChange={setDraft} error={saveError} readOnly={!canManage} refreshKey={refreshKey} />
            )}
            {tab === 'script' && draft && <ScriptTab draft={draft} onChange={setDraft} error={saveError} readOnly={!canManage} />}
            {tab === 'statuses' && (
              <StatusesTab
                campaign={c}
                readOnly={!canManage}
                onChanged={() => {
                  void load(false);
                }}
              />
            )}
            {tab === 'cases' && <CasesTab campaign={c} refreshKey={refreshKey} onChanged={() => void load(false)} />}
            {tab === 'stats' && <StatsTab campaign={c} refreshKey={refreshKey} />}
            {tab === 'attempts' && <AttemptsTab campaign={c} refreshKey={refreshKey} />}
            {tab === 'dialability' && <DialabilityTab campaign={c} refreshKey={refreshKey} onRefresh={() => void load(false)} />}
          </div>
          {canManage && editing && (
            <div className={`save-bar${changed.length ? ' save-bar-dirty' : ''}`}>
              <span className="save-bar-text">
                {saveError ? (
                  <span className="field-error" role="alert">
                    {errorText(saveError, i18n)}
                  </span>
                ) : changed.length ? (
                  t('campaign.unsavedN', { n: changed.length })
                ) : (
                  t('campaign.allSaved')
                )}
              </span>
              <button type="button" className="button" disabled={!changed.length || saving} onClick={discard}>
                {t('campaign.discard')}
              </button>
              <button type="button" className="button button-primary" disabled={!changed.length || saving} onClick={() => void save()}>
                {saving ? t('common.wait') : t('common.save')}
              </button>
            </div>
          )}
        </>
      )}
      {cloning && c && <CloneDialog campaign={c} onClose={() => setCloning(false)} />}
    </div>
  );
}

function CloneDialog({ campaign, onClose }: { campaign: CampaignFull; onClose: () => void }) {
  const i18n = useI18n();
  const { t, num } = i18n;
  const toast = useToast();
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [withContacts, setWithContacts] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { withContacts };
      if (name.trim()) body.name = name.trim();
      if (id.trim()) body.id = Number(id);
      const r = await api<{ campaign: CampaignFull; copiedCases: number; skippedInUse: number; skippedBlocked: number }>(
        'POST',
        `/api/campaigns/${campaign.id}/clone`,
        body,
      );
      toast.success(
        withContacts
          ? t('campaign.clonedWithContacts', {
              name: r.campaign.name,
              copied: num(r.copiedCases),
              inUse: num(r.skippedInUse),
              blocked: num(r.skippedBlocked),
            })
          : t('campaign.cloned', { name: r.campaign.name }),
      );
      onClose();
      navigate(`/campaigns/${r.campaign.id}?tab=settings`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const general = error && !fieldError(error, 'id', i18n) && !fieldError(error, 'name', i18n) ? errorText(error, i18n) : null;

  return (
    <Dialog
      title={t('campaign.cloneTitle', { name: campaign.name })}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form="clone-form" className="button button-primary" disabled={busy}>
            {t('campaign.clone')}
          </button>
        </>
      }
    >
      <form id="clone-form" onSubmit={submit} noValidate>
        <p className="muted">{t('campaign.cloneIntro')}</p>
        {general && (
          <div className="alert alert-error" role="alert">
            {general}
          </div>
        )}
        <Field label={t('campaign.cloneName')} hint={t('campaign.cloneNameHint', { name: campaign.name })} error={fieldError(error, 'name', i18n)}>
          {(fid) => <input id={fid} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('campaigns.id')} hint={t('campaign.cloneIdHint')} error={fieldError(error, 'id', i18n)}>
          {(fid) => <input id={fid} inputMode="numeric" maxLength={5} value={id} onChange={(e) => setId(e.target.value.replace(/\D/g, ''))} />}
        </Field>
        <div className="field field-check">
          <label>
            <input type="checkbox" checked={withContacts} onChange={(e) => setWithContacts(e.target.checked)} />
            {t('campaign.cloneWithContacts', { n: num(campaign.total) })}
          </label>
          <div className="field-hint">{t('campaign.cloneWithContactsHint')}</div>
        </div>
      </form>
    </Dialog>
  );
}
