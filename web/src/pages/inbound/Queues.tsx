// Inbound queues (CB-2, CB-5): the number, the member agents and groups, what a missed caller
// gets (nothing, a callback in a callback campaign, or a ticket), the triggers, and the simulated
// network's callers. Managers edit, supervisors read.
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { useServerEvents } from '../../jobs.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { Dialog, Field, fieldError, ListCard, useConfirmedDelete, useToast } from '../../ui.tsx';
import type { Agent, AgentGroup, CampaignListRow } from '../campaigns/model.ts';

export interface Queue {
  id: number;
  name: string;
  number: string;
  agentIds: number[];
  agentGroupIds: number[];
  callbackMode: 'none' | 'campaign' | 'ticket';
  callbackCampaignId: number | null;
  ticketSubject: string;
  triggerKey: string | null;
  triggerMessage: string | null;
  hangupAfterSeconds: number | null;
  arrivals: { callsPerHour: number; patienceSeconds: number; keyPressShare: number; talkSeconds: number };
}

interface Figures {
  queueId: number;
  waiting: number;
  answered: number;
  missed: number;
  callbacksOrdered: number;
  callbacksMade: number;
  callbacksOpen: number;
  openTickets: number;
}

const blank: Omit<Queue, 'id'> = {
  name: '',
  number: '',
  agentIds: [],
  agentGroupIds: [],
  callbackMode: 'campaign',
  callbackCampaignId: null,
  ticketSubject: 'Missed call from number %number%',
  triggerKey: '1',
  triggerMessage: null,
  hangupAfterSeconds: 60,
  arrivals: { callsPerHour: 0, patienceSeconds: 60, keyPressShare: 0.2, talkSeconds: 120 },
};

