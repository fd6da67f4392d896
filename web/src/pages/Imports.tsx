// CT-2/CT-3: the import wizard — upload, preview (encoding, delimiter, header), column mapping,
// group and duplicate policy, progress over the WebSocket, result and report — and recent imports.
import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { api, type CustomField, type ImportGroup, type ImportInfo, type ImportPreview, qs } from '../api.ts';
import { type Key, useI18n } from '../i18n/index.tsx';
import { jobPercent, jobStore, useJob } from '../jobs.tsx';
import { navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { Empty, errorText, Field, fieldError, ProgressBar, useToast } from '../ui.tsx';
import { presetContactsFilter } from './Contacts.tsx';
import { csvDelimiters, csvEncodings, standardFields } from '../../../src/shared/contact-fields.ts';

const standardTargets = standardFields;
const encodings = csvEncodings;
const delimiters = csvDelimiters;
type Policy = 'skip' | 'update' | 'keep';
type Step = 1 | 2 | 3 | 4;

export function ImportsPage() {
  const { t } = useI18n();
  const toast = useToast();
  const [recent, setRecent] = useState<ImportInfo[] | null>(null);
  const loadRecent = useCallback(() => {
    api<ImportInfo[]>('GET', '/api/imports').then(setRecent, toast.error);
  }, [toast]);
  useEffect(loadRecent, [loadRecent]);

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('imports.title')}</h1>
      </div>
      <ImportWizard onChanged={loadRecent} />
      <RecentImports imports={recent} />
    </div>
  );
}

function StepBar({ step }: { step: Step }) {
  const { t } = useI18n();
  const steps: Key[] = ['imports.step1', 'imports.step2', 'imports.step3', 'imports.step4'];
  return (
    <ol className="steps">
      {steps.map((k, i) => (
        <li key={k} className={i + 1 === step ? 'current' : i + 1 < step ? 'done' : undefined} aria-current={i + 1 === step ? 'step' : undefined}>
          <span className="step-num">{i + 1}</span> {t(k)}
        </li>
      ))}
    </ol>
  );
}

