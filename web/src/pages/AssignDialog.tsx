// AS-2/AS-4: "create cases" — assign a selection or everything matching the filter to a campaign.
import { useEffect, useRef, useState } from 'react';
import { api, type AssignPreview, type AssignResult, type Campaign, type ContactFilter, qs } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';
import { jobPercent, jobStore, useJob } from '../jobs.tsx';
import { Dialog, errorText, Field, ProgressBar } from '../ui.tsx';

export function AssignDialog({
  filter,
  mode,
  onClose,
  onAssigned,
}: {
  filter: ContactFilter;
  mode: 'selection' | 'filter';
  onClose: () => void;
  onAssigned: () => void;
}) {
  const i18n = useI18n();
  const { t, num } = i18n;
  const [base, setBase] = useState<AssignPreview | null>(null);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Campaign[]>([]);
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const [preview, setPreview] = useState<AssignPreview | null>(null);
  const [limit, setLimit] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<AssignResult | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  const job = useJob(jobId);

  // selected / possible (free) counts
  useEffect(() => {
    api<AssignPreview>('POST', '/api/assignments/preview', { filter }).then(setBase, setError);
  }, [filter]);

  // campaign picker: search by name fragment
  useEffect(() => {
    if (campaign) return;
    const timer = window.setTimeout(() => {
      api<Campaign[]>('GET', `/api/campaigns${qs({ q: query.trim() })}`).then(setFound, setError);
    }, 150);
    return () => window.clearTimeout(timer);
  }, [query, campaign]);

  // once chosen: the campaign's total and unused counts, and how many are eligible
  useEffect(() => {
    if (!campaign) {
      setPreview(null);
      return;
    }
    api<AssignPreview>('POST', '/api/assignments/preview', { filter, campaignId: campaign.id }).then((p) => {
      setPreview(p);
      setLimit(p.eligible);
    }, setError);
  }, [campaign, filter]);

  // when a background assignment ends, the contacts list refreshes (once)
  const jobState = job?.state;
  const onAssignedRef = useRef(onAssigned);
  onAssignedRef.current = onAssigned;
  useEffect(() => {
    if (jobState === 'done' || jobState === 'failed') onAssignedRef.current();
  }, [jobState]);

  const eligible = preview?.eligible ?? 0;
  const create = async () => {
    if (!campaign || !preview) return;
    setBusy(true);
    setError(null);
    try {
      const body = { campaignId: campaign.id, filter, ...(limit > 0 && limit < eligible ? { limit } : {}) };
      const r = await api<AssignResult | { jobId: number; total: number }>('POST', '/api/assignments', body);
      if ('jobId' in r) {
        jobStore.track(r.jobId, 'contacts.assign', t('assign.jobLabel', { n: num(r.total), campaign: `${campaign.id} ${campaign.name}` }));
        setJobId(r.jobId);
      } else {
        setResult(r);
        onAssigned();
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const done = result !== null || jobId !== null;
  const jobResult = job?.state === 'done' ? (job.result as unknown as AssignResult) : null;
  const shown = result ?? jobResult;

  return (
    <Dialog
      title={t(mode === 'selection' ? 'assign.titleSelection' : 'assign.titleFilter')}
      onClose={onClose}
      footer={
        done ? (
          <button type="button" className="button button-primary" onClick={onClose}>
            {t('common.close')}
          </button>
        ) : (
          <>
            <button type="button" className="button" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="button" className="button button-primary" disabled={busy || !preview || eligible === 0 || limit < 1} onClick={() => void create()}>
              {t('assign.create')}
            </button>
          </>
        )
      }
    >
      {error !== null && (
        <div className="alert alert-error" role="alert">
          {errorText(error, i18n)}
        </div>
      )}
      <div className="stats">
        <div className="stat">
          <span className="stat-label">{t('assign.selected')}</span>
          <span className="stat-value" data-testid="assign-selected">
            {base ? num(base.selected) : '…'}
          </span>
        </div>
        <div className="stat">
          <span className="stat-label">{t('assign.possible')}</span>
          <span className="stat-value" data-testid="assign-free">
            {base ? num(base.free) : '…'}
          </span>
        </div>
      </div>

      {!done && (
        <Field label={t('assign.campaign')} hint={campaign ? undefined : t('assign.campaignHint')}>
          {(id) =>
            campaign ? (
              <div className="chosen">
                <input id={id} value={`${campaign.id} · ${campaign.name}`} readOnly />
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => {
                    setCampaign(null);
                    setQuery('');
                  }}
                >
                  {t('assign.change')}
                </button>
              </div>
            ) : (
              <>
                <input
                  id={id}
                  type="search"
                  autoComplete="off"
                  placeholder={t('assign.searchPlaceholder')}
                  value={query}
                  onChange={(e) => setQuery(e.target.value)}
                />
                <ul className="picker" aria-label={t('assign.campaigns')}>
                  {found.length === 0 && <li className="picker-empty">{t('assign.noCampaigns')}</li>}
                  {found.map((c) => (
                    <li key={c.id}>
                      <button type="button" className="picker-item" onClick={() => setCampaign(c)}>
                        <span className="picker-id">{c.id}</span> {c.name} <span className="muted">· {i18n.tk(`campaign.state.${c.state}`, c.state)}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            )
          }
        </Field>
      )}

      {preview?.campaign && !done && (
        <>
          <div className="stats">
            <div className="stat">
              <span className="stat-label">{t('assign.allContacts')}</span>
              <span className="stat-value" data-testid="assign-total">
                {num(preview.campaign.total)}
              </span>
            </div>
            <div className="stat">
              <span className="stat-label">{t('assign.unusedContacts')}</span>
              <span className="stat-value" data-testid="assign-unused">
                {num(preview.campaign.unused)}
              </span>
            </div>
            <div className="stat stat-strong">
              <span className="stat-label">{t('assign.eligible')}</span>
              <span className="stat-value" data-testid="assign-eligible">
                {num(preview.eligible)}
              </span>
            </div>
          </div>
          {eligible > 0 ? (
            <Field label={t('assign.limit')} hint={t('assign.limitHint', { n: num(eligible) })}>
              {(id) => (
                <div className="limit">
                  <input
                    type="range"
                    min={1}
                    max={eligible}
                    value={limit}
                    aria-label={t('assign.limitSlider')}
                    onChange={(e) => setLimit(Number(e.target.value))}
                  />
                  <input
                    id={id}
                    type="number"
                    min={1}
                    max={eligible}
                    value={limit}
                    onChange={(e) => setLimit(Math.max(0, Math.min(eligible, Math.floor(Number(e.target.value) || 0))))}
                  />
                </div>
              )}
            </Field>
          ) : (
            <p className="alert alert-warn">{t('assign.nothingEligible')}</p>
          )}
        </>
      )}

      {jobId !== null && !shown && job?.state !== 'failed' && (
        <div className="job-inline">
          <p>{t('assign.running')}</p>
          <ProgressBar percent={job ? jobPercent(job) : null} label={t('jobs.progress')} />
        </div>
      )}
      {job?.state === 'failed' && (
        <div className="alert alert-error" role="alert">
          {t('jobs.failed', { error: job.error ?? '' })}
        </div>
      )}
      {shown && (
        <div className="result" role="status">
          <p className="result-main">{t('assign.added', { n: num(shown.added) })}</p>
          <ul className="result-list">
            {shown.skippedInUse > 0 && <li>{t('assign.skippedInUse', { n: num(shown.skippedInUse) })}</li>}
            {shown.skippedBlocked > 0 && <li>{t('assign.skippedBlocked', { n: num(shown.skippedBlocked) })}</li>}
            {shown.skippedDuplicate > 0 && <li>{t('assign.skippedDuplicate', { n: num(shown.skippedDuplicate) })}</li>}
          </ul>
        </div>
      )}
    </Dialog>
  );
}
