// ST-1..ST-3: the status dictionary shared by campaigns. Managers add, edit, deactivate and delete
// statuses; supervisors see the list.
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ApiError, api } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { Dialog, errorText, Field, fieldError, ListCard, useConfirm, useToast } from '../../ui.tsx';
import { type DialOutcome, type DictionaryStatus, dialOutcomes, type SystemStatus, systemStatuses, systemStatusPicksTime } from './model.ts';

export function StatusDictionaryPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const toast = useToast();
  const confirm = useConfirm();
  const canEdit = session.can('campaigns.manage');
  const [list, setList] = useState<DictionaryStatus[] | null>(null);
  const [editing, setEditing] = useState<DictionaryStatus | 'new' | null>(null);

  const load = useCallback(() => {
    api<DictionaryStatus[]>('GET', '/api/statuses').then(setList, toast.error);
  }, [toast]);
  useEffect(load, [load]);

  const remove = async (s: DictionaryStatus) => {
    if (!(await confirm({ title: t('statuses.deleteTitle'), text: t('statuses.deleteText', { name: s.name }), confirm: t('common.delete'), danger: true })))
      return;
    try {
      await api('DELETE', `/api/statuses/${s.id}`);
      toast.success(t('statuses.deleted', { name: s.name }));
      load();
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 'status_in_use')) {
        toast.error(err);
        return;
      }
      // cases carry it: it cannot go, but it can stop being offered
      if (!s.active) {
        toast.info(t('statuses.inUseInactive', { name: s.name }));
        return;
      }
      if (!(await confirm({ title: t('statuses.inUseTitle'), text: t('statuses.inUseText', { name: s.name }), confirm: t('statuses.deactivate') }))) return;
      try {
        await api('PATCH', `/api/statuses/${s.id}`, { active: false });
        toast.success(t('statuses.deactivated', { name: s.name }));
        load();
      } catch (e2) {
        toast.error(e2);
      }
    }
  };

  const outcomes = (s: DictionaryStatus) =>
    dialOutcomes
      .filter((o) => s.autoOutcomes.includes(o))
      .map((o) => t(`statuses.outcome.${o}`))
      .join(', ');
  const yesNo = (v: boolean) => (v ? t('common.yes') : <span className="muted">{t('common.no')}</span>);

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('statuses.title')}</h1>
        {canEdit && (
          <div className="page-actions">
            <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
              + {t('statuses.add')}
            </button>
          </div>
        )}
      </div>
      <p className="intro muted">{t('statuses.intro')}</p>
      <ListCard items={list} empty={t('statuses.none')}>
        {(list) => (
          <div className="table-wrap">
            <table className="table st-table">
              <thead>
                <tr>
                  <th>{t('statuses.name')}</th>
                  <th>{t('statuses.systemStatus')}</th>
                  <th>{t('statuses.autoOutcomes')}</th>
                  <th>{t('statuses.autoAdd')}</th>
                  <th>{t('statuses.hidden')}</th>
                  <th>{t('statuses.active')}</th>
                  {canEdit && <th className="col-actions">{t('col.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {list.map((s) => (
                  <tr key={s.id} className={s.active ? undefined : 'inactive'} data-status-id={s.id}>
                    <td>
                      <span className="st-color-dot" style={{ background: s.color }} aria-hidden="true" />
                      {s.name}
                    </td>
                    <td>{s.systemStatus ? t(`statuses.system.${s.systemStatus}`) : ''}</td>
                    <td>{outcomes(s) || <span className="muted">—</span>}</td>
                    <td>{yesNo(s.autoAdd)}</td>
                    <td>{yesNo(s.hidden)}</td>
                    <td>{s.active ? t('common.yes') : <span className="badge badge-muted">{t('common.no')}</span>}</td>
                    {canEdit && (
                      <td className="col-actions">
                        <button type="button" className="link" aria-label={t('statuses.editOne', { name: s.name })} onClick={() => setEditing(s)}>
                          {t('common.edit')}
                        </button>
                        <button
                          type="button"
                          className="link link-danger"
                          aria-label={t('statuses.deleteOne', { name: s.name })}
                          onClick={() => void remove(s)}
                        >
                          {t('common.delete')}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ListCard>
      {editing && (
        <StatusDialog
          status={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(s) => {
            setEditing(null);
            toast.success(t('statuses.saved', { name: s.name }));
            load();
          }}
        />
      )}
    </div>
  );
}

function StatusDialog({ status, onClose, onSaved }: { status: DictionaryStatus | null; onClose: () => void; onSaved: (s: DictionaryStatus) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [name, setName] = useState(status?.name ?? '');
  const [systemStatus, setSystemStatus] = useState<SystemStatus>(status?.systemStatus ?? 'to_call');
  const [autoOutcomes, setAutoOutcomes] = useState<DialOutcome[]>(status?.autoOutcomes ?? []);
  const [autoAdd, setAutoAdd] = useState(status?.autoAdd ?? false);
  const [hidden, setHidden] = useState(status?.hidden ?? false);
  const [active, setActive] = useState(status?.active ?? true);
  const [color, setColor] = useState(status?.color ?? '#64748b');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = { name: name.trim(), systemStatus, autoOutcomes, autoAdd, hidden, active, color };
      onSaved(status ? await api<DictionaryStatus>('PATCH', `/api/statuses/${status.id}`, body) : await api<DictionaryStatus>('POST', '/api/statuses', body));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const toggleOutcome = (o: DialOutcome, on: boolean) => setAutoOutcomes((l) => (on ? [...l.filter((x) => x !== o), o] : l.filter((x) => x !== o)));
  const general = error && !fieldError(error, 'name', i18n) ? errorText(error, i18n) : null;

  return (
    <Dialog
      title={status ? t('statuses.editTitle', { name: status.name }) : t('statuses.add')}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form="status-form" className="button button-primary" disabled={busy}>
            {t('common.save')}
          </button>
        </>
      }
    >
      <form id="status-form" onSubmit={submit} noValidate>
        {general && (
          <div className="alert alert-error" role="alert">
            {general}
          </div>
        )}
        <Field label={t('statuses.name')} hint={t('statuses.nameHint')} error={fieldError(error, 'name', i18n)}>
          {(id) => <input id={id} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('statuses.systemStatus')} hint={systemStatusPicksTime(systemStatus) ? t('statuses.picksTime') : t('statuses.noTime')}>
          {(id) => (
            <select id={id} value={systemStatus} onChange={(e) => setSystemStatus(e.target.value as SystemStatus)}>
              {systemStatuses.map((s) => (
                <option key={s} value={s}>
                  {t(`statuses.system.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <p className="field-hint st-system-help">{t(`statuses.systemHelp.${systemStatus}`)}</p>
        <fieldset className="st-check-group">
          <legend>{t('statuses.autoOutcomes')}</legend>
          <div className="st-check-grid">
            {dialOutcomes.map((o) => (
              <label key={o}>
                <input type="checkbox" checked={autoOutcomes.includes(o)} onChange={(e) => toggleOutcome(o, e.target.checked)} /> {t(`statuses.outcome.${o}`)}
              </label>
            ))}
          </div>
          <div className="field-hint">{t('statuses.autoOutcomesHint')}</div>
        </fieldset>
        <div className="form-grid">
          <div className="field field-check">
            <label>
              <input type="checkbox" checked={autoAdd} onChange={(e) => setAutoAdd(e.target.checked)} /> {t('statuses.autoAddLong')}
            </label>
          </div>
          <div className="field field-check">
            <label>
              <input type="checkbox" checked={hidden} onChange={(e) => setHidden(e.target.checked)} /> {t('statuses.hidden')}
            </label>
          </div>
          <div className="field field-check">
            <label>
              <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> {t('statuses.active')}
            </label>
          </div>
          <Field label={t('statuses.color')}>
            {(id) => <input id={id} type="color" className="st-color-input" value={color} onChange={(e) => setColor(e.target.value)} />}
          </Field>
        </div>
      </form>
    </Dialog>
  );
}
