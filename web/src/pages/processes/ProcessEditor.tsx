// PR-1..PR-7: the process graph editor. The process's fields on top, the graph in the middle, the
// selected status in the side panel; the linter's findings (POST /api/processes/lint, debounced)
// mark the nodes and are listed under the graph. Saving with errors is not possible; the server
// marks an initial status when none is (PR-3) and the editor says so.
import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Link, navigate } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import { forgetParamOptions } from '../actions/ActionParamInput.tsx';
import { ProcessReports } from '../mail/ProcessReports.tsx';
import { Dialog, errorText, Field, useConfirm, useToast } from '../../ui.tsx';
import { useFindingText, useProblemText } from './labels.ts';
import {
  type ActionKind,
  type Agent,
  dialOutcomes,
  type DialOutcome,
  emptyProcess,
  type LintFinding,
  localProblems,
  newStatus,
  type ProcessDef,
  type ProcessKind,
  type ProcessOut,
  type ProcessStatusDef,
  processKinds,
  type StatusExits,
  toInput,
  toLintInput,
} from './model.ts';
import { type NodeMarks, ProcessGraph } from './ProcessGraph.tsx';
import { StatusPanel } from './StatusPanel.tsx';

interface Shown {
  severity: 'error' | 'warning' | 'info';
  text: string;
  statusKey?: string;
}

const fromOut = (p: ProcessOut): ProcessDef =>
  toInput({ name: p.name, description: p.description, kind: p.kind, inboundStatusKeys: p.inboundStatusKeys, statuses: p.statuses });

