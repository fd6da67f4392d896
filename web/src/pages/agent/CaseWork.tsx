// AG-1: the case in preview — contact data with the number to call, the case's state, the
// campaign's script (CP-5), and the result: outcome, status (only those the card offers), the
// date of next contact only where the status lets the agent pick it (ST-3, QL-2), and a note.
// DL-1: the dialer's call of the case — "Call now" in preview (dialed by itself when the
// before-call-work time runs out), ringing and talking with "Hang up", wrap-up with its limit.
import { type CSSProperties, type FormEvent, Fragment, useEffect, useId, useRef, useState } from 'react';
import { api, ApiError } from '../../api.ts';
import { type I18n, useI18n } from '../../i18n/index.tsx';
import { errorText, Field, fieldError } from '../../ui.tsx';
import { displayName } from '../Contacts.tsx';
import { CallControls, type CallInfo } from './CallControls.tsx';
import { onCall } from './states.ts';
import { type CaseCard, type ResultOutcome, type ResultSaved, resultOutcomes, type ScriptItem, isoTime, timeMs } from './types.ts';
import { formatDuration, fromLocalInput, toLocalInput, useNow } from './util.ts';

type Answers = Record<string, unknown>;

/** The translated error of one field of the result form (the server names the field). */
function resultFieldError(err: unknown, field: string, i18n: I18n): string | undefined {
  const text = fieldError(err, field, i18n);
  if (!text || !(err instanceof ApiError)) return text;
  if (err.code === 'callback_time_required') return i18n.t('agent.error.callbackRequired');
  if (err.code === 'callback_time_not_allowed') return i18n.t('agent.error.callbackNotAllowed');
  if (field === 'statusId' && err.message === 'Choose a status') return i18n.t('agent.error.chooseStatus');
  return text;
}

const formFields = ['outcome', 'statusId', 'callbackAt', 'note', 'answers'];

export function outcomeLabel(i18n: I18n, outcome: string | null | undefined): string {
  const { t } = i18n;
  const labels: Record<string, string> = {
    answered: t('agent.outcome.answered'),
    busy: t('agent.outcome.busy'),
    no_answer: t('agent.outcome.noAnswer'),
    invalid: t('agent.outcome.invalid'),
    voicemail: t('agent.outcome.voicemail'),
    unhandled: t('agent.outcome.unhandled'),
  };
  return outcome ? (labels[outcome] ?? outcome) : '';
}

export function queueLabel(i18n: I18n, queue: string): string {
  const { t } = i18n;
  const labels: Record<string, string> = {
    fresh: t('agent.queue.fresh'),
    retry: t('agent.queue.retry'),
    callback: t('agent.queue.callback'),
    progressive: t('agent.queue.progressive'),
    end_of_queue: t('agent.queue.endOfQueue'),
    waiting: t('agent.queue.waiting'),
    closed: t('agent.queue.closed'),
  };
  return labels[queue] ?? queue;
}

function tierLabel(i18n: I18n, tier: string | undefined): string | null {
  const { t } = i18n;
  const labels: Record<string, string> = {
    own_callback: t('agent.tier.ownCallback'),
    progressive: t('agent.tier.progressive'),
    overdue_private: t('agent.tier.overduePrivate'),
    callback: t('agent.tier.callback'),
    fresh: t('agent.tier.fresh'),
    retry: t('agent.tier.retry'),
    end_of_queue: t('agent.tier.endOfQueue'),
  };
  return tier ? (labels[tier] ?? tier) : null;
}

/** The script answers the case already has (CP-5), as the form's starting values. */
function initialAnswers(script: ScriptItem[], params: Record<string, unknown>): Answers {
  const out: Answers = {};
  for (const item of script) {
    if (item.kind === 'text') continue;
    const v = params[item.key];
    if (item.kind === 'checkbox') out[item.key] = v === true || v === 'true';
    else if (item.kind === 'question' && item.multiple) out[item.key] = Array.isArray(v) ? v.map(String) : [];
    else out[item.key] = v === undefined || v === null ? '' : String(v);
  }
  return out;
}