export function QueuesPage() {
  const i18n = useI18n();
  const { t, num } = i18n;
  const toast = useToast();
  const confirmDelete = useConfirmedDelete();
  const canManage = useSession().can('campaigns.manage');
  const [list, setList] = useState<Queue[] | null>(null);
  const [figures, setFigures] = useState<Map<number, Figures>>(new Map());
  const [agents, setAgents] = useState<Agent[]>([]);
  const [groups, setGroups] = useState<AgentGroup[]>([]);
  const [campaigns, setCampaigns] = useState<CampaignListRow[]>([]);
  const [editing, setEditing] = useState<Queue | 'new' | null>(null);

  const load = useCallback(() => {
    api<Queue[]>('GET', '/api/inbound/queues').then(setList, toast.error);
    api<Figures[]>('GET', '/api/inbound/figures').then(
      (f) => setFigures(new Map(f.map((x) => [x.queueId, x]))),
      () => undefined,
    );
  }, [toast]);
  useEffect(load, [load]);
  useEffect(() => {
    api<Agent[]>('GET', '/api/agents').then(setAgents, toast.error);
    api<AgentGroup[]>('GET', '/api/agent-groups').then(setGroups, toast.error);
    api<CampaignListRow[]>('GET', '/api/campaigns').then((c) => setCampaigns(c.filter((x) => x.type === 'callback')), toast.error);
  }, [toast]);
  useServerEvents((m) => {
    if (m.type === 'inbound.changed' || m.type === 'wallboard.changed') load();
  });

  const campaignName = (id: number | null) => campaigns.find((c) => c.id === id)?.name ?? (id === null ? '—' : `#${id}`);
  const remove = (q: Queue) =>
    confirmDelete({ title: t('queues.deleteTitle'), text: t('queues.deleteText', { name: q.name }), url: `/api/inbound/queues/${q.id}`, done: load });

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('queues.title')}</h1>
        {canManage && (
          <div className="page-actions">
            <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
              + {t('queues.new')}
            </button>
          </div>
        )}
      </div>
      <p className="intro muted">{t('queues.intro')}</p>
      <ListCard items={list} empty={t('queues.none')}>
        {(list) => (
          <table className="table">
            <thead>
              <tr>
                <th>{t('queues.name')}</th>
                <th>{t('queues.number')}</th>
                <th>{t('queues.members')}</th>
                <th>{t('queues.handling')}</th>
                <th>{t('queues.waiting')}</th>
                <th>{t('queues.answered')}</th>
                <th>{t('queues.missed')}</th>
                <th>{t('queues.callbacksMade')}</th>
                {canManage && <th className="col-actions">{t('col.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {list.map((q) => {
                const f = figures.get(q.id);
                return (
                  <tr key={q.id}>
                    <td>{q.name}</td>
                    <td className="nowrap">{q.number}</td>
                    <td>{num(q.agentIds.length + q.agentGroupIds.length)}</td>
                    <td>
                      {t(`queues.mode.${q.callbackMode}`)}
                      {q.callbackMode !== 'none' && q.callbackCampaignId !== null && <span className="muted"> · {campaignName(q.callbackCampaignId)}</span>}
                    </td>
                    <td data-testid="queue-waiting">{num(f?.waiting ?? 0)}</td>
                    <td>{num(f?.answered ?? 0)}</td>
                    <td>{num(f?.missed ?? 0)}</td>
                    <td>{num(f?.callbacksMade ?? 0)}</td>
                    {canManage && (
                      <td className="col-actions nowrap">
                        <button type="button" className="link" aria-label={t('queues.editOne', { name: q.name })} onClick={() => setEditing(q)}>
                          {t('common.edit')}
                        </button>{' '}
                        <button type="button" className="link link-danger" onClick={() => void remove(q)}>
                          {t('common.delete')}
                        </button>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </ListCard>
      {editing && canManage && (
        <QueueDialog
          queue={editing === 'new' ? null : editing}
          agents={agents}
          groups={groups}
          campaigns={campaigns}
          onClose={() => setEditing(null)}
          onSaved={(q) => {
            setEditing(null);
            toast.success(t('queues.saved', { name: q.name }));
            load();
          }}
        />
      )}
    </div>
  );
}

function QueueDialog({
  queue,
  agents,
  groups,
  campaigns,
  onClose,
  onSaved,
}: {
  queue: Queue | null;
  agents: Agent[];
  groups: AgentGroup[];
  campaigns: CampaignListRow[];
  onClose: () => void;
  onSaved: (q: Queue) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [draft, setDraft] = useState<Omit<Queue, 'id'>>(queue ?? blank);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Omit<Queue, 'id'>>(k: K, v: Queue[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const setArrivals = (k: keyof Queue['arrivals'], v: number) => setDraft((d) => ({ ...d, arrivals: { ...d.arrivals, [k]: v } }));
  const err = (f: string) => fieldError(error, f, i18n);
  const toggle = (list: number[], id: number) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved = queue ? await api<Queue>('PATCH', `/api/inbound/queues/${queue.id}`, draft) : await api<Queue>('POST', '/api/inbound/queues', draft);
      onSaved(saved);
    } catch (x) {
      setError(x);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={queue ? t('queues.editOne', { name: queue.name }) : t('queues.new')}
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form="queue-form" className="button button-primary" disabled={busy}>
            {t('common.save')}
          </button>
        </>
      }
    >
      <form id="queue-form" onSubmit={submit} className="form-grid">
        <Field label={t('queues.name')} error={err('name')}>
          {(id) => <input id={id} value={draft.name} onChange={(e) => set('name', e.target.value)} />}
        </Field>
        <Field label={t('queues.number')} error={err('number')}>
          {(id) => <input id={id} value={draft.number} onChange={(e) => set('number', e.target.value)} />}
        </Field>
        <Field label={t('queues.handling')} error={err('callbackMode')}>
          {(id) => (
            <select id={id} value={draft.callbackMode} onChange={(e) => set('callbackMode', e.target.value as Queue['callbackMode'])}>
              {(['none', 'campaign', 'ticket'] as const).map((m) => (
                <option key={m} value={m}>
                  {t(`queues.mode.${m}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('queues.campaign')} hint={t('queues.campaignHint')} error={err('callbackCampaignId')}>
          {(id) => (
            <select id={id} value={draft.callbackCampaignId ?? ''} onChange={(e) => set('callbackCampaignId', e.target.value ? Number(e.target.value) : null)}>
              <option value="">—</option>
              {campaigns.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.id} · {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {draft.callbackMode === 'ticket' && (
          <Field label={t('queues.ticketSubject')} hint={t('queues.ticketSubjectHint')} error={err('ticketSubject')}>
            {(id) => <input id={id} value={draft.ticketSubject} onChange={(e) => set('ticketSubject', e.target.value)} />}
          </Field>
        )}
        <Field label={t('queues.triggerKey')} error={err('triggerKey')}>
          {(id) => (
            <select id={id} value={draft.triggerKey ?? ''} onChange={(e) => set('triggerKey', e.target.value || null)}>
              <option value="">{t('queues.noKey')}</option>
              {'0123456789'.split('').map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('queues.triggerMessage')} hint={t('queues.triggerMessageHint')} error={err('triggerMessage')}>
          {(id) => <input id={id} value={draft.triggerMessage ?? ''} onChange={(e) => set('triggerMessage', e.target.value || null)} />}
        </Field>
        <Field label={t('queues.hangupAfter')} hint={t('queues.hangupAfterHint')} error={err('hangupAfterSeconds')}>
          {(id) => (
            <input
              id={id}
              type="number"
              min={1}
              max={3600}
              value={draft.hangupAfterSeconds ?? ''}
              onChange={(e) => set('hangupAfterSeconds', e.target.value === '' ? null : Number(e.target.value))}
            />
          )}
        </Field>
        <fieldset className="choice-group">
          <legend>{t('queues.agents')}</legend>
          {agents
            .filter((a) => a.active || draft.agentIds.includes(a.id))
            .map((a) => (
              <label key={a.id} className="check">
                <input type="checkbox" checked={draft.agentIds.includes(a.id)} onChange={() => set('agentIds', toggle(draft.agentIds, a.id))} /> {a.displayName}
              </label>
            ))}
          {err('agentIds') && <div className="field-error">{err('agentIds')}</div>}
        </fieldset>
        <fieldset className="choice-group">
          <legend>{t('queues.groups')}</legend>
          {groups.map((g) => (
            <label key={g.id} className="check">
              <input type="checkbox" checked={draft.agentGroupIds.includes(g.id)} onChange={() => set('agentGroupIds', toggle(draft.agentGroupIds, g.id))} />{' '}
              {g.name}
            </label>
          ))}
        </fieldset>
        <fieldset className="choice-group">
          <legend>{t('queues.simulation')}</legend>
          {(
            [
              ['callsPerHour', 0, 10000, 1],
              ['patienceSeconds', 1, 3600, 1],
              ['keyPressShare', 0, 1, 0.05],
              ['talkSeconds', 1, 7200, 1],
            ] as const
          ).map(([k, min, max, step]) => (
            <Field key={k} label={t(`queues.arrivals.${k}`)} error={err(`arrivals.${k}`)}>
              {(id) => (
                <input
                  id={id}
                  type="number"
                  min={min}
                  max={max}
                  step={step}
                  value={draft.arrivals[k]}
                  onChange={(e) => setArrivals(k, Number(e.target.value))}
                />
              )}
            </Field>
          ))}
        </fieldset>
      </form>
    </Dialog>
  );
}