export function ProcessEditorPage({ id }: { id: number | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const editable = session.can('campaigns.manage');
  const toast = useToast();
  const confirm = useConfirm();
  const findingText = useFindingText();
  const problemText = useProblemText();

  const [def, setDef] = useState<ProcessDef | null>(null);
  const [campaignIds, setCampaignIds] = useState<number[]>([]);
  const [findings, setFindings] = useState<LintFinding[]>([]);
  const [linting, setLinting] = useState(false);
  const [lintError, setLintError] = useState<unknown>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [notices, setNotices] = useState<string[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [tab, setTab] = useState<'basic' | 'exits'>('basic');
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [agents, setAgents] = useState<Agent[]>([]);
  const [connecting, setConnecting] = useState<{ source: string; target: string } | null>(null);
  const [focus, setFocus] = useState<{ key: string; n: number; fit?: boolean } | null>(null);
  /** the id just created: its page needs no reload */
  const justSaved = useRef<number | null>(null);

  // ---- loading ----
  useEffect(() => {
    if (id !== null && justSaved.current === id) {
      justSaved.current = null;
      return;
    }
    setSelected(null);
    setDirty(false);
    setSaveError(null);
    setLoadError(null);
    if (id === null) {
      setDef(emptyProcess());
      setFindings([]);
      setCampaignIds([]);
      return;
    }
    setDef(null);
    api<ProcessOut>('GET', `/api/processes/${id}`).then(
      (p) => {
        setDef(fromOut(p));
        setFindings(p.findings);
        setCampaignIds(p.campaignIds);
      },
      (err) => setLoadError(err),
    );
  }, [id]);

  // the action parameter pickers list what exists now (e.g. a template just written under E-mail)
  useEffect(() => forgetParamOptions(), []);

  useEffect(() => {
    api<Agent[]>('GET', '/api/agents').then(
      (list) => setAgents(list.filter((a) => a.active !== false)),
      () => setAgents([]),
    );
  }, []);

  // leaving with unsaved changes
  useEffect(() => {
    if (!dirty) return;
    const onUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onUnload);
    return () => window.removeEventListener('beforeunload', onUnload);
  }, [dirty]);

  // ---- editing ----
  const update = useCallback((fn: (d: ProcessDef) => ProcessDef) => {
    setDef((d) => (d ? fn(d) : d));
    setDirty(true);
    setNotices([]);
    setSaveError(null);
  }, []);
  const updateStatus = useCallback(
    (key: string, fn: (s: ProcessStatusDef) => ProcessStatusDef) => update((d) => ({ ...d, statuses: d.statuses.map((s) => (s.key === key ? fn(s) : s)) })),
    [update],
  );
  const onChange = (key: string, patch: Partial<ProcessStatusDef>) =>
    update((d) => ({
      ...d,
      // PR-3: one initial status — marking one unmarks the others
      statuses: d.statuses.map((s) => (s.key === key ? { ...s, ...patch } : patch.initial ? { ...s, initial: false } : s)),
    }));
  const onExits = (key: string, fn: (e: StatusExits) => StatusExits) => updateStatus(key, (s) => ({ ...s, exits: fn(s.exits) }));
  const onMove = useCallback((key: string, x: number, y: number) => updateStatus(key, (s) => (s.x === x && s.y === y ? s : { ...s, x, y })), [updateStatus]);
  const select = useCallback((key: string | null, exits?: boolean) => {
    setSelected(key);
    if (exits) setTab('exits');
  }, []);

  const addStatus = () => {
    if (!def) return;
    const s = newStatus(def.statuses, t('process.newStatusName', { n: def.statuses.length + 1 }));
    update((d) => ({ ...d, statuses: [...d.statuses, s] }));
    setSelected(s.key);
    setTab('basic');
    setFocus({ key: s.key, n: Date.now(), fit: true });
  };

  const deleteStatus = async (s: ProcessStatusDef) => {
    const name = s.name.trim() || t('process.unnamed');
    if (!(await confirm({ title: t('process.status.deleteTitle'), text: t('process.status.deleteText', { name }), confirm: t('common.delete'), danger: true })))
      return;
    // exits that led to it stay and show up as dangling (the linter reports them)
    update((d) => ({ ...d, statuses: d.statuses.filter((x) => x.key !== s.key), inboundStatusKeys: d.inboundStatusKeys.filter((k) => k !== s.key) }));
    setSelected(null);
  };

  // ---- the linter, live ----
  const lintBody = useMemo(
    () => (def && editable ? JSON.stringify(toLintInput({ ...def, statuses: def.statuses.map((s) => ({ ...s, x: 0, y: 0 })) })) : null),
    [def, editable],
  );
  const lintSeq = useRef(0);
  useEffect(() => {
    if (!lintBody) return;
    const seq = ++lintSeq.current;
    const timer = window.setTimeout(async () => {
      setLinting(true);
      try {
        const r = await api<{ findings: LintFinding[] }>('POST', '/api/processes/lint', JSON.parse(lintBody));
        if (seq === lintSeq.current) {
          setFindings(r.findings);
          setLintError(null);
        }
      } catch (err) {
        if (seq === lintSeq.current) setLintError(err);
      } finally {
        if (seq === lintSeq.current) setLinting(false);
      }
    }, 400);
    return () => window.clearTimeout(timer);
  }, [lintBody]);

  // ---- what to show ----
  const nameOf = useCallback(
    (key: string | undefined) => {
      if (!key) return '';
      const s = def?.statuses.find((x) => x.key === key);
      return s ? s.name.trim() || t('process.unnamed') : key;
    },
    [def, t],
  );
  const actionKindOf = useCallback((key: string, i: number): ActionKind | undefined => def?.statuses.find((s) => s.key === key)?.exits.actions[i]?.kind, [def]);
  const shown = useMemo<Shown[]>(() => {
    if (!def) return [];
    const local: Shown[] = localProblems(def).map((p) => ({ severity: 'error', text: problemText(p, nameOf(p.statusKey)), statusKey: p.statusKey }));
    const keys = new Set(def.statuses.map((s) => s.key));
    const server: Shown[] = findings
      // a finding about a status deleted since the last check is stale
      .filter((f) => !f.statusKey || keys.has(f.statusKey))
      .map((f) => ({ severity: f.severity, text: findingText(f, nameOf, actionKindOf), statusKey: f.statusKey }));
    const order = { error: 0, warning: 1, info: 2 };
    return [...local, ...server].sort((a, b) => order[a.severity] - order[b.severity]);
  }, [def, findings, findingText, problemText, nameOf, actionKindOf]);

  const marks = useMemo(() => {
    const m = new Map<string, NodeMarks>();
    for (const f of shown) {
      if (!f.statusKey || f.severity === 'info') continue;
      const cur = m.get(f.statusKey) ?? { severity: null, texts: [] };
      cur.texts.push(f.text);
      if (f.severity === 'error' || cur.severity === null) cur.severity = f.severity;
      m.set(f.statusKey, cur);
    }
    return m;
  }, [shown]);

  const errors = shown.filter((f) => f.severity === 'error').length;
  const warnings = shown.filter((f) => f.severity === 'warning').length;

  // ---- saving ----
  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!def || errors > 0) return;
    setBusy(true);
    setSaveError(null);
    try {
      const body = toInput(def);
      const r =
        id === null
          ? await api<{ process: ProcessOut; findings: LintFinding[] }>('POST', '/api/processes', body)
          : await api<{ process: ProcessOut; findings: LintFinding[] }>('PUT', `/api/processes/${id}`, body);
      const saved = fromOut(r.process);
      setDef(saved);
      setFindings(r.process.findings);
      setCampaignIds(r.process.campaignIds);
      setDirty(false);
      // PR-3: "… was marked initial" and any other fix the server made
      setNotices(
        r.findings
          .filter((f) => f.severity === 'info')
          .map((f) => {
            const s = saved.statuses.find((x) => x.key === f.statusKey);
            return f.code === 'initial_marked' && s ? t('process.initialMarked', { name: s.name }) : f.message;
          }),
      );
      toast.success(t('process.saved', { name: saved.name }));
      if (id === null) {
        justSaved.current = r.process.id;
        navigate(`/processes/${r.process.id}`, { replace: true });
      }
    } catch (err) {
      if (err instanceof ApiError && err.code === 'process_invalid') {
        const details = err.details as { findings?: LintFinding[] } | undefined;
        if (details?.findings) setFindings(details.findings);
      }
      setSaveError(err);
    } finally {
      setBusy(false);
    }
  };

  const removeProcess = async () => {
    if (id === null || !def) return;
    if (!(await confirm({ title: t('process.deleteTitle'), text: t('process.deleteText', { name: def.name }), confirm: t('common.delete'), danger: true })))
      return;
    try {
      await api('DELETE', `/api/processes/${id}`);
      setDirty(false);
      toast.success(t('process.deleted', { name: def.name }));
      navigate('/processes');
    } catch (err) {
      toast.error(err);
    }
  };

  const connect = useCallback((source: string, target: string) => setConnecting({ source, target }), []);

  if (loadError) {
    return (
      <div className="page">
        <div className="page-head">
          <h1>
            <Link to="/processes" className="back-link" aria-label={t('common.back')}>
              ‹
            </Link>{' '}
            {t('process.listTitle')}
          </h1>
        </div>
        <div className="alert alert-error" role="alert">
          {errorText(loadError, i18n)}
        </div>
      </div>
    );
  }
  if (!def) {
    return (
      <div className="page">
        <p className="muted">{t('common.loading')}</p>
      </div>
    );
  }

  const current = def.statuses.find((s) => s.key === selected) ?? null;
  const statusFindings = current
    ? shown.filter((f) => f.statusKey === current.key && f.severity !== 'info').map((f) => ({ severity: f.severity, text: f.text }))
    : [];
  const title = id === null ? t('process.new') : def.name.trim() || t('process.editTitle');
  const saveErrorText = saveError && !(saveError instanceof ApiError && saveError.code === 'process_invalid') ? errorText(saveError, i18n) : null;

  return (
    <div className="page page-process">
      <div className="page-head">
        <h1>
          <Link to="/processes" className="back-link" aria-label={t('common.back')}>
            ‹
          </Link>{' '}
          {title}
          {dirty && <span className="pe-dirty"> · {t('process.unsaved')}</span>}
        </h1>
        <div className="page-actions">
          {editable && (
            <span className="pe-lint-summary" role="status" data-testid="lint-summary">
              {linting ? t('process.checking') : errors > 0 || warnings > 0 ? t('process.lintCounts', { errors, warnings }) : t('process.lintClean')}
            </span>
          )}
          {editable && id !== null && (
            <button type="button" className="button pe-button-quiet-danger" onClick={() => void removeProcess()}>
              {t('process.delete')}
            </button>
          )}
          {editable && (
            <button
              type="submit"
              form="process-form"
              className="button button-primary"
              disabled={busy || errors > 0}
              title={errors > 0 ? t('process.saveBlocked') : undefined}
            >
              {t('common.save')}
            </button>
          )}
        </div>
      </div>
      {!editable && <p className="intro muted">{t('process.readOnly')}</p>}
      {notices.length > 0 && (
        <div className="alert pe-alert-info" role="status" data-testid="process-notice">
          {notices.map((n) => (
            <div key={n}>{n}</div>
          ))}
        </div>
      )}
      {saveErrorText && (
        <div className="alert alert-error" role="alert">
          {saveErrorText}
        </div>
      )}
      {saveError instanceof ApiError && saveError.code === 'process_invalid' && (
        <div className="alert alert-error" role="alert">
          {t('process.saveRefused')}
        </div>
      )}
      {lintError !== null && (
        <div className="alert alert-warn" role="alert">
          {t('process.lintFailed', { error: errorText(lintError, i18n) })}
        </div>
      )}

      <form id="process-form" className="card pe-process-card" onSubmit={(e) => void save(e)} noValidate aria-label={t('process.fields')}>
        <fieldset className="pe-fieldset" disabled={!editable}>
          <div className="pe-process-fields">
            <Field label={t('process.name')} error={!def.name.trim() && dirty ? t('process.problem.nameRequired') : undefined}>
              {(fid) => <input id={fid} value={def.name} maxLength={200} onChange={(e) => update((d) => ({ ...d, name: e.target.value }))} />}
            </Field>
            <Field label={t('process.kind')} hint={t(`process.kindHint.${def.kind}`)}>
              {(fid) => (
                <select id={fid} value={def.kind} onChange={(e) => update((d) => ({ ...d, kind: e.target.value as ProcessKind }))}>
                  {processKinds.map((k) => (
                    <option key={k} value={k}>
                      {t(`process.kind.${k}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('process.description')} className="pe-description">
              {(fid) => (
                <textarea id={fid} rows={2} value={def.description} maxLength={5000} onChange={(e) => update((d) => ({ ...d, description: e.target.value }))} />
              )}
            </Field>
          </div>
          <fieldset className="st-check-group">
            <legend>{t('process.inbound')}</legend>
            {def.statuses.length === 0 ? (
              <span className="field-hint">{t('process.inboundEmpty')}</span>
            ) : (
              <div className="st-check-grid">
                {def.statuses.map((s) => (
                  <label key={s.key}>
                    <input
                      type="checkbox"
                      checked={def.inboundStatusKeys.includes(s.key)}
                      onChange={(e) =>
                        update((d) => ({
                          ...d,
                          inboundStatusKeys: e.target.checked
                            ? [...d.inboundStatusKeys.filter((k) => k !== s.key), s.key]
                            : d.inboundStatusKeys.filter((k) => k !== s.key),
                        }))
                      }
                    />{' '}
                    {s.name.trim() || t('process.unnamed')}
                  </label>
                ))}
              </div>
            )}
            <div className="field-hint">{t('process.inboundHint')}</div>
          </fieldset>
          {campaignIds.length > 0 && (
            <p className="field-hint">
              {t('process.usedBy')}{' '}
              {campaignIds.map((c, i) => (
                <span key={c}>
                  {i > 0 && ', '}
                  <Link to={`/campaigns/${c}`}>{c}</Link>
                </span>
              ))}
            </p>
          )}
        </fieldset>
      </form>

      <div className="pe-workspace">
        <div className="pe-main">
          <div className="pe-toolbar">
            {editable && (
              <button type="button" className="button button-accent" onClick={addStatus}>
                + {t('process.addStatus')}
              </button>
            )}
            <span className="pe-legend">
              <span className="pe-legend-line pe-legend-script" aria-hidden="true" /> {t('process.legendScript')}
              <span className="pe-legend-line pe-legend-auto" aria-hidden="true" /> {t('process.legendAuto')}
            </span>
            {editable && <span className="field-hint pe-toolbar-hint">{t('process.connectHint')}</span>}
          </div>
          <ProcessGraph def={def} marks={marks} selected={selected} editable={editable} focus={focus} onSelect={select} onMove={onMove} onConnect={connect} />
          <section className="card pe-findings" aria-labelledby="pe-findings-title">
            <h2 id="pe-findings-title" className="card-title">
              {t('process.findings')}
            </h2>
            {shown.length === 0 ? (
              <p className="muted">{t('process.noFindings')}</p>
            ) : (
              <ul className="pe-findings-list" data-testid="findings">
                {shown.map((f, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the list is rebuilt whole on every check
                  <li key={i} className={`pe-finding pe-finding-${f.severity}`}>
                    <span className="visually-hidden">{t(`process.severity.${f.severity}`)}: </span>
                    {f.statusKey && def.statuses.some((s) => s.key === f.statusKey) ? (
                      <button
                        type="button"
                        className="link"
                        onClick={() => {
                          setSelected(f.statusKey ?? null);
                          setFocus({ key: f.statusKey ?? '', n: Date.now() });
                        }}
                      >
                        {f.text}
                      </button>
                    ) : (
                      f.text
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
        <aside className="pe-side" aria-label={t('process.sidePanel')}>
          {current ? (
            <StatusPanel
              key={current.key}
              status={current}
              statuses={def.statuses}
              agents={agents}
              editable={editable}
              tab={tab}
              onTab={setTab}
              findings={statusFindings}
              onChange={(patch) => onChange(current.key, patch)}
              onExits={(fn) => onExits(current.key, fn)}
              onDelete={() => void deleteStatus(current)}
              onClose={() => setSelected(null)}
            />
          ) : (
            <section className="card pe-panel">
              <h2 className="card-title">{t('process.statuses')}</h2>
              <p className="field-hint">{def.statuses.length ? t('process.selectHint') : t('process.emptyHint')}</p>
              {def.statuses.length > 0 && (
                <ul className="pe-status-list">
                  {def.statuses.map((s) => (
                    <li key={s.key}>
                      <button type="button" className="link" onClick={() => select(s.key)}>
                        <span className="st-color-dot" style={{ background: s.color }} aria-hidden="true" />
                        {s.name.trim() || t('process.unnamed')}
                      </button>{' '}
                      <span className="muted">{t(`qualifier.${s.qualifier}`)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          )}
        </aside>
      </div>
      {connecting && (
        <ConnectDialog
          from={def.statuses.find((s) => s.key === connecting.source)}
          to={def.statuses.find((s) => s.key === connecting.target)}
          onClose={() => setConnecting(null)}
          onAdd={(fn) => {
            onExits(connecting.source, fn);
            setSelected(connecting.source);
            setTab('exits');
            setConnecting(null);
          }}
        />
      )}
      {id !== null && session.can('mail.manage') && <ProcessReports processId={id} />}
    </div>
  );
}

type ExitChoice = 'script' | 'dialer' | 'counter' | 'event' | 'waitingOnDialer';

/** Dragging from one status to another adds an exit; this asks which kind. */
function ConnectDialog({
  from,
  to,
  onClose,
  onAdd,
}: {
  from: ProcessStatusDef | undefined;
  to: ProcessStatusDef | undefined;
  onClose: () => void;
  onAdd: (fn: (e: StatusExits) => StatusExits) => void;
}) {
  const { t } = useI18n();
  const [kind, setKind] = useState<ExitChoice>('script');
  const [field, setField] = useState('');
  const [value, setValue] = useState('');
  const [outcome, setOutcome] = useState<DialOutcome>('busy');
  const [limit, setLimit] = useState('3');
  if (!from || !to) return null;
  const target = to.key;
  const limitN = Number(limit);
  const valid = kind === 'script' ? field.trim() !== '' : kind === 'counter' ? Number.isInteger(limitN) && limitN >= 1 && limitN <= 1000 : true;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    onAdd((x) => {
      switch (kind) {
        case 'script':
          return { ...x, script: [...x.script, { field: field.trim(), value, statusKey: target }] };
        case 'dialer':
          return { ...x, dialer: { ...x.dialer, [outcome]: target } };
        case 'counter':
          return { ...x, counter: { limit: limitN, statusKey: target } };
        case 'event':
          return { ...x, event: { inboundEmail: target } };
        case 'waitingOnDialer':
          return { ...x, waitingOnDialer: target };
      }
    });
  };
  const choices: ExitChoice[] = ['script', 'dialer', 'counter', 'event', 'waitingOnDialer'];
  return (
    <Dialog
      title={t('process.connect.title', { from: from.name.trim() || t('process.unnamed'), to: to.name.trim() || t('process.unnamed') })}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form="connect-form" className="button button-primary" disabled={!valid}>
            {t('process.connect.add')}
          </button>
        </>
      }
    >
      <form id="connect-form" onSubmit={submit} noValidate>
        <fieldset className="st-check-group">
          <legend>{t('process.connect.kind')}</legend>
          {choices.map((c) => (
            <label key={c} className="pe-radio">
              <input type="radio" name="exit-kind" value={c} checked={kind === c} onChange={() => setKind(c)} /> {t(`process.connect.${c}`)}
            </label>
          ))}
        </fieldset>
        {kind === 'script' && (
          <div className="form-grid">
            <Field label={t('process.exits.field')} hint={t('process.connect.fieldHint')}>
              {(fid) => <input id={fid} value={field} maxLength={40} onChange={(e) => setField(e.target.value)} />}
            </Field>
            <Field label={t('process.exits.value')}>
              {(fid) => <input id={fid} value={value} maxLength={200} onChange={(e) => setValue(e.target.value)} />}
            </Field>
          </div>
        )}
        {kind === 'dialer' && (
          <Field label={t('process.connect.outcome')}>
            {(fid) => (
              <select id={fid} value={outcome} onChange={(e) => setOutcome(e.target.value as DialOutcome)}>
                {dialOutcomes.map((o) => (
                  <option key={o} value={o}>
                    {t(`statuses.outcome.${o}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {kind === 'counter' && (
          <Field label={t('process.exits.counterLimit')} hint={t('process.exits.counterHint')}>
            {(fid) => <input id={fid} type="number" min={1} max={1000} value={limit} onChange={(e) => setLimit(e.target.value)} />}
          </Field>
        )}
      </form>
    </Dialog>
  );
}