/** What the server gets: answered questions and fields, every checkbox as yes/no. */
function answersToSend(script: ScriptItem[], answers: Answers): Answers | undefined {
  const out: Answers = {};
  for (const item of script) {
    if (item.kind === 'text') continue;
    const v = answers[item.key];
    if (item.kind === 'checkbox') out[item.key] = v === true;
    else if (Array.isArray(v)) {
      if (v.length) out[item.key] = v;
    } else if (typeof v === 'string' && v.trim()) {
      out[item.key] = item.kind === 'field' && item.type === 'number' && Number.isFinite(Number(v)) ? Number(v) : v.trim();
    }
  }
  return Object.keys(out).length ? out : undefined;
}

export function CaseWork({
  card,
  tier,
  call,
  callBusy,
  onDial,
  onHangup,
  givingBack,
  onSaved,
  onGiveBack,
}: {
  card: CaseCard;
  tier?: string;
  /** the agent's state while this case is open (preview, dialing, talking, wrap-up) */
  call: CallInfo;
  callBusy: 'dial' | 'hangup' | null;
  onDial: () => void;
  onHangup: () => void;
  givingBack: boolean;
  onSaved: (r: ResultSaved, statusName: string | null) => void;
  onGiveBack: () => void;
}) {
  const i18n = useI18n();
  const { t, num, date } = i18n;
  const headRef = useRef<HTMLHeadingElement>(null);
  const headId = useId();
  const [outcome, setOutcome] = useState<ResultOutcome>('answered');
  const [statusId, setStatusId] = useState<number | null>(null);
  const [callbackAt, setCallbackAt] = useState('');
  const [note, setNote] = useState('');
  const [answers, setAnswers] = useState<Answers>(() => initialAnswers(card.campaign.script, card.case.params ?? {}));
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  // a new case takes the agent's attention: focus it and bring it into view
  useEffect(() => {
    headRef.current?.focus();
    headRef.current?.scrollIntoView({ block: 'nearest' });
  }, []);

  const c = card.contact;
  const name = displayName(c);
  const status = card.statuses.find((s) => s.id === statusId) ?? null;
  const picksTime = status?.agentPicksTime ?? false;
  const phoneShown = card.campaign.phoneColumn === 'phone2' ? (c.phone2Raw ?? c.phone2) : (c.phone1Raw ?? c.phone1);
  const tierText = tierLabel(i18n, tier);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { outcome, statusId };
      if (picksTime) body.callbackAt = fromLocalInput(callbackAt);
      if (note.trim()) body.note = note.trim();
      const a = answersToSend(card.campaign.script, answers);
      if (a) body.answers = a;
      const r = await api<ResultSaved>('POST', `/api/cases/${card.case.id}/result`, body);
      onSaved(r, card.statuses.find((s) => s.id === r.statusId)?.name ?? null);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  const setShortcut = (d: Date) => setCallbackAt(toLocalInput(d));
  const inHours = (h: number) => {
    const d = new Date(Date.now() + h * 3_600_000);
    d.setSeconds(0, 0);
    return d;
  };
  const tomorrowAt9 = () => {
    const d = new Date();
    d.setDate(d.getDate() + 1);
    d.setHours(9, 0, 0, 0);
    return d;
  };

  const generalError = error && !(error instanceof ApiError && error.field && formFields.some((f) => resultFieldError(error, f, i18n))) ? error : null;
  const generalText =
    generalError instanceof ApiError && generalError.code === 'case_locked' ? t('agent.error.caseLocked') : generalError ? errorText(generalError, i18n) : '';

  const address = [[c.street, c.houseNumber].filter(Boolean).join(' '), [c.postalCode, c.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const custom = Object.entries(c.custom ?? {}).filter(([, v]) => v !== null && v !== '');

  return (
    <section className="card agent-case" aria-labelledby={headId} data-case-id={card.case.id}>
      <header className="agent-case-head">
        <div>
          <h2 id={headId} ref={headRef} tabIndex={-1} className="agent-case-name">
            {name}
          </h2>
          <div className="muted">
            {t('agent.caseN', { id: card.case.id })} · {t('agent.contactN', { id: c.id })} · {card.campaign.id} {card.campaign.name}
            {tierText && (
              <>
                {' '}
                <span className={`badge ${tier === 'own_callback' ? 'badge-info' : ''}`}>{tierText}</span>
              </>
            )}
          </div>
        </div>
        {card.campaign.mode === 'preview' && card.campaign.previewSeconds > 0 && call.state === 'preview' && (
          <PreviewTimer seconds={card.campaign.previewSeconds} since={timeMs(call.since)} />
        )}
      </header>

      <div className="agent-phone">
        {phoneShown ? (
          <a
            className="agent-phone-number"
            data-testid="agent-phone"
            href={`tel:${card.phone ?? phoneShown}`}
            aria-label={t('agent.callN', { phone: phoneShown })}
          >
            {phoneShown}
          </a>
        ) : (
          <span className="badge badge-danger">{t('agent.noPhone')}</span>
        )}
        <CallControls call={call} mode={card.campaign.mode} canDial={!!phoneShown} busy={callBusy} onDial={onDial} onHangup={onHangup} />
      </div>

      <div className="agent-case-grid">
        <div className="agent-case-info">
          <h3 className="section-title">{t('agent.contactData')}</h3>
          <dl className="meta meta-wide agent-meta">
            <dt>{t('contact.name')}</dt>
            <dd>{name}</dd>
            {address && (
              <>
                <dt>{t('col.address')}</dt>
                <dd>{address}</dd>
              </>
            )}
            {c.region && (
              <>
                <dt>{t('contact.region')}</dt>
                <dd>{[c.region, c.county, c.commune].filter(Boolean).join(' · ')}</dd>
              </>
            )}
            <dt>{t('contact.phone1')}</dt>
            <dd>{c.phone1Raw ?? c.phone1 ?? '—'}</dd>
            {(c.phone2Raw ?? c.phone2) && (
              <>
                <dt>{t('contact.phone2')}</dt>
                <dd>{c.phone2Raw ?? c.phone2}</dd>
              </>
            )}
            {c.email && (
              <>
                <dt>{t('contact.email')}</dt>
                <dd>
                  <a href={`mailto:${c.email}`}>{c.email}</a>
                </dd>
              </>
            )}
            {custom.map(([k, v]) => (
              <Fragment key={k}>
                <dt>{card.fieldLabels?.[k] ?? k}</dt>
                <dd>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</dd>
              </Fragment>
            ))}
          </dl>

          <h3 className="section-title">{t('agent.caseData')}</h3>
          <dl className="meta meta-wide agent-meta" data-testid="agent-case-state">
            <dt>{t('agent.status')}</dt>
            <dd>{card.case.statusName ?? <span className="muted">{t('agent.noStatusYet')}</span>}</dd>
            <dt>{t('agent.queue')}</dt>
            <dd>{queueLabel(i18n, card.case.queue)}</dd>
            <dt>{t('agent.attempts')}</dt>
            <dd>{num(card.case.attempts)}</dd>
            {card.case.lastOutcome && (
              <>
                <dt>{t('agent.lastOutcome')}</dt>
                <dd>
                  {outcomeLabel(i18n, card.case.lastOutcome)} · {date(isoTime(card.case.lastAttemptAt))}
                </dd>
              </>
            )}
            {card.case.callableAt && (
              <>
                <dt>{t('agent.nextContact')}</dt>
                <dd>{date(isoTime(card.case.callableAt))}</dd>
              </>
            )}
            {card.case.ownerName && (
              <>
                <dt>{t('agent.owner')}</dt>
                <dd>{card.case.ownerName}</dd>
              </>
            )}
            {card.case.stage === 'confirmation' && (
              <>
                <dt>{t('agent.stage')}</dt>
                <dd>{t('agent.stageConfirmation')}</dd>
              </>
            )}
          </dl>

          {card.campaign.script.length > 0 && <ScriptForm script={card.campaign.script} answers={answers} onChange={setAnswers} error={error} />}
        </div>

        <form className="agent-result" aria-label={t('agent.result')} onSubmit={save} noValidate>
          <h3 className="section-title">{t('agent.result')}</h3>
          {/* on a connected (or finished) dialer call the dialer knows the outcome */}
          {call.state !== 'talking' && call.state !== 'wrap_up' && (
            <fieldset className="agent-choices">
              <legend>{t('agent.outcome')}</legend>
              {resultOutcomes.map((o) => (
                <label key={o} className={`agent-choice${outcome === o ? ' checked' : ''}`}>
                  <input type="radio" name={`outcome-${card.case.id}`} value={o} checked={outcome === o} onChange={() => setOutcome(o)} />
                  {outcomeLabel(i18n, o)}
                </label>
              ))}
              {resultFieldError(error, 'outcome', i18n) && (
                <div className="field-error" role="alert">
                  {resultFieldError(error, 'outcome', i18n)}
                </div>
              )}
            </fieldset>
          )}

          <fieldset className={`agent-choices agent-statuses${resultFieldError(error, 'statusId', i18n) ? ' field-invalid' : ''}`}>
            <legend>{t('agent.newStatus')}</legend>
            {card.statuses.length === 0 && <p className="muted">{t('agent.noStatuses')}</p>}
            {card.statuses.map((s) => (
              <label
                key={s.id}
                className={`agent-choice agent-status${statusId === s.id ? ' checked' : ''}`}
                style={{ '--status-color': s.color } as CSSProperties}
              >
                <input
                  type="radio"
                  name={`status-${card.case.id}`}
                  value={s.id}
                  checked={statusId === s.id}
                  onChange={() => {
                    setStatusId(s.id);
                    if (!s.agentPicksTime) setCallbackAt('');
                  }}
                />
                <span className="agent-status-dot" aria-hidden="true" />
                {s.name}
              </label>
            ))}
            {resultFieldError(error, 'statusId', i18n) && (
              <div className="field-error" role="alert">
                {resultFieldError(error, 'statusId', i18n)}
              </div>
            )}
          </fieldset>

          {picksTime && (
            <Field label={t('agent.callbackAt')} error={resultFieldError(error, 'callbackAt', i18n)} hint={t('agent.callbackAtHint')}>
              {(id) => (
                <>
                  <input id={id} type="datetime-local" required value={callbackAt} onChange={(e) => setCallbackAt(e.target.value)} />
                  <div className="agent-shortcuts">
                    <button type="button" className="button button-small" onClick={() => setShortcut(inHours(1))}>
                      {t('agent.inOneHour')}
                    </button>
                    <button type="button" className="button button-small" onClick={() => setShortcut(inHours(2))}>
                      {t('agent.inTwoHours')}
                    </button>
                    <button type="button" className="button button-small" onClick={() => setShortcut(tomorrowAt9())}>
                      {t('agent.tomorrowNine')}
                    </button>
                  </div>
                </>
              )}
            </Field>
          )}

          <Field label={t('agent.note')} error={resultFieldError(error, 'note', i18n)}>
            {(id) => <textarea id={id} rows={3} maxLength={5000} value={note} onChange={(e) => setNote(e.target.value)} />}
          </Field>

          {generalText && (
            <div className="alert alert-error" role="alert">
              {generalText}
            </div>
          )}
          <div className="agent-result-actions">
            <button type="submit" className="button button-primary" disabled={saving || givingBack}>
              {saving ? t('common.wait') : t('agent.save')}
            </button>
            <button
              type="button"
              className="button"
              onClick={onGiveBack}
              disabled={saving || givingBack || onCall(call.state)}
              title={onCall(call.state) ? t('agent.onCallLocked') : undefined}
            >
              {t('agent.giveBack')}
            </button>
          </div>
          <p className="field-hint">{t('agent.giveBackHint')}</p>
        </form>
      </div>
    </section>
  );
}

/** DL-1: the before-call-work time of a preview campaign, counted down from when the preview began. */
function PreviewTimer({ seconds, since }: { seconds: number; since: number }) {
  const { t } = useI18n();
  const [opened] = useState(() => Date.now());
  const start = Number.isFinite(since) ? Math.min(since, Date.now()) : opened;
  const now = useNow(1000, Date.now() - start < seconds * 1000 + 1000);
  const left = Math.max(0, seconds * 1000 - (now - start));
  const over = left === 0;
  return (
    <div className={`agent-preview${over ? ' agent-preview-over' : ''}`} data-testid="agent-preview">
      <div className="agent-preview-head">
        <span>{t('agent.preview.label')}</span>
        <span role="timer" aria-label={t('agent.preview.left')} className="agent-preview-time">
          {formatDuration(left)}
        </span>
      </div>
      <div className="progress" aria-hidden="true">
        <div className="progress-fill" style={{ width: `${(left / (seconds * 1000)) * 100}%` }} />
      </div>
      <div className="field-hint">{over ? t('agent.preview.over') : t('agent.preview.info')}</div>
    </div>
  );
}

/** CP-5: the campaign's script as a form; answers go with the result as `answers`. */
function ScriptForm({ script, answers, onChange, error }: { script: ScriptItem[]; answers: Answers; onChange: (a: Answers) => void; error: unknown }) {
  const i18n = useI18n();
  const { t } = i18n;
  const set = (key: string, v: unknown) => onChange({ ...answers, [key]: v });
  return (
    <section className="agent-script" aria-label={t('agent.script')}>
      <h3 className="section-title">{t('agent.script')}</h3>
      {script.map((item, i) => {
        if (item.kind === 'text')
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: script texts have no key; the script does not change while shown
            <p key={`text-${i}`} className="agent-script-text">
              {item.text}
            </p>
          );
        const err = fieldError(error, `answers.${item.key}`, i18n);
        if (item.kind === 'checkbox')
          return (
            <div key={item.key} className="field field-check">
              <label>
                <input type="checkbox" checked={answers[item.key] === true} onChange={(e) => set(item.key, e.target.checked)} /> {item.label}
              </label>
              {err && (
                <div className="field-error" role="alert">
                  {err}
                </div>
              )}
            </div>
          );
        if (item.kind === 'question') {
          const value = answers[item.key];
          const chosen = Array.isArray(value) ? (value as string[]) : [];
          return (
            <fieldset key={item.key} className="agent-choices agent-question">
              <legend>{item.label}</legend>
              {item.options.map((o) =>
                item.multiple ? (
                  <label key={o} className={`agent-choice${chosen.includes(o) ? ' checked' : ''}`}>
                    <input
                      type="checkbox"
                      checked={chosen.includes(o)}
                      onChange={(e) => set(item.key, e.target.checked ? [...chosen, o] : chosen.filter((x) => x !== o))}
                    />
                    {o}
                  </label>
                ) : (
                  <label key={o} className={`agent-choice${value === o ? ' checked' : ''}`}>
                    <input type="radio" name={`q-${item.key}`} value={o} checked={value === o} onChange={() => set(item.key, o)} />
                    {o}
                  </label>
                ),
              )}
              {!item.multiple && typeof value === 'string' && value !== '' && (
                <button type="button" className="link" onClick={() => set(item.key, '')}>
                  {t('agent.clearAnswer')}
                </button>
              )}
              {err && (
                <div className="field-error" role="alert">
                  {err}
                </div>
              )}
            </fieldset>
          );
        }
        return (
          <Field key={item.key} label={item.label} error={err}>
            {(id) => (
              <input
                id={id}
                type={item.type}
                inputMode={item.type === 'number' ? 'decimal' : undefined}
                value={String(answers[item.key] ?? '')}
                onChange={(e) => set(item.key, e.target.value)}
              />
            )}
          </Field>
        );
      })}
    </section>
  );
}
