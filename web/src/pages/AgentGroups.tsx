// CP-1 routing: agent groups, the teams a campaign can be routed to (managers edit, supervisors read).
import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../api.ts';
import { type I18n, useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import { Dialog, errorText, Field, fieldError, ListCard, useConfirm, useToast } from '../ui.tsx';
import type { Agent, AgentGroup } from './campaigns/model.ts';

const agentName = (a: Agent) => (a.displayName && a.displayName !== a.username ? `${a.displayName} (${a.username})` : a.username);

/** The error of the member list: the API names `memberIds` or one of its items (`memberIds[2]`). */
function membersError(err: unknown, i18n: I18n): string | undefined {
  if (err instanceof ApiError && err.field && /^(body\.)?memberIds\b/.test(err.field)) return errorText(err, i18n);
  return fieldError(err, 'memberIds', i18n);
}

export function AgentGroupsPage() {
  const i18n = useI18n();
  const { t, num } = i18n;
  const toast = useToast();
  const confirm = useConfirm();
  const session = useSession();
  const canManage = session.can('campaigns.manage');
  const [list, setList] = useState<AgentGroup[] | null>(null);
  const [agents, setAgents] = useState<Agent[] | null>(null);
  const [editing, setEditing] = useState<AgentGroup | 'new' | null>(null);

  const load = useCallback(() => {
    api<AgentGroup[]>('GET', '/api/agent-groups').then(setList, toast.error);
  }, [toast]);
  useEffect(load, [load]);
  useEffect(() => {
    api<Agent[]>('GET', '/api/agents').then(setAgents, toast.error);
  }, [toast]);

  const byId = useMemo(() => new Map((agents ?? []).map((a) => [a.id, a])), [agents]);
  const memberNames = (g: AgentGroup) =>
    g.memberIds
      .map((id) => byId.get(id))
      .map((a, i) => (a ? a.displayName || a.username : `#${g.memberIds[i]}`))
      .join(', ');

  const remove = async (g: AgentGroup) => {
    if (
      !(await confirm({ title: t('agentGroups.deleteTitle'), text: t('agentGroups.deleteText', { name: g.name }), confirm: t('common.delete'), danger: true }))
    )
      return;
    try {
      await api('DELETE', `/api/agent-groups/${g.id}`);
      toast.success(t('agentGroups.deleted', { name: g.name }));
      load();
    } catch (err) {
      toast.error(err);
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('agentGroups.title')}</h1>
        {canManage && (
          <div className="page-actions">
            <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
              + {t('agentGroups.new')}
            </button>
          </div>
        )}
      </div>
      <p className="intro muted">{t('agentGroups.intro')}</p>
      <ListCard items={list} empty={t('agentGroups.none')}>
        {(list) => (
          <table className="table">
            <thead>
              <tr>
                <th>{t('agentGroups.name')}</th>
                <th>{t('agentGroups.memberCount')}</th>
                <th>{t('agentGroups.members')}</th>
                {canManage && <th className="col-actions">{t('col.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {list.map((g) => (
                <tr key={g.id}>
                  <td>{g.name}</td>
                  <td data-testid="member-count">{num(g.memberIds.length)}</td>
                  <td>{g.memberIds.length ? memberNames(g) : <span className="muted">{t('agentGroups.noMembers')}</span>}</td>
                  {canManage && (
                    <td className="col-actions nowrap">
                      <button type="button" className="link" aria-label={t('agentGroups.editOne', { name: g.name })} onClick={() => setEditing(g)}>
                        {t('common.edit')}
                      </button>{' '}
                      <button
                        type="button"
                        className="link link-danger"
                        aria-label={t('agentGroups.deleteOne', { name: g.name })}
                        onClick={() => void remove(g)}
                      >
                        {t('common.delete')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ListCard>
      {editing && canManage && (
        <GroupDialog
          group={editing === 'new' ? null : editing}
          agents={agents}
          onClose={() => setEditing(null)}
          onSaved={(g) => {
            setEditing(null);
            toast.success(t('agentGroups.saved', { name: g.name }));
            load();
          }}
        />
      )}
    </div>
  );
}

function GroupDialog({
  group,
  agents,
  onClose,
  onSaved,
}: {
  group: AgentGroup | null;
  agents: Agent[] | null;
  onClose: () => void;
  onSaved: (g: AgentGroup) => void;
}) {
  const i18n = useI18n();
  const { t, num } = i18n;
  const [name, setName] = useState(group?.name ?? '');
  const [memberIds, setMemberIds] = useState<number[]>(group?.memberIds ?? []);
  const [query, setQuery] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  // active agents, plus inactive ones already in the group (so they can be seen and removed)
  const picked = new Set(memberIds);
  const q = query.trim().toLowerCase();
  const shown = (agents ?? []).filter(
    (a) => (a.active || picked.has(a.id)) && (!q || a.displayName.toLowerCase().includes(q) || a.username.toLowerCase().includes(q)),
  );
  const searchable = (agents?.length ?? 0) > 8;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = { name: name.trim(), memberIds };
      const saved = group ? await api<AgentGroup>('PATCH', `/api/agent-groups/${group.id}`, body) : await api<AgentGroup>('POST', '/api/agent-groups', body);
      onSaved(saved);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const nameError = fieldError(error, 'name', i18n);
  const memberError = membersError(error, i18n);
  const general = error && !nameError && !memberError ? errorText(error, i18n) : null;

  return (
    <Dialog
      title={group ? t('agentGroups.editTitle', { name: group.name }) : t('agentGroups.new')}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form="agent-group-form" className="button button-primary" disabled={busy}>
            {t('common.save')}
          </button>
        </>
      }
    >
      <form id="agent-group-form" onSubmit={submit} noValidate>
        {general && (
          <div className="alert alert-error" role="alert">
            {general}
          </div>
        )}
        <Field label={t('agentGroups.name')} error={nameError}>
          {(id) => <input id={id} value={name} maxLength={200} autoComplete="off" onChange={(e) => setName(e.target.value)} />}
        </Field>
        <fieldset className="plain-fieldset pick-group" aria-label={t('agentGroups.members')}>
          <legend className="pick-legend">
            {t('agentGroups.members')} <span className="muted">({num(memberIds.length)})</span>
          </legend>
          {searchable && (
            <input
              type="search"
              className="pick-search"
              placeholder={t('agentGroups.search')}
              aria-label={t('agentGroups.search')}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
          )}
          {!agents ? (
            <p className="muted">{t('common.loading')}</p>
          ) : shown.length === 0 ? (
            <p className="muted">{q ? t('agentGroups.noMatch') : t('agentGroups.noAgents')}</p>
          ) : (
            <ul className="pick-list">
              {shown.map((a) => (
                <li key={a.id}>
                  <label className={!a.active ? 'muted' : undefined}>
                    <input
                      type="checkbox"
                      checked={picked.has(a.id)}
                      onChange={(e) => setMemberIds(e.target.checked ? [...memberIds, a.id] : memberIds.filter((x) => x !== a.id))}
                    />
                    {agentName(a)}
                    {!a.active && <span className="badge badge-muted">{t('agentGroups.inactive')}</span>}
                  </label>
                </li>
              ))}
            </ul>
          )}
          {memberError && (
            <div className="field-error" role="alert">
              {memberError}
            </div>
          )}
        </fieldset>
      </form>
    </Dialog>
  );
}
