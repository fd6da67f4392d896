// CP-8 / AS-5: the campaign's cases, one row per contact — the agent working it, its state, the
// last result, connected or rejected, the next attempt — filtered (status, queue, import file,
// agent, text), sorted, paged; group actions on a selection or on everything matching, saved
// views, the case card, and "Why not dialable?" per row.
import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { type ActionRow, ActionTable } from '../actions/ActionTable.tsx';
import { api, type ImportInfo, type TimelineEntry } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { Dialog, Empty, errorText, Field, Pager, useConfirm, useToast } from '../../ui.tsx';
import {
  type Agent,
  type CampaignFull,
  type CaseFilter,
  type CasePage,
  type CaseRow,
  type CaseView,
  fromLocalInput,
  queues,
  type StatusInfo,
} from './model.ts';
import { WhyDialog } from './Why.tsx';

type ActionKind = 'assign_agent' | 'set_status' | 'set_priority';

const sorts = ['order', 'created_asc', 'created_desc', 'next_attempt', 'last_attempt'] as const;

export function queueLabel(i18n: ReturnType<typeof useI18n>, q: string) {
  return i18n.tk(`cases.queue.${q}`, q);
}

export function outcomeLabel(i18n: ReturnType<typeof useI18n>, o: string) {
  return i18n.tk(`stats.outcome.${o}`, o);
}

const caseName = (c: CaseRow) => c.contactName || c.phone1 || c.phone2 || `#${c.contactId}`;

