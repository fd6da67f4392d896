// ST-4 / CP-10: the statuses an agent sets after each conversation. A dictionary campaign takes
// them from the dictionary or creates its own (not added to the dictionary); a process campaign
// shows its process's statuses.
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Link } from '../../router.tsx';
import { errorText, Field, fieldError, useConfirm, useToast } from '../../ui.tsx';
import { type CampaignFull, type StatusInfo, systemStatuses } from './model.ts';

export function systemStatusLabel(i18n: ReturnType<typeof useI18n>, s: string | null, qualifier: string) {
  return s ? i18n.tk(`campaign.sys.${s}`, s) : qualifier;
}

export function StatusesTab({ campaign, readOnly, onChanged }: { campaign: CampaignFull; readOnly: boolean; onChanged: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const confirm = useConfirm();
  const [list, setList] = useState<StatusInfo[] | null>(null);
  const [dictionary, setDictionary] = useState<StatusInfo[]>([]);
  const [pick, setPick] = useState('');
  const [name, setName] = useState('');
  const [system, setSystem] = useState<string>('to_call');
  const [color, setColor] = useState('#2160c4');
  const [error, setError] = useState<unknown>(null);
  const [addError, setAddError] = useState<unknown>(null);
  const isProcess = campaign.processId !== null;

  const load = useCallback(() => {
    api<StatusInfo[]>('GET', `/api/campaigns/${campaign.id}/statuses`).then(setList, toast.error);
  }, [campaign.id, toast]);
  useEffect(() => {
    load();
    if (!isProcess) api<StatusInfo[]>('GET', '/api/statuses').then(setDictionary, toast.error);
  }, [load, isProcess, toast]);

  const inCampaign = new Set((list ?? []).map((s) => s.id));
  const available = dictionary.filter((s) => !inCampaign.has(s.id) && s.active);

  const addFromDictionary = async () => {
    if (!pick) return;
    setAddError(null);
    try {
      const s = await api<StatusInfo>('POST', `/api/campaigns/${campaign.id}/statuses`, { statusId: Number(pick) });
      toast.success(t('campaign.statuses.added', { name: s.name }));
      setPick('');
      load();
      onChanged();
    } catch (err) {
      setAddError(err);
    }
  };

  const createOwn = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const s = await api<StatusInfo>('POST', `/api/campaigns/${campaign.id}/statuses`, { name: name.trim(), systemStatus: system, color });
      toast.success(t('campaign.statuses.created', { name: s.name }));
      setName('');
      load();
      onChanged();
    } catch (err) {
      setError(err);
    }
  };

  const remove = async (s: StatusInfo) => {
    const own = s.campaignId === campaign.id;
    const ok = await confirm({
      title: t('campaign.statuses.removeTitle', { name: s.name }),
      text: own ? t('campaign.statuses.removeOwnText') : t('campaign.statuses.removeText'),
      confirm: t('campaign.statuses.remove'),
      danger: true,
    });
    if (!ok) return;
    try {
      await api('DELETE', `/api/campaigns/${campaign.id}/statuses/${s.id}`);
      toast.success(t('campaign.statuses.removed', { name: s.name }));
      load();
      onChanged();
    } catch (err) {
      toast.error(err);
    }
  };

  return (
    <div className="statuses-tab">
      <section className="card">
        <div className="card-head">
          <h2 className="card-title">{t('campaign.statuses.title')}</h2>
          {isProcess && (
            <Link to={`/processes/${campaign.processId}`} className="button button-small">
              {t('campaign.openProcess')}
            </Link>
          )}
        </div>
        <p className="muted small section-intro">{isProcess ? t('campaign.statuses.processIntro') : t('campaign.statuses.dictionaryIntro')}</p>
        {!list ? (
          <p className="muted">{t('common.loading')}</p>
        ) : list.length === 0 ? (
          <div className="empty">{t('campaign.statuses.none')}</div>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>{t('campaign.statuses.name')}</th>
                  <th>{t('campaign.statuses.system')}</th>
                  <th>{t('campaign.statuses.origin')}</th>
                  <th>{t('campaign.statuses.forAgents')}</th>
                  {!readOnly && !isProcess && <th className="col-actions">{t('col.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {list.map((s) => (
                  <tr key={s.id} className={!s.active ? 'inactive' : undefined}>
                    <td>
                      <span className="color-dot" style={{ background: s.color }} /> {s.name}
                    </td>
                    <td>{systemStatusLabel(i18n, s.systemStatus, s.qualifier)}</td>
                    <td>
                      {s.processId !== null ? (
                        <span className="badge badge-muted">{t('campaign.statuses.fromProcess')}</span>
                      ) : s.campaignId === campaign.id ? (
                        <span className="badge badge-info">{t('campaign.statuses.own')}</span>
                      ) : (
                        <span className="badge">{t('campaign.statuses.fromDictionary')}</span>
                      )}
                    </td>
                    <td>
                      {!s.active
                        ? t('campaign.statuses.inactive')
                        : s.hidden
                          ? t('campaign.statuses.hidden')
                          : s.availability !== 'agents'
                            ? t('campaign.statuses.systemOnly')
                            : t('common.yes')}
                    </td>
                    {!readOnly && !isProcess && (
                      <td className="col-actions">
                        <button
                          type="button"
                          className="link link-danger"
                          aria-label={t('campaign.statuses.removeOne', { name: s.name })}
                          onClick={() => void remove(s)}
                        >
                          {t('campaign.statuses.remove')}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {!readOnly && !isProcess && (
        <div className="statuses-add">
          <section className="card">
            <h2 className="card-title">{t('campaign.statuses.addFromDictionary')}</h2>
            <div className="inline-fields">
              <Field label={t('campaign.statuses.dictionaryStatus')} error={addError ? errorText(addError, i18n) : undefined}>
                {(id) => (
                  <select id={id} value={pick} onChange={(e) => setPick(e.target.value)}>
                    <option value="">{available.length ? t('campaign.statuses.choose') : t('campaign.statuses.allAdded')}</option>
                    {available.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name} — {systemStatusLabel(i18n, s.systemStatus, s.qualifier)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <div className="field field-button">
                <button type="button" className="button button-primary" disabled={!pick} onClick={() => void addFromDictionary()}>
                  {t('common.add')}
                </button>
              </div>
            </div>
            <p className="muted small">
              {t('campaign.statuses.dictionaryLink')} <Link to="/statuses">{t('nav.statuses')}</Link>
            </p>
          </section>
          <section className="card">
            <h2 className="card-title">{t('campaign.statuses.createOwn')}</h2>
            <p className="muted small section-intro">{t('campaign.statuses.createOwnIntro')}</p>
            <form onSubmit={createOwn} noValidate>
              <div className="form-grid">
                <Field label={t('campaign.statuses.name')} error={fieldError(error, 'name', i18n)}>
                  {(id) => <input id={id} value={name} onChange={(e) => setName(e.target.value)} />}
                </Field>
                <Field label={t('campaign.statuses.system')} hint={i18n.tk(`campaign.sysHint.${system}`, '')} error={fieldError(error, 'systemStatus', i18n)}>
                  {(id) => (
                    <select id={id} value={system} onChange={(e) => setSystem(e.target.value)}>
                      {systemStatuses.map((s) => (
                        <option key={s} value={s}>
                          {t(`campaign.sys.${s}`)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label={t('campaign.statuses.color')} error={fieldError(error, 'color', i18n)}>
                  {(id) => <input id={id} type="color" className="color-input" value={color} onChange={(e) => setColor(e.target.value)} />}
                </Field>
              </div>
              {error && !fieldError(error, 'name', i18n) && !fieldError(error, 'systemStatus', i18n) && !fieldError(error, 'color', i18n) ? (
                <div className="alert alert-error" role="alert">
                  {errorText(error, i18n)}
                </div>
              ) : null}
              <button type="submit" className="button button-primary" disabled={!name.trim()}>
                {t('campaign.statuses.createButton')}
              </button>
            </form>
          </section>
        </div>
      )}
    </div>
  );
}