function ImportWizard({ onChanged }: { onChanged: () => void }) {
  const i18n = useI18n();
  const { t, num } = i18n;
  const session = useSession();
  const [step, setStep] = useState<Step>(1);
  const [file, setFile] = useState<File | null>(null);
  const [imp, setImp] = useState<ImportInfo | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [encoding, setEncoding] = useState('');
  const [delimiter, setDelimiter] = useState('');
  const [hasHeader, setHasHeader] = useState(true);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [groupName, setGroupName] = useState('');
  const [policy, setPolicy] = useState<Policy>('skip');
  const [fields, setFields] = useState<CustomField[]>([]);
  const [groups, setGroups] = useState<ImportGroup[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [jobId, setJobId] = useState<number | null>(null);
  const [final, setFinal] = useState<ImportInfo | null>(null);
  const job = useJob(jobId);

  useEffect(() => {
    api<CustomField[]>('GET', '/api/fields').then(setFields, () => {});
    if (session.can('contacts.read')) api<ImportGroup[]>('GET', '/api/import-groups').then(setGroups, () => {});
  }, [session]);

  // when the job finishes, the import row has the counts
  useEffect(() => {
    if (!imp || !job || (job.state !== 'done' && job.state !== 'failed')) return;
    api<ImportInfo>('GET', `/api/imports/${imp.id}`).then((r) => {
      setFinal(r);
      onChanged();
    }, setError);
  }, [job?.state, imp, job, onChanged]);

  const reset = () => {
    setStep(1);
    setFile(null);
    setImp(null);
    setPreview(null);
    setMapping({});
    setGroupName('');
    setPolicy('skip');
    setHasHeader(true);
    setError(null);
    setJobId(null);
    setFinal(null);
  };

  const upload = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const r = await api<{ import: ImportInfo; preview: ImportPreview }>('POST', '/api/imports', form);
      setImp(r.import);
      setPreview(r.preview);
      setEncoding(r.preview.encoding);
      setDelimiter(r.preview.delimiter);
      setMapping(r.preview.suggestedMapping);
      setHasHeader(Object.keys(r.preview.suggestedMapping).length > 0);
      setGroupName(r.import.fileName.replace(/\.[^.]+$/, ''));
      setStep(2);
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const reread = async (enc: string, del: string) => {
    if (!imp) return;
    setEncoding(enc);
    setDelimiter(del);
    setError(null);
    try {
      const p = await api<ImportPreview>('GET', `/api/imports/${imp.id}/preview${qs({ encoding: enc, delimiter: del })}`);
      setPreview(p);
      // a different delimiter gives different columns: take the new suggestion
      if (del !== preview?.delimiter || p.columnCount !== preview?.columnCount) setMapping(p.suggestedMapping);
    } catch (err) {
      setError(err);
    }
  };

  const start = async (e: FormEvent) => {
    e.preventDefault();
    if (!imp) return;
    setBusy(true);
    setError(null);
    try {
      const clean = Object.fromEntries(Object.entries(mapping).filter(([, v]) => v));
      const r = await api<{ jobId: number; import: ImportInfo }>('POST', `/api/imports/${imp.id}/start`, {
        groupName: groupName.trim(),
        mapping: clean,
        hasHeader,
        duplicatePolicy: policy,
        encoding,
        delimiter,
      });
      jobStore.track(r.jobId, 'contacts.import', t('imports.jobLabel', { file: imp.fileName }));
      setImp(r.import);
      setJobId(r.jobId);
      setStep(4);
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const columnCount = preview?.columnCount ?? 0;
  const header = hasHeader ? (preview?.rows[0] ?? []) : [];
  const dataRows = preview ? (hasHeader ? preview.rows.slice(1) : preview.rows) : [];
  const columns = Array.from({ length: columnCount }, (_, i) => i);
  const numberedRows = dataRows.map((cells, i) => ({ n: i + 1, cells }));
  const columnName = (i: number) => (header[i]?.trim() ? header[i] : t('imports.columnN', { n: i + 1 }));
  const targets = useMemo(
    () => [
      ...standardTargets.map((k) => ({ value: k, label: t(`contact.${k}` as Key) })),
      ...fields.map((f) => ({ value: `custom.${f.key}`, label: `${f.label} (${t('imports.custom')})` })),
    ],
    [fields, t],
  );
  const usedTargets = new Set(Object.values(mapping).filter(Boolean));
  const general =
    error && !fieldError(error, 'file', i18n) && !fieldError(error, 'mapping', i18n) && !fieldError(error, 'groupName', i18n) ? errorText(error, i18n) : null;

  return (
    <section className="card wizard" aria-label={t('imports.newImport')}>
      <div className="card-head">
        <h2 className="card-title">{t('imports.newImport')}</h2>
        {step > 1 && step < 4 && (
          <button type="button" className="button button-ghost button-small" onClick={reset}>
            {t('imports.startOver')}
          </button>
        )}
      </div>
      <StepBar step={step} />
      {general && (
        <div className="alert alert-error" role="alert">
          {general}
        </div>
      )}

      {step === 1 && (
        <form onSubmit={upload} className="wizard-step">
          <p className="muted">{t('imports.uploadHelp')}</p>
          <Field label={t('imports.file')} error={fieldError(error, 'file', i18n)}>
            {(id) => (
              // the browser's own file button speaks the browser's language: ours speaks the user's
              <div className="file-picker">
                <input
                  id={id}
                  className="visually-hidden"
                  type="file"
                  accept=".csv,.txt,text/csv,text/plain"
                  onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                />
                <label htmlFor={id} className="button">
                  {t('imports.chooseFile')}
                </label>
                <span className={file ? undefined : 'muted'}>{file ? `${file.name} · ${formatSize(file.size, num)}` : t('imports.noFile')}</span>
              </div>
            )}
          </Field>
          <div className="wizard-actions">
            <button type="submit" className="button button-primary" disabled={!file || busy}>
              {busy ? t('common.wait') : t('imports.upload')}
            </button>
          </div>
        </form>
      )}

      {step === 2 && preview && imp && (
        <div className="wizard-step">
          <div className="file-info">
            <strong>{imp.fileName}</strong> <span className="muted">· {formatSize(imp.fileSize, num)}</span>
          </div>
          <div className="inline-fields">
            <Field label={t('imports.encoding')} hint={t('imports.detected', { value: preview.encoding })}>
              {(id) => (
                <select id={id} value={encoding} onChange={(e) => void reread(e.target.value, delimiter)}>
                  {encodings.map((e) => (
                    <option key={e} value={e}>
                      {e}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('imports.delimiter')}>
              {(id) => (
                <select id={id} value={delimiter} onChange={(e) => void reread(encoding, e.target.value)}>
                  {delimiters.map((d) => (
                    <option key={d} value={d}>
                      {d === '\t' ? t('imports.delimTab') : d === ';' ? t('imports.delimSemicolon') : t('imports.delimComma')}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <div className="field field-check">
              <label>
                <input type="checkbox" checked={hasHeader} onChange={(e) => setHasHeader(e.target.checked)} /> {t('imports.hasHeader')}
              </label>
            </div>
          </div>
          <h3 className="section-title">{t('imports.previewTitle')}</h3>
          <div className="table-wrap">
            <table className="table preview-table" aria-label={t('imports.previewTitle')}>
              <thead>
                <tr>
                  <th className="num">#</th>
                  {columns.map((c) => (
                    <th key={c}>{columnName(c)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {numberedRows.map((row) => (
                  <tr key={row.n}>
                    <td className="num muted">{row.n}</td>
                    {columns.map((c) => (
                      <td key={c}>{row.cells[c] ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="wizard-actions">
            <button type="button" className="button button-primary" onClick={() => setStep(3)}>
              {t('common.next')} ›
            </button>
          </div>
        </div>
      )}

      {step === 3 && preview && (
        <form className="wizard-step" onSubmit={start}>
          <p className="muted">{t('imports.mappingHelp')}</p>
          {fieldError(error, 'mapping', i18n) && (
            <div className="alert alert-error" role="alert">
              {fieldError(error, 'mapping', i18n)}
            </div>
          )}
          <div className="table-wrap">
            <table className="table mapping-table">
              <thead>
                <tr>
                  <th>{t('imports.fileColumn')}</th>
                  <th>{t('imports.sample')}</th>
                  <th>{t('imports.contactField')}</th>
                </tr>
              </thead>
              <tbody>
                {Array.from({ length: columnCount }, (_, i) => {
                  const key = String(i);
                  const current = mapping[key] ?? '';
                  return (
                    <tr key={key}>
                      <td>
                        <label htmlFor={`map-${i}`}>{columnName(i)}</label>
                      </td>
                      <td className="muted sample">
                        {dataRows
                          .slice(0, 3)
                          .map((r) => r[i] ?? '')
                          .filter(Boolean)
                          .join(' · ')}
                      </td>
                      <td>
                        <select id={`map-${i}`} value={current} onChange={(e) => setMapping((m) => ({ ...m, [key]: e.target.value }))}>
                          <option value="">— {t('imports.ignore')} —</option>
                          {targets.map((o) => (
                            <option key={o.value} value={o.value} disabled={o.value !== current && usedTargets.has(o.value)}>
                              {o.label}
                            </option>
                          ))}
                        </select>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="inline-fields">
            <Field label={t('imports.groupName')} hint={t('imports.groupHint')} error={fieldError(error, 'groupName', i18n)}>
              {(id) => (
                <>
                  <input id={id} list="import-groups" value={groupName} onChange={(e) => setGroupName(e.target.value)} />
                  <datalist id="import-groups">
                    {groups.map((g) => (
                      <option key={g.id} value={g.name} />
                    ))}
                  </datalist>
                </>
              )}
            </Field>
            <Field label={t('imports.duplicatePolicy')}>
              {(id) => (
                <select id={id} value={policy} onChange={(e) => setPolicy(e.target.value as Policy)}>
                  <option value="skip">{t('imports.policySkip')}</option>
                  <option value="update">{t('imports.policyUpdate')}</option>
                  <option value="keep">{t('imports.policyKeep')}</option>
                </select>
              )}
            </Field>
          </div>
          <div className="wizard-actions">
            <button type="button" className="button" onClick={() => setStep(2)}>
              ‹ {t('common.back')}
            </button>
            <button type="submit" className="button button-primary" disabled={busy || !groupName.trim()}>
              {t('imports.start')}
            </button>
          </div>
        </form>
      )}

      {step === 4 && imp && (
        <div className="wizard-step">
          {!final && (
            <div className="job-inline">
              <p>
                {t('imports.running', { file: imp.fileName })}
                {job?.progress && typeof job.progress.rowsRead === 'number' ? ` · ${t('imports.rowsSoFar', { n: num(job.progress.rowsRead) })}` : ''}
              </p>
              <ProgressBar percent={job ? jobPercent(job) : null} label={t('jobs.progress')} />
            </div>
          )}
          {final && final.state === 'failed' && (
            <div className="alert alert-error" role="alert">
              {t('imports.failed', { error: final.error ?? '' })}
            </div>
          )}
          {final && final.state !== 'failed' && (
            <div className="result" role="status" aria-label={t('imports.result')}>
              <p className="result-main">{t('imports.finished', { file: final.fileName, group: final.groupName ?? '' })}</p>
              <dl className="result-grid">
                <div>
                  <dt>{t('imports.rowsRead')}</dt>
                  <dd data-testid="import-rows">{num(final.rowsRead)}</dd>
                </div>
                <div>
                  <dt>{t('imports.added')}</dt>
                  <dd data-testid="import-added">{num(final.added)}</dd>
                </div>
                <div>
                  <dt>{t('imports.updated')}</dt>
                  <dd data-testid="import-updated">{num(final.updated)}</dd>
                </div>
                <div>
                  <dt>{t('imports.duplicates')}</dt>
                  <dd data-testid="import-duplicates">{num(final.duplicates)}</dd>
                </div>
                <div>
                  <dt>{t('imports.rejected')}</dt>
                  <dd data-testid="import-rejected">{num(final.rejected)}</dd>
                </div>
              </dl>
              <div className="wizard-actions">
                {final.rejected + final.duplicates > 0 && (
                  <a className="button" href={`/api/imports/${final.id}/report.csv`} download={`import-${final.id}-report.csv`}>
                    {t('imports.downloadReport')}
                  </a>
                )}
                {final.groupId && session.can('contacts.read') && (
                  <button
                    type="button"
                    className="button button-primary"
                    onClick={() => {
                      presetContactsFilter({ importGroupId: String(final.groupId) });
                      navigate('/contacts');
                    }}
                  >
                    {t('imports.showContacts')}
                  </button>
                )}
                <button type="button" className="button button-ghost" onClick={reset}>
                  {t('imports.another')}
                </button>
              </div>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

function formatSize(bytes: number, num: (n: number) => string): string {
  if (bytes < 1024) return `${num(bytes)} B`;
  if (bytes < 1024 * 1024) return `${num(Math.round(bytes / 102.4) / 10)} KB`;
  return `${num(Math.round(bytes / 104857.6) / 10)} MB`;
}

function RecentImports({ imports }: { imports: ImportInfo[] | null }) {
  const i18n = useI18n();
  const { t, num, date } = i18n;
  return (
    <section className="card" aria-label={t('imports.recent')}>
      <h2 className="card-title">{t('imports.recent')}</h2>
      {!imports ? (
        <p className="muted">{t('common.loading')}</p>
      ) : imports.length === 0 ? (
        <Empty>{t('imports.noneYet')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th className="num">{t('col.id')}</th>
                <th>{t('imports.file')}</th>
                <th>{t('imports.group')}</th>
                <th>{t('imports.state')}</th>
                <th className="num">{t('imports.rowsRead')}</th>
                <th className="num">{t('imports.added')}</th>
                <th className="num">{t('imports.updated')}</th>
                <th className="num">{t('imports.duplicates')}</th>
                <th className="num">{t('imports.rejected')}</th>
                <th>{t('imports.date')}</th>
                <th>{t('imports.report')}</th>
              </tr>
            </thead>
            <tbody>
              {imports.map((m) => (
                <tr key={m.id}>
                  <td className="num">{m.id}</td>
                  <td>{m.fileName}</td>
                  <td>{m.groupName ?? ''}</td>
                  <td>
                    <span className={`badge badge-state-${m.state}`} title={m.error ?? undefined}>
                      {i18n.tk(`imports.stateName.${m.state}`, m.state)}
                    </span>
                  </td>
                  <td className="num">{num(m.rowsRead)}</td>
                  <td className="num">{num(m.added)}</td>
                  <td className="num">{num(m.updated)}</td>
                  <td className="num">{num(m.duplicates)}</td>
                  <td className="num">{num(m.rejected)}</td>
                  <td className="nowrap">{date(m.createdAt)}</td>
                  <td>
                    {m.state === 'done' && m.rejected + m.duplicates > 0 ? (
                      <a href={`/api/imports/${m.id}/report.csv`} download={`import-${m.id}-report.csv`}>
                        CSV
                      </a>
                    ) : (
                      ''
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
