// CP-1 (minimal for now): the campaign list, a new campaign with the next free 5-digit id, and
// a campaign's detail with its counts of all and unused contacts.
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, type Campaign } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';
import { Link, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { Dialog, errorText, Field, fieldError, useToast, ListCard } from '../ui.tsx';

export function CampaignsPage() {
  const i18n = useI18n();
  const { t, date } = i18n;
  const session = useSession();
  const toast = useToast();
  const [list, setList] = useState<Campaign[] | null>(null);
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);

  const load = useCallback(() => {
    api<Campaign[]>('GET', `/api/campaigns${q.trim() ? `?q=${encodeURIComponent(q.trim())}` : ''}`).then(setList, toast.error);
  }, [q, toast]);
  useEffect(() => {
    const timer = window.setTimeout(load, 150);
    return () => window.clearTimeout(timer);
  }, [load]);

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('campaigns.title')}</h1>
        <div className="page-actions">
          <label className="search">
            <span className="visually-hidden">{t('campaigns.search')}</span>
            <input type="search" placeholder={t('campaigns.search')} aria-label={t('campaigns.search')} value={q} onChange={(e) => setQ(e.target.value)} />
          </label>
          {session.can('campaigns.manage') && (
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              + {t('campaigns.new')}
            </button>
          )}
        </div>
      </div>
      <ListCard items={list} empty={t('campaigns.none')}>
        {(list) => (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th className="num col-id">{t('col.id')}</th>
                  <th>{t('campaigns.name')}</th>
                  <th>{t('campaigns.type')}</th>
                  <th>{t('campaigns.state')}</th>
                  <th>{t('campaigns.created')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((c) => (
                  <tr key={c.id}>
                    <td className="num">
                      <Link to={`/campaigns/${c.id}`}>{c.id}</Link>
                    </td>
                    <td>
                      <Link to={`/campaigns/${c.id}`}>{c.name}</Link>
                    </td>
                    <td>{i18n.tk(`campaign.type.${c.type}`, c.type)}</td>
                    <td>
                      <span className={`badge badge-state-${c.state}`}>{i18n.tk(`campaign.state.${c.state}`, c.state)}</span>
                    </td>
                    <td className="nowrap">{date(c.createdAt)}</td>
                  </tr>
                ))}
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
    </div>
  );
}

function NewCampaignDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (c: Campaign) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [type, setType] = useState<'outbound' | 'callback'>('outbound');
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
      const body: Record<string, unknown> = { name: name.trim(), type };
      if (id.trim()) body.id = Number(id);
      onCreated(await api<Campaign>('POST', '/api/campaigns', body));
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
        <Field label={t('campaigns.type')}>
          {(fid) => (
            <select id={fid} value={type} onChange={(e) => setType(e.target.value as 'outbound' | 'callback')}>
              <option value="outbound">{t('campaign.type.outbound')}</option>
              <option value="callback">{t('campaign.type.callback')}</option>
            </select>
          )}
        </Field>
      </form>
    </Dialog>
  );
}

type CampaignDetail = Campaign & { total: number; unused: number };
const states = ['draft', 'running', 'paused', 'stopped', 'finished'] as const;

export function CampaignDetailPage({ id }: { id: number }) {
  const i18n = useI18n();
  const { t, num, date } = i18n;
  const session = useSession();
  const toast = useToast();
  const [c, setC] = useState<CampaignDetail | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    api<CampaignDetail>('GET', `/api/campaigns/${id}`).then(setC, setError);
  }, [id]);
  useEffect(load, [load]);

  const setState = async (state: string) => {
    try {
      await api('PATCH', `/api/campaigns/${id}`, { state });
      load();
    } catch (err) {
      toast.error(err);
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>
          <Link to="/campaigns" className="back-link" aria-label={t('common.back')}>
            ‹
          </Link>{' '}
          {c ? `${c.id} · ${c.name}` : t('campaigns.title')}
        </h1>
      </div>
      {error !== null && (
        <div className="alert alert-error" role="alert">
          {errorText(error, i18n)}
        </div>
      )}
      {c && (
        <>
          <div className="stats stats-cards">
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
          </div>
          <section className="card">
            <dl className="meta meta-wide">
              <dt>{t('campaigns.id')}</dt>
              <dd>{c.id}</dd>
              <dt>{t('campaigns.name')}</dt>
              <dd>{c.name}</dd>
              <dt>{t('campaigns.type')}</dt>
              <dd>{i18n.tk(`campaign.type.${c.type}`, c.type)}</dd>
              <dt>{t('campaigns.state')}</dt>
              <dd>
                {session.can('campaigns.manage') ? (
                  <select aria-label={t('campaigns.state')} value={c.state} onChange={(e) => void setState(e.target.value)}>
                    {states.map((s) => (
                      <option key={s} value={s}>
                        {t(`campaign.state.${s}`)}
                      </option>
                    ))}
                  </select>
                ) : (
                  i18n.tk(`campaign.state.${c.state}`, c.state)
                )}
              </dd>
              <dt>{t('campaigns.created')}</dt>
              <dd>{date(c.createdAt)}</dd>
            </dl>
          </section>
          {session.can('contacts.read') && (
            <p>
              <button type="button" className="button" onClick={() => navigate('/contacts')}>
                {t('campaigns.assignFromContacts')}
              </button>
            </p>
          )}
        </>
      )}
    </div>
  );
}