export function CasesTab({ campaign, refreshKey, onChanged }: { campaign: CampaignFull; refreshKey: number; onChanged: () => void }) {
  const i18n = useI18n();
  const { t, num, date } = i18n;
  const session = useSession();
  const toast = useToast();
  const confirm = useConfirm();
  const canManage = session.can('cases.manage');
  const [filter, setFilter] = useState<CaseFilter>({});
  const [text, setText] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<CasePage | null>(null);
  const [loading, setLoading] = useState(false);
  const [statuses, setStatuses] = useState<StatusInfo[]>([]);
  const [agents, setAgents] = useState<Agent[]>([]);
  const [imports, setImports] = useState<ImportInfo[] | null>(null);
  const [views, setViews] = useState<CaseView[]>([]);
  const [viewId, setViewId] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [action, setAction] = useState<ActionKind | null>(null);
  const [why, setWhy] = useState<CaseRow | null>(null);
  const [card, setCard] = useState<CaseRow | null>(null);
  const [savingView, setSavingView] = useState(false);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    api<StatusInfo[]>('GET', `/api/campaigns/${campaign.id}/statuses`).then(setStatuses, toast.error);
    api<Agent[]>('GET', '/api/agents').then(setAgents, toast.error);
    if (session.can('contacts.import')) api<ImportInfo[]>('GET', '/api/imports').then(setImports, () => setImports(null));
  }, [campaign.id, session, toast]);

  const loadViews = useCallback(() => {
    api<CaseView[]>('GET', `/api/campaigns/${campaign.id}/case-views`).then(setViews, toast.error);
  }, [campaign.id, toast]);
  useEffect(loadViews, [loadViews]);

  // the text filter waits for a pause in typing
  useEffect(() => {
    const timer = window.setTimeout(() => {
      setFilter((f) => ((f.q ?? '') === text.trim() ? f : { ...f, q: text.trim() || undefined }));
      setPage(1);
    }, 300);
    return () => window.clearTimeout(timer);
  }, [text]);

  const query = useMemo(() => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== '') p.set(k, String(v));
    if (page > 1) p.set('page', String(page));
    return p.toString();
  }, [filter, page]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey refetches on a pushed change
  useEffect(() => {
    let stale = false;
    setLoading(true);
    api<CasePage>('GET', `/api/campaigns/${campaign.id}/cases${query ? `?${query}` : ''}`)
      .then(
        (r) => {
          if (!stale) setData(r);
        },
        (e) => !stale && toast.error(e),
      )
      .finally(() => !stale && setLoading(false));
    return () => {
      stale = true;
    };
  }, [campaign.id, query, refreshKey, reload, toast]);

  const change = (patch: Partial<CaseFilter>) => {
    setFilter((f) => {
      const next: CaseFilter = { ...f, ...patch };
      for (const k of Object.keys(next) as (keyof CaseFilter)[]) if (next[k] === undefined || next[k] === '') delete next[k];
      return next;
    });
    setPage(1);
    setViewId('');
    setSelected(new Set());
    setAllMatching(false);
  };

  const applyView = (id: string) => {
    setViewId(id);
    const v = views.find((x) => String(x.id) === id);
    if (!v) return;
    setFilter(v.filter ?? {});
    setText(v.filter?.q ?? '');
    setPage(1);
    setSelected(new Set());
    setAllMatching(false);
  };

  const deleteView = async () => {
    const v = views.find((x) => String(x.id) === viewId);
    if (!v) return;
    const ok = await confirm({
      title: t('cases.views.deleteTitle', { name: v.name }),
      text: t('cases.views.deleteText'),
      confirm: t('common.delete'),
      danger: true,
    });
    if (!ok) return;
    try {
      await api('DELETE', `/api/case-views/${v.id}`);
      setViewId('');
      loadViews();
    } catch (err) {
      toast.error(err);
    }
  };

  const items = data?.items ?? [];
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const pageIds = items.filter((c) => !c.releasedAt).map((c) => String(c.id));
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  const count = allMatching ? (data?.total ?? 0) : selected.size;
  const target = (): { caseIds?: number[]; filter?: CaseFilter } => (allMatching ? { filter } : { caseIds: [...selected].map(Number) });

  const done = (affected: number) => {
    toast.success(t('cases.actions.done', { n: num(affected) }));
    setSelected(new Set());
    setAllMatching(false);
    setAction(null);
    onChanged();
    // the list refreshes from the pushed campaign.changed too; this makes it immediate
    setReload((n) => n + 1);
  };

  const remove = async () => {
    const ok = await confirm({
      title: t('cases.actions.deleteTitle', { n: num(count) }),
      text: t('cases.actions.deleteText'),
      confirm: t('cases.actions.delete'),
      danger: true,
    });
    if (!ok) return;
    try {
      const r = await api<{ affected: number }>('POST', `/api/campaigns/${campaign.id}/cases/actions`, { ...target(), action: { kind: 'delete' } });
      done(r.affected);
    } catch (err) {
      toast.error(err);
    }
  };

  const importName = (id: number | null) => {
    if (!id) return '';
    const f = imports?.find((x) => x.id === id);
    return f ? f.fileName : `#${id}`;
  };

  return (
    <div className="cases-tab">
      <section className="card">
        <div className="cases-filters">
          <label className="stack-label">
            {t('cases.filter.search')}
            <input type="search" placeholder={t('cases.filter.searchPlaceholder')} value={text} onChange={(e) => setText(e.target.value)} />
          </label>
          <label className="stack-label">
            {t('cases.filter.status')}
            <select value={filter.statusId ?? ''} onChange={(e) => change({ statusId: e.target.value ? Number(e.target.value) : undefined })}>
              <option value="">{t('cases.filter.any')}</option>
              {statuses.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label className="stack-label">
            {t('cases.filter.queue')}
            <select value={filter.queue ?? ''} onChange={(e) => change({ queue: e.target.value || undefined })}>
              <option value="">{t('cases.filter.any')}</option>
              {queues.map((q) => (
                <option key={q} value={q}>
                  {queueLabel(i18n, q)}
                </option>
              ))}
            </select>
          </label>
          {/* biome-ignore lint/a11y/noLabelWithoutControl: the label holds a select or an input */}
          <label className="stack-label">
            {t('cases.filter.import')}
            {imports ? (
              <select value={filter.importId ?? ''} onChange={(e) => change({ importId: e.target.value ? Number(e.target.value) : undefined })}>
                <option value="">{t('cases.filter.any')}</option>
                {imports.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.fileName} ({date(f.createdAt)})
                  </option>
                ))}
              </select>
            ) : (
              <input
                type="number"
                min={1}
                placeholder={t('cases.filter.importId')}
                value={filter.importId ?? ''}
                onChange={(e) => change({ importId: e.target.value ? Number(e.target.value) : undefined })}
              />
            )}
          </label>
          <label className="stack-label">
            {t('cases.filter.agent')}
            <select value={filter.agentId ?? ''} onChange={(e) => change({ agentId: e.target.value ? Number(e.target.value) : undefined })}>
              <option value="">{t('cases.filter.any')}</option>
              {agents.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.displayName}
                </option>
              ))}
            </select>
          </label>
          <label className="stack-label">
            {t('cases.filter.success')}
            <select
              value={filter.success === undefined ? '' : String(filter.success)}
              onChange={(e) => change({ success: e.target.value === '' ? undefined : e.target.value === 'true' })}
            >
              <option value="">{t('cases.filter.any')}</option>
              <option value="true">{t('cases.filter.successYes')}</option>
              <option value="false">{t('cases.filter.successNo')}</option>
            </select>
          </label>
          <label className="stack-label">
            {t('cases.sort')}
            <select
              value={filter.sort ?? 'order'}
              onChange={(e) => change({ sort: e.target.value === 'order' ? undefined : (e.target.value as CaseFilter['sort']) })}
            >
              {sorts.map((s) => (
                <option key={s} value={s}>
                  {i18n.tk(`cases.sort.${s}`, s)}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-check cases-released">
            <input type="checkbox" checked={!!filter.includeReleased} onChange={(e) => change({ includeReleased: e.target.checked || undefined })} />
            {t('cases.filter.includeReleased')}
          </label>
        </div>
        <div className="cases-views">
          <label className="inline-label">
            {t('cases.views.label')}
            <select value={viewId} onChange={(e) => applyView(e.target.value)}>
              <option value="">{views.length ? t('cases.views.choose') : t('cases.views.none')}</option>
              {views.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name}
                </option>
              ))}
            </select>
          </label>
          {viewId && (
            <button type="button" className="link link-danger" onClick={() => void deleteView()}>
              {t('cases.views.delete')}
            </button>
          )}
          <button type="button" className="button button-small" onClick={() => setSavingView(true)}>
            {t('cases.views.save')}
          </button>
          {Object.keys(filter).length > 0 && (
            <button
              type="button"
              className="link"
              onClick={() => {
                setText('');
                setFilter({});
                setViewId('');
                setPage(1);
              }}
            >
              {t('filter.clear')}
            </button>
          )}
          <span className="spacer" />
          <span className="muted" data-testid="cases-total">
            {data ? t('cases.totalN', { n: num(data.total) }) : ''}
          </span>
        </div>
      </section>

      {canManage && (selected.size > 0 || allMatching) && (
        <div className="table-toolbar selection-bar" role="toolbar" aria-label={t('cases.actions.label')}>
          <span className="selection-info">{t('cases.selectedN', { n: num(count) })}</span>
          {!allMatching && allOnPage && data && data.total > selected.size && (
            <button type="button" className="link" onClick={() => setAllMatching(true)}>
              {t('cases.selectAllMatching', { n: num(data.total) })}
            </button>
          )}
          <span className="spacer" />
          <button type="button" className="button button-small" onClick={() => setAction('assign_agent')}>
            {t('cases.actions.assign')}
          </button>
          <button type="button" className="button button-small" onClick={() => setAction('set_status')}>
            {t('cases.actions.setStatus')}
          </button>
          <button type="button" className="button button-small" onClick={() => setAction('set_priority')}>
            {t('cases.actions.setPriority')}
          </button>
          <button type="button" className="button button-small button-danger" onClick={() => void remove()}>
            {t('cases.actions.delete')}
          </button>
          <button
            type="button"
            className="link"
            onClick={() => {
              setSelected(new Set());
              setAllMatching(false);
            }}
          >
            {t('contacts.clearSelection')}
          </button>
        </div>
      )}

      <section className={`card${loading ? ' is-loading' : ''}`}>
        {!data ? (
          <p className="muted">{t('common.loading')}</p>
        ) : items.length === 0 ? (
          <Empty>{Object.keys(filter).length ? t('cases.noneMatch') : t('cases.none')}</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table cases-table">
              <thead>
                <tr>
                  {canManage && (
                    <th className="col-check">
                      <input
                        type="checkbox"
                        aria-label={t('contacts.selectPage')}
                        checked={allOnPage}
                        onChange={(e) => {
                          const next = new Set(selected);
                          for (const id of pageIds) {
                            if (e.target.checked) next.add(id);
                            else next.delete(id);
                          }
                          setSelected(next);
                          setAllMatching(false);
                        }}
                      />
                    </th>
                  )}
                  <th>{t('cases.col.contact')}</th>
                  <th>{t('col.city')}</th>
                  <th>{t('cases.col.agent')}</th>
                  <th>{t('cases.col.state')}</th>
                  <th>{t('cases.col.result')}</th>
                  <th>{t('cases.col.call')}</th>
                  <th className="num">{t('cases.col.attempts')}</th>
                  <th>{t('cases.col.next')}</th>
                  <th className="num">{t('cases.col.priority')}</th>
                  <th>{t('cases.col.created')}</th>
                  <th className="col-actions">
                    <span className="visually-hidden">{t('col.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => {
                  const id = String(c.id);
                  const name = caseName(c);
                  return (
                    <tr key={id} data-case-id={id} className={`${selected.has(id) || allMatching ? 'selected' : ''}${c.releasedAt ? ' inactive' : ''}`}>
                      {canManage && (
                        <td className="col-check">
                          <input
                            type="checkbox"
                            aria-label={t('cases.selectOne', { name })}
                            disabled={!!c.releasedAt}
                            checked={allMatching || selected.has(id)}
                            onChange={(e) => {
                              const next = new Set(selected);
                              if (e.target.checked) next.add(id);
                              else next.delete(id);
                              setSelected(next);
                              setAllMatching(false);
                            }}
                          />
                        </td>
                      )}
                      <td>
                        <button type="button" className="link case-contact" onClick={() => setCard(c)}>
                          {name}
                        </button>
                        <div className="muted small">{c.phone1 ?? c.phone2 ?? ''}</div>
                        {c.importId && imports && <div className="muted small">{importName(c.importId)}</div>}
                      </td>
                      <td>{c.city ?? ''}</td>
                      <td>
                        {c.lockedByName ? (
                          <span title={t('cases.workingNow')}>
                            <span className="live-dot" aria-hidden="true" /> {c.lockedByName}
                          </span>
                        ) : (
                          (c.owner ?? c.agent ?? <span className="muted">—</span>)
                        )}
                        {c.owner && !c.lockedByName && <div className="muted small">{t('cases.privateOwner')}</div>}
                      </td>
                      <td>
                        <span className={`badge badge-queue-${c.queue}`}>{queueLabel(i18n, c.queue)}</span>
                        {c.releasedAt && <div className="muted small">{t('cases.released')}</div>}
                      </td>
                      <td>
                        {c.status ? (
                          <span className="nowrap">
                            <span className="color-dot" style={{ background: c.statusColor ?? '#64748b' }} /> {c.status}
                          </span>
                        ) : (
                          <span className="muted">—</span>
                        )}
                        {c.success && (
                          <span className="badge badge-success" title={t('cases.success')}>
                            ★ {t('cases.success')}
                          </span>
                        )}
                      </td>
                      <td>
                        {c.lastConnected === null ? (
                          <span className="muted">—</span>
                        ) : c.lastConnected ? (
                          <span className="badge badge-state-running">{t('cases.connected')}</span>
                        ) : (
                          <span className="badge badge-danger">
                            {t('cases.notConnected')}
                            {c.lastOutcome ? ` · ${outcomeLabel(i18n, c.lastOutcome)}` : ''}
                          </span>
                        )}
                      </td>
                      <td className="num">{num(c.attempts)}</td>
                      <td className="nowrap">{c.nextAttemptAt ? date(c.nextAttemptAt) : <span className="muted">—</span>}</td>
                      <td className="num">{c.priority}</td>
                      <td className="nowrap">{date(c.createdAt)}</td>
                      <td className="col-actions">
                        <button type="button" className="button button-small" aria-label={t('cases.whyOne', { name })} onClick={() => setWhy(c)}>
                          {t('cases.why')}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {data && data.total > data.pageSize && <Pager className="cases-pager" page={page} pages={pages} onPage={setPage} />}
      </section>

      {why && <WhyDialog caseId={why.id} title={t('cases.whyTitle', { name: caseName(why) })} onClose={() => setWhy(null)} />}
      {card && <CaseCardDialog row={card} onClose={() => setCard(null)} onWhy={() => setWhy(card)} />}
      {savingView && (
        <SaveViewDialog
          campaignId={campaign.id}
          filter={filter}
          onClose={() => setSavingView(false)}
          onSaved={(v) => {
            setSavingView(false);
            loadViews();
            setViewId(String(v.id));
            toast.success(t('cases.views.saved', { name: v.name }));
          }}
        />
      )}
      {action && (
        <ActionDialog
          kind={action}
          campaignId={campaign.id}
          count={count}
          target={target()}
          statuses={statuses}
          agents={agents}
          onClose={() => setAction(null)}
          onDone={done}
        />
      )}
    </div>
  );
}

function SaveViewDialog({
  campaignId,
  filter,
  onClose,
  onSaved,
}: {
  campaignId: number;
  filter: CaseFilter;
  onClose: () => void;
  onSaved: (v: CaseView) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      onSaved(await api<CaseView>('POST', `/api/campaigns/${campaignId}/case-views`, { name: name.trim(), filter }));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Dialog
      title={t('cases.views.saveTitle')}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form="view-form" className="button button-primary" disabled={!name.trim()}>
            {t('common.save')}
          </button>
        </>
      }
    >
      <form id="view-form" onSubmit={submit} noValidate>
        <Field label={t('cases.views.name')} hint={t('cases.views.nameHint')} error={error ? errorText(error, i18n) : undefined}>
          {(id) => <input id={id} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />}
        </Field>
      </form>
    </Dialog>
  );
}

function ActionDialog({
  kind,
  campaignId,
  count,
  target,
  statuses,
  agents,
  onClose,
  onDone,
}: {
  kind: ActionKind;
  campaignId: number;
  count: number;
  target: { caseIds?: number[]; filter?: CaseFilter };
  statuses: StatusInfo[];
  agents: Agent[];
  onClose: () => void;
  onDone: (affected: number) => void;
}) {
  const i18n = useI18n();
  const { t, num } = i18n;
  const [agentId, setAgentId] = useState('');
  const [statusId, setStatusId] = useState('');
  const [callbackAt, setCallbackAt] = useState('');
  const [note, setNote] = useState('');
  const [priority, setPriority] = useState('10');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const status = statuses.find((s) => String(s.id) === statusId);
  const usable = statuses.filter((s) => s.active);

  const title =
    kind === 'assign_agent'
      ? t('cases.actions.assignTitle', { n: num(count) })
      : kind === 'set_status'
        ? t('cases.actions.statusTitle', { n: num(count) })
        : t('cases.actions.priorityTitle', { n: num(count) });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      let action: Record<string, unknown>;
      if (kind === 'assign_agent') action = { kind, agentId: agentId === 'none' ? null : Number(agentId) };
      else if (kind === 'set_status') {
        action = { kind, statusId: Number(statusId) };
        if (note.trim()) action.note = note.trim();
        const at = status?.agentPicksTime ? fromLocalInput(callbackAt) : null;
        if (at) action.callbackAt = at;
      } else action = { kind, priority: Number(priority) };
      const r = await api<{ affected: number }>('POST', `/api/campaigns/${campaignId}/cases/actions`, { ...target, action });
      onDone(r.affected);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const ready = kind === 'assign_agent' ? !!agentId : kind === 'set_status' ? !!statusId && (!status?.agentPicksTime || !!callbackAt) : priority.trim() !== '';

  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form="case-action-form" className="button button-primary" disabled={!ready || busy}>
            {t('cases.actions.apply', { n: num(count) })}
          </button>
        </>
      }
    >
      <form id="case-action-form" onSubmit={submit} noValidate>
        {error !== null && (
          <div className="alert alert-error" role="alert">
            {errorText(error, i18n)}
          </div>
        )}
        {kind === 'assign_agent' && (
          <Field label={t('cases.actions.agent')} hint={t('cases.actions.assignHint')}>
            {(id) => (
              <select id={id} value={agentId} onChange={(e) => setAgentId(e.target.value)}>
                <option value="">{t('cases.actions.chooseAgent')}</option>
                <option value="none">{t('cases.actions.nobody')}</option>
                {agents
                  .filter((a) => a.active)
                  .map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.displayName}
                    </option>
                  ))}
              </select>
            )}
          </Field>
        )}
        {kind === 'set_status' && (
          <>
            <Field label={t('cases.actions.status')}>
              {(id) => (
                <select id={id} value={statusId} onChange={(e) => setStatusId(e.target.value)}>
                  <option value="">{t('cases.actions.chooseStatus')}</option>
                  {usable.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {status?.agentPicksTime && (
              <Field label={t('cases.actions.callbackAt')} hint={t('cases.actions.callbackHint')}>
                {(id) => <input id={id} type="datetime-local" value={callbackAt} onChange={(e) => setCallbackAt(e.target.value)} />}
              </Field>
            )}
            <Field label={t('cases.actions.note')}>
              {(id) => <textarea id={id} rows={2} value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />}
            </Field>
            <p className="muted small">{t('cases.actions.statusHint')}</p>
          </>
        )}
        {kind === 'set_priority' && (
          <Field label={t('cases.actions.priority')} hint={t('cases.actions.priorityHint')}>
            {(id) => <input id={id} type="number" min={-100} max={100} value={priority} onChange={(e) => setPriority(e.target.value)} />}
          </Field>
        )}
      </form>
    </Dialog>
  );
}

interface CaseCard {
  case: Record<string, unknown> & { statusName: string | null; ownerName: string | null; lockedByName: string | null };
  contact: Record<string, unknown>;
  phone: string | null;
  attempts: Record<string, unknown>[];
  history: Record<string, unknown>[];
  actions: ActionRow[];
  timeline: TimelineEntry[];
}

function CaseCardDialog({ row, onClose, onWhy }: { row: CaseRow; onClose: () => void; onWhy: () => void }) {
  const i18n = useI18n();
  const { t, date } = i18n;
  const [card, setCard] = useState<CaseCard | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<CaseCard>('GET', `/api/cases/${row.id}`).then(setCard, setError);
  }, [row.id]);
  const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const k = card?.case;
  const ct = card?.contact;
  return (
    <Dialog
      wide
      title={t('cases.cardTitle', { name: caseName(row) })}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onWhy}>
            {t('cases.why')}
          </button>
          <button type="button" className="button button-primary" onClick={onClose}>
            {t('common.close')}
          </button>
        </>
      }
    >
      {error !== null && (
        <div className="alert alert-error" role="alert">
          {errorText(error, i18n)}
        </div>
      )}
      {!card && error === null && <p className="muted">{t('common.loading')}</p>}
      {card && k && ct && (
        <div className="case-card">
          <div className="form-grid">
            <dl className="meta">
              <dt>{t('cases.col.contact')}</dt>
              <dd>{caseName(row)}</dd>
              <dt>{t('cases.card.phone')}</dt>
              <dd>{card.phone ?? '—'}</dd>
              <dt>{t('col.address')}</dt>
              <dd>{[s(ct.street), s(ct.houseNumber), s(ct.postalCode), s(ct.city)].filter(Boolean).join(' ') || '—'}</dd>
              <dt>{t('contact.email')}</dt>
              <dd>{s(ct.email) || '—'}</dd>
            </dl>
            <dl className="meta">
              <dt>{t('cases.col.state')}</dt>
              <dd>{queueLabel(i18n, s(k.queue))}</dd>
              <dt>{t('cases.col.result')}</dt>
              <dd>{k.statusName ?? '—'}</dd>
              <dt>{t('cases.col.attempts')}</dt>
              <dd>{s(k.attempts)}</dd>
              <dt>{t('cases.col.next')}</dt>
              <dd>{k.callableAt && k.queue !== 'closed' ? date(s(k.callableAt)) : '—'}</dd>
              <dt>{t('cases.col.agent')}</dt>
              <dd>{k.lockedByName ?? k.ownerName ?? '—'}</dd>
              <dt>{t('cases.col.priority')}</dt>
              <dd>{s(k.priority)}</dd>
            </dl>
          </div>
          <h3 className="section-title">{t('cases.card.history')}</h3>
          {card.history.length === 0 ? (
            <p className="muted">{t('cases.card.noHistory')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>{t('cases.card.when')}</th>
                    <th>{t('cases.card.change')}</th>
                    <th>{t('cases.card.by')}</th>
                    <th>{t('cases.card.note')}</th>
                  </tr>
                </thead>
                <tbody>
                  {card.history.map((h) => (
                    <tr key={s(h.id)}>
                      <td className="nowrap">{date(s(h.at))}</td>
                      <td>
                        {s(h.fromStatus) || '—'} → <strong>{s(h.toStatus) || '—'}</strong>
                        {h.queue ? <span className="muted"> · {queueLabel(i18n, s(h.queue))}</span> : null}
                      </td>
                      <td>{s(h.requester)}</td>
                      <td>{s(h.note)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {card.actions.length > 0 && (
            <>
              <h3 className="section-title">{t('actions.caseTitle')}</h3>
              <ActionTable items={card.actions} withCase={false} onChanged={() => api<CaseCard>('GET', `/api/cases/${row.id}`).then(setCard, setError)} />
            </>
          )}
          <h3 className="section-title">{t('cases.card.attempts')}</h3>
          {card.attempts.length === 0 ? (
            <p className="muted">{t('cases.card.noAttempts')}</p>
          ) : (
            <ul className="plain-list">
              {card.attempts.map((a) => (
                <li key={s(a.id)}>
                  <span className="nowrap">{date(s(a.endedAt ?? a.startedAt))}</span> · {outcomeLabel(i18n, s(a.outcome))}
                  {a.connected ? ` · ${t('cases.connected')}` : ''}
                  {a.note ? <span className="muted"> · {s(a.note)}</span> : null}
                </li>
              ))}
            </ul>
          )}
          <h3 className="section-title">{t('cases.card.timeline')}</h3>
          {card.timeline.length === 0 ? (
            <p className="muted">{t('timeline.empty')}</p>
          ) : (
            <ol className="timeline">
              {card.timeline.slice(0, 30).map((e) => (
                <li key={e.id} className={`timeline-item timeline-${e.kind}`}>
                  <time>{date(e.at)}</time>
                  <span>
                    {i18n.tk(`timeline.kind.${e.kind}`, e.kind)}
                    {e.kind === 'status' && typeof e.data?.status === 'string' ? `: ${e.data.status}` : null}
                    {e.campaignId ? (
                      <span className="muted">
                        {' '}
                        · {e.campaignName ?? `${t('timeline.campaign')} ${e.campaignId}`}
                      </span>
                    ) : null}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </Dialog>
  );
}
