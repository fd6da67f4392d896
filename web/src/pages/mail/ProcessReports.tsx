// PR-6 on the process page: the process's scheduled reports — list, add, edit, delete, send now.
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Dialog, errorText, Field, fieldError, ListCard, useConfirmedDelete, useToast } from '../../ui.tsx';
import type { MailTemplate, ReportSchedule, SmtpAccount } from './types.ts';

const kinds = ['campaign_results', 'status_breakdown', 'agent_results', 'abandon_rate'] as const;
interface CampaignRow {
  id: number;
  name: string;
  processId: number | null;
}
type Draft = Omit<ReportSchedule, 'id' | 'lastSentAt' | 'nextRunAt' | 'recipients'> & { recipients: string };
const blank = (): Draft => ({
  name: '',
  cron: '0 8 * * 1-5',
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'Europe/Warsaw',
  kind: 'campaign_results',
  campaignIds: [],
  accountId: null,
  recipients: '',
  templateId: null,
  active: true,
});

export function ProcessReports({ processId }: { processId: number }) {
  const { t, date } = useI18n();
  const toast = useToast();
  const confirmDelete = useConfirmedDelete();
  const [list, setList] = useState<ReportSchedule[] | null>(null);
  const [editing, setEditing] = useState<{ id: number | null; draft: Draft } | null>(null);
  const load = useCallback(() => void api<ReportSchedule[]>('GET', `/api/processes/${processId}/reports`).then(setList, toast.error), [processId, toast]);
  useEffect(load, [load]);

  const sendNow = async (r: ReportSchedule) => {
    try {
      await api('POST', `/api/reports/${r.id}/send`);
      toast.info(t('reports.queued'));
    } catch (err) {
      toast.error(err);
    }
  };
  const remove = (r: ReportSchedule) =>
    confirmDelete({ title: t('reports.deleteTitle'), text: t('reports.deleteText', { name: r.name }), url: `/api/reports/${r.id}`, done: load });

  return (
    <section className="pe-reports" aria-label={t('reports.title')} data-testid="process-reports">
      <div className="page-head">
        <h2>{t('reports.title')}</h2>
        <button type="button" className="button" onClick={() => setEditing({ id: null, draft: blank() })}>
          + {t('reports.add')}
        </button>
      </div>
      <ListCard items={list} empty={t('reports.none')}>
        {(items) => (
          <table className="table">
            <thead>
              <tr>
                <th>{t('reports.name')}</th>
                <th>{t('reports.kind')}</th>
                <th>{t('reports.cron')}</th>
                <th>{t('reports.recipients')}</th>
                <th>{t('reports.next')}</th>
                <th>{t('reports.last')}</th>
                <th className="col-actions">{t('col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  <td>{r.name}</td>
                  <td>{t(`reports.kind.${r.kind}`)}</td>
                  <td className="nowrap">
                    <code>{r.cron}</code> <span className="muted">{r.timeZone}</span>
                  </td>
                  <td>{r.recipients.join(', ')}</td>
                  <td className="nowrap">{r.active ? date(r.nextRunAt) : '—'}</td>
                  <td className="nowrap">{date(r.lastSentAt)}</td>
                  <td className="col-actions nowrap">
                    <button type="button" className="link" onClick={() => void sendNow(r)}>
                      {t('reports.sendNow')}
                    </button>{' '}
                    <button
                      type="button"
                      className="link"
                      onClick={() =>
                        setEditing({
                          id: r.id,
                          draft: {
                            name: r.name,
                            cron: r.cron,
                            timeZone: r.timeZone,
                            kind: r.kind,
                            campaignIds: r.campaignIds,
                            accountId: r.accountId,
                            recipients: r.recipients.join(', '),
                            templateId: r.templateId,
                            active: r.active,
                          },
                        })
                      }
                    >
                      {t('common.edit')}
                    </button>{' '}
                    <button type="button" className="link link-danger" onClick={() => void remove(r)}>
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
        <ReportDialog
          processId={processId}
          {...editing}
          onClose={() => setEditing(null)}
          onSaved={(name) => {
            toast.success(t('reports.saved', { name }));
            setEditing(null);
            load();
          }}
        />
      )}
    </section>
  );
}

function ReportDialog({
  processId,
  id,
  draft,
  onClose,
  onSaved,
}: {
  processId: number;
  id: number | null;
  draft: Draft;
  onClose: () => void;
  onSaved: (name: string) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const [d, setD] = useState(draft);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [campaigns, setCampaigns] = useState<CampaignRow[]>([]);
  const [accounts, setAccounts] = useState<SmtpAccount[]>([]);
  const [templates, setTemplates] = useState<MailTemplate[]>([]);
  useEffect(() => {
    api<CampaignRow[]>('GET', '/api/campaigns').then((l) => setCampaigns(l.filter((c) => c.processId === processId)), toast.error);
    api<SmtpAccount[]>('GET', '/api/mail/accounts').then(setAccounts, toast.error);
    api<MailTemplate[]>('GET', '/api/mail/templates').then(setTemplates, toast.error);
  }, [processId, toast]);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = {
      ...d,
      recipients: d.recipients
        .split(/[,;\s]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    };
    try {
      await api(id === null ? 'POST' : 'PUT', id === null ? `/api/processes/${processId}/reports` : `/api/reports/${id}`, body);
      onSaved(d.name);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const fe = (f: string) => fieldError(error, f, i18n);
  const fields = ['name', 'cron', 'timeZone', 'kind', 'campaignIds', 'recipients', 'accountId', 'templateId'];
  const general = error && !fields.some((f) => fe(f)) ? errorText(error, i18n) : null;
  return (
    <Dialog
      wide
      title={id === null ? t('reports.add') : t('reports.edit')}
      onClose={onClose}
      footer={
        <button type="submit" form="report-form" className="button button-primary" disabled={busy}>
          {t('common.save')}
        </button>
      }
    >
      <form id="report-form" onSubmit={save} noValidate>
        {general && (
          <div className="alert alert-error" role="alert">
            {general}
          </div>
        )}
        <div className="form-grid">
          <Field label={t('reports.name')} error={fe('name')}>
            {(fid) => <input id={fid} value={d.name} onChange={(e) => set('name', e.target.value)} />}
          </Field>
          <Field label={t('reports.kind')} error={fe('kind')}>
            {(fid) => (
              <select id={fid} value={d.kind} onChange={(e) => set('kind', e.target.value as Draft['kind'])}>
                {kinds.map((k) => (
                  <option key={k} value={k}>
                    {t(`reports.kind.${k}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('reports.cron')} hint={t('reports.cronHint')} error={fe('cron')}>
            {(fid) => <input id={fid} value={d.cron} onChange={(e) => set('cron', e.target.value)} />}
          </Field>
          <Field label={t('reports.timeZone')} error={fe('timeZone')}>
            {(fid) => <input id={fid} value={d.timeZone} onChange={(e) => set('timeZone', e.target.value)} />}
          </Field>
          <Field label={t('reports.recipients')} hint={t('reports.recipientsHint')} error={fe('recipients')}>
            {(fid) => <input id={fid} value={d.recipients} onChange={(e) => set('recipients', e.target.value)} />}
          </Field>
          <Field label={t('mail.template.account')} error={fe('accountId')}>
            {(fid) => (
              <select id={fid} value={d.accountId ?? ''} onChange={(e) => set('accountId', e.target.value ? Number(e.target.value) : null)}>
                <option value="">{t('mail.template.defaultAccount')}</option>
                {accounts.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('reports.template')} error={fe('templateId')}>
            {(fid) => (
              <select id={fid} value={d.templateId ?? ''} onChange={(e) => set('templateId', e.target.value ? Number(e.target.value) : null)}>
                <option value="">{t('reports.noTemplate')}</option>
                {templates.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('reports.campaigns')} hint={d.campaignIds.length ? undefined : t('reports.allCampaigns')} error={fe('campaignIds')}>
            {(fid) => (
              <select
                id={fid}
                multiple
                size={Math.min(6, Math.max(2, campaigns.length))}
                value={d.campaignIds.map(String)}
                onChange={(e) =>
                  set(
                    'campaignIds',
                    [...e.target.selectedOptions].map((o) => Number(o.value)),
                  )
                }
              >
                {campaigns.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="field field-check">
          <label>
            <input type="checkbox" checked={d.active} onChange={(e) => set('active', e.target.checked)} /> {t('reports.active')}
          </label>
        </div>
        <p className="muted">{t('reports.csvNote')}</p>
      </form>
    </Dialog>
  );
}
