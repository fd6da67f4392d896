// CP-4: the rules run after an attempt — "call again" with conditions (connected or not, the
// result the agent gave, the number of attempts) and a delay; "delete contact"; "add a parameter".
import { useI18n } from '../../i18n/index.tsx';
import { errorAt, intOrNull, type RetryRule, type StatusInfo } from './model.ts';

type Action = RetryRule['action'];

function defaultAction(kind: Action['kind']): Action {
  if (kind === 'call_again') return { kind, delayMinutes: 60 };
  if (kind === 'add_parameter') return { kind, key: 'not_answered', value: 'yes' };
  return { kind: 'delete' };
}

export function RetryRulesEditor({
  rules,
  onChange,
  statuses,
  error,
  readOnly,
}: {
  rules: RetryRule[];
  onChange: (rules: RetryRule[]) => void;
  statuses: StatusInfo[];
  error: unknown;
  readOnly: boolean;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const set = (i: number, r: RetryRule) => onChange(rules.map((x, j) => (j === i ? r : x)));
  const move = (i: number, by: number) => {
    const next = [...rules];
    const [r] = next.splice(i, 1);
    next.splice(i + by, 0, r);
    onChange(next);
  };
  const general = errorAt(error, 'retryRules', i18n);
  const ruleError = (i: number) => errorAt(error, `retryRules.${i}`, i18n);
  const statusName = new Map(statuses.map((s) => [s.id, s]));

  return (
    <div className="rules">
      {rules.length === 0 && <p className="muted">{t('campaign.rules.none')}</p>}
      <ol className="rule-list">
        {rules.map((r, i) => {
          const w = r.when;
          const err = ruleError(i);
          const setWhen = (patch: Partial<RetryRule['when']>) => {
            const when: RetryRule['when'] = { ...w, ...patch };
            for (const k of Object.keys(when) as (keyof RetryRule['when'])[]) if (when[k] === undefined) delete when[k];
            set(i, { ...r, when });
          };
          const picked = new Set(w.statusIds ?? []);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rules are identified by their place in the list
            <li key={i} className={`rule card-inset${err ? ' rule-invalid' : ''}`} aria-label={t('campaign.rules.ruleN', { n: i + 1 })}>
              <div className="rule-head">
                <strong>{t('campaign.rules.ruleN', { n: i + 1 })}</strong>
                {!readOnly && (
                  <span className="rule-tools">
                    <button type="button" className="icon-button" disabled={i === 0} aria-label={t('campaign.moveUp')} onClick={() => move(i, -1)}>
                      ↑
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      disabled={i === rules.length - 1}
                      aria-label={t('campaign.moveDown')}
                      onClick={() => move(i, 1)}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={t('campaign.rules.remove', { n: i + 1 })}
                      onClick={() => onChange(rules.filter((_, j) => j !== i))}
                    >
                      ×
                    </button>
                  </span>
                )}
              </div>
              <div className="rule-body">
                <div className="rule-part">
                  <span className="rule-word">{t('campaign.rules.when')}</span>
                  <label className="inline-label">
                    {t('campaign.rules.connected')}
                    <select
                      value={w.connected === undefined ? '' : String(w.connected)}
                      onChange={(e) => setWhen({ connected: e.target.value === '' ? undefined : e.target.value === 'true' })}
                    >
                      <option value="">{t('campaign.rules.any')}</option>
                      <option value="true">{t('campaign.rules.connectedYes')}</option>
                      <option value="false">{t('campaign.rules.connectedNo')}</option>
                    </select>
                  </label>
                  <label className="inline-label">
                    {t('campaign.rules.attemptsAtLeast')}
                    <input
                      type="number"
                      className="num-input"
                      min={0}
                      value={w.attemptsAtLeast ?? ''}
                      onChange={(e) => setWhen({ attemptsAtLeast: intOrNull(e.target.value) ?? undefined })}
                    />
                  </label>
                  <label className="inline-label">
                    {t('campaign.rules.attemptsAtMost')}
                    <input
                      type="number"
                      className="num-input"
                      min={0}
                      value={w.attemptsAtMost ?? ''}
                      onChange={(e) => setWhen({ attemptsAtMost: intOrNull(e.target.value) ?? undefined })}
                    />
                  </label>
                </div>
                <fieldset className="rule-statuses">
                  <legend>{t('campaign.rules.result')}</legend>
                  {statuses.length === 0 && <span className="muted small">{t('campaign.rules.noStatuses')}</span>}
                  {statuses.map((s) => (
                    <label key={s.id} className={`chip${picked.has(s.id) ? ' chip-on' : ''}`}>
                      <input
                        type="checkbox"
                        checked={picked.has(s.id)}
                        onChange={(e) => {
                          const next = new Set(picked);
                          if (e.target.checked) next.add(s.id);
                          else next.delete(s.id);
                          setWhen({ statusIds: next.size ? statuses.filter((x) => next.has(x.id)).map((x) => x.id) : undefined });
                        }}
                      />
                      <span className="color-dot" style={{ background: s.color }} />
                      {s.name}
                    </label>
                  ))}
                  {[...picked]
                    .filter((id) => !statusName.has(id))
                    .map((id) => (
                      <span key={id} className="chip chip-on">
                        #{id}
                      </span>
                    ))}
                  {!picked.size && statuses.length > 0 && <span className="muted small">{t('campaign.rules.anyResult')}</span>}
                </fieldset>
                <div className="rule-part">
                  <span className="rule-word">{t('campaign.rules.then')}</span>
                  <select
                    aria-label={t('campaign.rules.action')}
                    value={r.action.kind}
                    onChange={(e) => set(i, { ...r, action: defaultAction(e.target.value as Action['kind']) })}
                  >
                    <option value="call_again">{t('campaign.rules.callAgain')}</option>
                    <option value="delete">{t('campaign.rules.delete')}</option>
                    <option value="add_parameter">{t('campaign.rules.addParameter')}</option>
                  </select>
                  {r.action.kind === 'call_again' && (
                    <label className="inline-label">
                      {t('campaign.rules.after')}
                      <input
                        type="number"
                        className="num-input"
                        min={0}
                        value={Number.isFinite(r.action.delayMinutes) ? r.action.delayMinutes : ''}
                        onChange={(e) => set(i, { ...r, action: { kind: 'call_again', delayMinutes: intOrNull(e.target.value) ?? Number.NaN } })}
                      />
                      {t('campaign.unit.minutes')}
                    </label>
                  )}
                  {r.action.kind === 'add_parameter' && (
                    <>
                      <label className="inline-label">
                        {t('campaign.rules.paramKey')}
                        <input
                          className="key-input"
                          value={r.action.key}
                          onChange={(e) =>
                            set(i, { ...r, action: { ...(r.action as { kind: 'add_parameter'; key: string; value: string }), key: e.target.value } })
                          }
                        />
                      </label>
                      <label className="inline-label">
                        {t('campaign.rules.paramValue')}
                        <input
                          value={r.action.value}
                          onChange={(e) =>
                            set(i, { ...r, action: { ...(r.action as { kind: 'add_parameter'; key: string; value: string }), value: e.target.value } })
                          }
                        />
                      </label>
                    </>
                  )}
                </div>
                <p className="rule-summary muted small">{summary(r)}</p>
                {err && (
                  <div className="field-error" role="alert">
                    {err}
                  </div>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      {general && !rules.some((_, i) => ruleError(i)) && (
        <div className="field-error" role="alert">
          {general}
        </div>
      )}
      {!readOnly && (
        <button
          type="button"
          className="button button-small"
          onClick={() => onChange([...rules, { when: { connected: false }, action: defaultAction('call_again') }])}
        >
          + {t('campaign.rules.add')}
        </button>
      )}
    </div>
  );

  function summary(r: RetryRule): string {
    const parts: string[] = [];
    if (r.when.connected !== undefined) parts.push(r.when.connected ? t('campaign.rules.sumConnected') : t('campaign.rules.sumNotConnected'));
    if (r.when.statusIds?.length)
      parts.push(t('campaign.rules.sumStatuses', { list: r.when.statusIds.map((id) => statusName.get(id)?.name ?? `#${id}`).join(', ') }));
    if (r.when.attemptsAtLeast !== undefined) parts.push(t('campaign.rules.sumAtLeast', { n: r.when.attemptsAtLeast }));
    if (r.when.attemptsAtMost !== undefined) parts.push(t('campaign.rules.sumAtMost', { n: r.when.attemptsAtMost }));
    const cond = parts.length ? parts.join(', ') : t('campaign.rules.sumAlways');
    const a = r.action;
    const act =
      a.kind === 'call_again'
        ? t('campaign.rules.sumCallAgain', { n: Number.isFinite(a.delayMinutes) ? a.delayMinutes : '?' })
        : a.kind === 'delete'
          ? t('campaign.rules.sumDelete')
          : t('campaign.rules.sumAddParameter', { key: a.key, value: a.value });
    return `${cond} → ${act}`;
  }
}
