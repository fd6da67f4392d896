// CP-5: the call script — a form of texts to read, questions with closed answers, checkboxes and
// fields — built item by item, reordered, and previewed as the agent will see it. Every answer is
// stored under its key and becomes a column of the attempts view.
import { type Dispatch, type SetStateAction, useRef, useState } from 'react';
import { type Key, useI18n } from '../../i18n/index.tsx';
import { type CampaignSettings, errorAt, keyFromLabel, type ScriptItem } from './model.ts';

type Which = 'script' | 'confirmationScript';

const kindLabels: Record<ScriptItem['kind'], Key> = {
  text: 'campaign.script.kind.text',
  question: 'campaign.script.kind.question',
  checkbox: 'campaign.script.kind.checkbox',
  field: 'campaign.script.kind.field',
};

function uniqueKey(base: string, items: ScriptItem[], except: number): string {
  const taken = new Set(items.flatMap((x, i) => (x.kind !== 'text' && i !== except ? [x.key] : [])));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const k = `${base.slice(0, 37)}_${n}`;
    if (!taken.has(k)) return k;
  }
}

export function ScriptTab({
  draft,
  onChange,
  error,
  readOnly,
}: {
  draft: CampaignSettings;
  onChange: Dispatch<SetStateAction<CampaignSettings | null>>;
  error: unknown;
  readOnly: boolean;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [which, setWhich] = useState<Which>('script');
  // keys typed by hand are not overwritten from the label any more (per list, by position)
  const touched = useRef<Record<Which, Set<number>>>({ script: new Set(), confirmationScript: new Set() });
  const items = draft[which];
  const setItems = (next: ScriptItem[]) => onChange((d) => (d ? { ...d, [which]: next } : d));
  const setItem = (i: number, item: ScriptItem) => setItems(items.map((x, j) => (j === i ? item : x)));
  const move = (i: number, by: number) => {
    const next = [...items];
    const [x] = next.splice(i, 1);
    next.splice(i + by, 0, x);
    const tk = touched.current[which];
    const a = tk.has(i);
    const b = tk.has(i + by);
    tk.delete(i);
    tk.delete(i + by);
    if (a) tk.add(i + by);
    if (b) tk.add(i);
    setItems(next);
  };
  const remove = (i: number) => {
    const tk = touched.current[which];
    touched.current[which] = new Set([...tk].filter((x) => x !== i).map((x) => (x > i ? x - 1 : x)));
    setItems(items.filter((_, j) => j !== i));
  };
  const add = (kind: ScriptItem['kind']) => {
    const n = items.filter((x) => x.kind !== 'text').length + 1;
    const item: ScriptItem =
      kind === 'text'
        ? { kind, text: '' }
        : kind === 'question'
          ? { kind, key: uniqueKey(`question_${n}`, items, -1), label: '', options: ['', ''] }
          : kind === 'checkbox'
            ? { kind, key: uniqueKey(`checkbox_${n}`, items, -1), label: '' }
            : { kind, key: uniqueKey(`field_${n}`, items, -1), label: '', type: 'text' };
    setItems([...items, item]);
  };
  const setLabel = (i: number, item: Exclude<ScriptItem, { kind: 'text' }>, label: string) => {
    const auto = !touched.current[which].has(i);
    const key = auto ? uniqueKey(keyFromLabel(label) || item.key, items, i) : item.key;
    setItem(i, { ...item, label, key });
  };
  const err = (path: string) => errorAt(error, `${which}.${path}`, i18n);
  const listError = errorAt(error, which, i18n);
  const itemErrors = items.map((_, i) => err(String(i)));
  const inlineError = (item: ScriptItem, i: number) =>
    !!(err(`${i}.key`) || err(`${i}.label`) || (item.kind === 'question' && item.options.some((_, j) => err(`${i}.options.${j}`))));
  const otherListError = errorAt(error, which === 'script' ? 'confirmationScript' : 'script', i18n);

  return (
    <div className="script-layout">
      <div className="script-editor">
        <div className="segmented" title={t('campaign.script.which')}>
          {(['script', 'confirmationScript'] as const).map((w) => (
            <button key={w} type="button" aria-pressed={which === w} className={`segment${which === w ? ' segment-on' : ''}`} onClick={() => setWhich(w)}>
              {w === 'script' ? t('campaign.script.main') : t('campaign.script.confirmation')} ({draft[w].length})
            </button>
          ))}
        </div>
        <p className="muted small">{which === 'script' ? t('campaign.script.mainIntro') : t('campaign.script.confirmationIntro')}</p>
        {otherListError && (
          <div className="alert alert-error" role="alert">
            {which === 'script' ? t('campaign.script.errorInConfirmation') : t('campaign.script.errorInMain')}
          </div>
        )}
        {items.length === 0 && (
          <div className="empty script-empty">
            <p>{t('campaign.script.empty')}</p>
          </div>
        )}
        <fieldset className="plain-fieldset" disabled={readOnly}>
          <ol className="script-items">
            {items.map((item, i) => {
              const name = t('campaign.script.itemN', { n: i + 1, kind: t(kindLabels[item.kind]) });
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: items are identified by their place in the script
                <li key={i} className={`script-item card-inset script-item-${item.kind}${itemErrors[i] ? ' script-item-invalid' : ''}`} aria-label={name}>
                  <div className="script-item-head">
                    <span className="badge badge-info">{t(kindLabels[item.kind])}</span>
                    <span className="muted small">#{i + 1}</span>
                    {!readOnly && (
                      <span className="rule-tools">
                        <button type="button" className="icon-button" disabled={i === 0} aria-label={t('campaign.moveUp')} onClick={() => move(i, -1)}>
                          ↑
                        </button>
                        <button
                          type="button"
                          className="icon-button"
                          disabled={i === items.length - 1}
                          aria-label={t('campaign.moveDown')}
                          onClick={() => move(i, 1)}
                        >
                          ↓
                        </button>
                        <button type="button" className="icon-button" aria-label={t('campaign.script.remove', { n: i + 1 })} onClick={() => remove(i)}>
                          ×
                        </button>
                      </span>
                    )}
                  </div>
                  {item.kind === 'text' ? (
                    <label className="stack-label">
                      {t('campaign.script.text')}
                      <textarea rows={3} value={item.text} onChange={(e) => setItem(i, { ...item, text: e.target.value })} />
                    </label>
                  ) : (
                    <>
                      <div className="script-item-grid">
                        <label className="stack-label">
                          {item.kind === 'question' ? t('campaign.script.question') : t('campaign.script.label')}
                          <input value={item.label} onChange={(e) => setLabel(i, item, e.target.value)} />
                          {err(`${i}.label`) && <span className="field-error">{err(`${i}.label`)}</span>}
                        </label>
                        <label className="stack-label">
                          {t('campaign.script.key')}
                          <input
                            className="key-input"
                            value={item.key}
                            onChange={(e) => {
                              touched.current[which].add(i);
                              setItem(i, { ...item, key: e.target.value });
                            }}
                          />
                          {err(`${i}.key`) ? (
                            <span className="field-error" role="alert">
                              {err(`${i}.key`)}
                            </span>
                          ) : (
                            <span className="field-hint">{t('campaign.script.keyHint')}</span>
                          )}
                        </label>
                        {item.kind === 'field' && (
                          <label className="stack-label">
                            {t('campaign.script.fieldType')}
                            <select value={item.type} onChange={(e) => setItem(i, { ...item, type: e.target.value as 'text' | 'number' | 'date' })}>
                              <option value="text">{t('campaign.script.type.text')}</option>
                              <option value="number">{t('campaign.script.type.number')}</option>
                              <option value="date">{t('campaign.script.type.date')}</option>
                            </select>
                          </label>
                        )}
                      </div>
                      {item.kind === 'question' && (
                        <div className="options-editor">
                          <span className="stack-label">{t('campaign.script.options')}</span>
                          <ul>
                            {item.options.map((o, j) => (
                              // biome-ignore lint/suspicious/noArrayIndexKey: answers are edited in place
                              <li key={j}>
                                <span className="option-mark" aria-hidden="true">
                                  {item.multiple ? '☐' : '○'}
                                </span>
                                <input
                                  aria-label={t('campaign.script.optionN', { n: j + 1 })}
                                  value={o}
                                  onChange={(e) => setItem(i, { ...item, options: item.options.map((x, k) => (k === j ? e.target.value : x)) })}
                                />
                                {!readOnly && item.options.length > 2 && (
                                  <button
                                    type="button"
                                    className="icon-button"
                                    aria-label={t('campaign.script.optionRemove', { n: j + 1 })}
                                    onClick={() => setItem(i, { ...item, options: item.options.filter((_, k) => k !== j) })}
                                  >
                                    ×
                                  </button>
                                )}
                                {err(`${i}.options.${j}`) && <span className="field-error">{err(`${i}.options.${j}`)}</span>}
                              </li>
                            ))}
                          </ul>
                          {!readOnly && item.options.length < 20 && (
                            <button type="button" className="link" onClick={() => setItem(i, { ...item, options: [...item.options, ''] })}>
                              + {t('campaign.script.optionAdd')}
                            </button>
                          )}
                          <label className="inline-check">
                            <input
                              type="checkbox"
                              checked={!!item.multiple}
                              onChange={(e) => {
                                const { multiple: _m, ...rest } = item;
                                setItem(i, e.target.checked ? { ...rest, multiple: true } : rest);
                              }}
                            />
                            {t('campaign.script.multiple')}
                          </label>
                        </div>
                      )}
                    </>
                  )}
                  {itemErrors[i] && !inlineError(item, i) && (
                    <div className="field-error" role="alert">
                      {itemErrors[i]}
                    </div>
                  )}
                </li>
              );
            })}
          </ol>
        </fieldset>
        {listError && !itemErrors.some(Boolean) && (
          <div className="field-error" role="alert">
            {listError}
          </div>
        )}
        {!readOnly && (
          <div className="script-add">
            <span className="muted small">{t('campaign.script.addLabel')}</span>
            {(['text', 'question', 'checkbox', 'field'] as const).map((k) => (
              <button key={k} type="button" className="button button-small" onClick={() => add(k)}>
                + {t(kindLabels[k])}
              </button>
            ))}
          </div>
        )}
      </div>
      <aside className="card script-preview" aria-label={t('campaign.script.preview')}>
        <h2 className="card-title">{t('campaign.script.preview')}</h2>
        <p className="muted small">{t('campaign.script.previewIntro')}</p>
        <ScriptPreview items={items} />
      </aside>
    </div>
  );
}

/** The form as the agent panel shows it (answers here are not stored). */
export function ScriptPreview({ items }: { items: ScriptItem[] }) {
  const { t } = useI18n();
  if (!items.length) return <p className="muted">{t('campaign.script.previewEmpty')}</p>;
  return (
    <form className="script-form" onSubmit={(e) => e.preventDefault()}>
      {items.map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: preview only
        <div key={i} className="script-form-item">
          {item.kind === 'text' && <p className="script-text">{item.text || '…'}</p>}
          {item.kind === 'checkbox' && (
            <label className="inline-check">
              <input type="checkbox" /> {item.label || item.key}
            </label>
          )}
          {item.kind === 'field' && (
            <label className="stack-label">
              {item.label || item.key}
              <input type={item.type === 'number' ? 'number' : item.type === 'date' ? 'date' : 'text'} />
            </label>
          )}
          {item.kind === 'question' && (
            <fieldset className="script-question">
              <legend>{item.label || item.key}</legend>
              {item.options.map((o, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: preview only
                <label key={j} className="inline-check">
                  <input type={item.multiple ? 'checkbox' : 'radio'} name={`preview-${i}`} /> {o || '…'}
                </label>
              ))}
            </fieldset>
          )}
        </div>
      ))}
    </form>
  );
}
