// PR-2, PR-4, QL-1..QL-3: the side panel of the graph editor for the selected status — its basic
// fields (name, description, responsible person, availability, qualifier with its callback time,
// colour, initial) and its exits (script mappings, actions, dialer results, counter, e-mail event,
// waiting on dialer).
import { type KeyboardEvent, type ReactNode, useId, useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { Field } from '../../ui.tsx';
import { ActionParamInput } from '../actions/ActionParamInput.tsx';
import {
  type ActionDef,
  type ActionKind,
  type Agent,
  actionKinds,
  bestUnit,
  type DelayUnit,
  dialOutcomes,
  fromLocalInput,
  isAbsolute,
  isRelative,
  type ProcessQualifier,
  type ProcessStatusDef,
  qualifierGroups,
  type StatusExits,
  toLocalInput,
  unitSeconds,
} from './model.ts';

export interface PanelProps {
  status: ProcessStatusDef;
  statuses: ProcessStatusDef[];
  agents: Agent[];
  editable: boolean;
  tab: 'basic' | 'exits';
  onTab(tab: 'basic' | 'exits'): void;
  /** the findings on this status, already in words */
  findings: { severity: string; text: string }[];
  onChange(patch: Partial<ProcessStatusDef>): void;
  onExits(fn: (e: StatusExits) => StatusExits): void;
  onDelete(): void;
  onClose(): void;
}

export function StatusPanel(props: PanelProps) {
  const { t } = useI18n();
  const { status, tab, onTab, editable, findings } = props;
  const base = useId();
  const tabs = ['basic', 'exits'] as const;
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    const next = tab === 'basic' ? 'exits' : 'basic';
    onTab(next);
    document.getElementById(`${base}-tab-${next}`)?.focus();
  };
  return (
    <section className="pe-panel card" aria-labelledby={`${base}-title`}>
      <div className="pe-panel-head">
        <h2 id={`${base}-title`} className="card-title">
          <span className="st-color-dot" style={{ background: status.color }} aria-hidden="true" />
          {status.name.trim() || t('process.unnamed')}
        </h2>
        <button type="button" className="icon-button" aria-label={t('process.closePanel')} onClick={props.onClose}>
          ×
        </button>
      </div>
      {findings.length > 0 && (
        <ul className="pe-panel-findings">
          {findings.map((f, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the list is rebuilt whole
            <li key={i} className={`pe-finding pe-finding-${f.severity}`}>
              {f.text}
            </li>
          ))}
        </ul>
      )}
      <div className="pe-tabs" role="tablist" aria-label={t('process.panelTabs')}>
        {tabs.map((x) => (
          <button
            key={x}
            id={`${base}-tab-${x}`}
            type="button"
            role="tab"
            aria-selected={tab === x}
            aria-controls={`${base}-panel-${x}`}
            tabIndex={tab === x ? 0 : -1}
            className={`pe-tab${tab === x ? ' pe-tab-active' : ''}`}
            onClick={() => onTab(x)}
            onKeyDown={onKey}
          >
            {x === 'basic' ? t('process.tab.basic') : t('process.tab.exits')}
          </button>
        ))}
      </div>
      <div id={`${base}-panel-${tab}`} role="tabpanel" aria-labelledby={`${base}-tab-${tab}`} className="pe-tabpanel">
        <fieldset className="pe-fieldset" disabled={!editable}>
          {tab === 'basic' ? <BasicTab {...props} /> : <ExitsTab {...props} />}
        </fieldset>
      </div>
    </section>
  );
}

// ---- basic ----

function BasicTab({ status: s, agents, editable, onChange, onDelete }: PanelProps) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <>
      <Field label={t('process.status.name')}>
        {(id) => <input id={id} value={s.name} maxLength={100} onChange={(e) => onChange({ name: e.target.value })} />}
      </Field>
      <Field label={t('process.status.description')}>
        {(id) => <textarea id={id} rows={2} value={s.description} maxLength={2000} onChange={(e) => onChange({ description: e.target.value })} />}
      </Field>
      <Field label={t('process.status.responsible')} hint={t('process.status.responsibleHint')}>
        {(id) => (
          <select id={id} value={s.responsibleUserId ?? ''} onChange={(e) => onChange({ responsibleUserId: e.target.value ? Number(e.target.value) : null })}>
            <option value="">{t('process.status.responsibleNone')}</option>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.displayName} ({a.username})
              </option>
            ))}
            {s.responsibleUserId !== null && !agents.some((a) => a.id === s.responsibleUserId) && (
              <option value={s.responsibleUserId}>{t('process.status.userN', { id: s.responsibleUserId })}</option>
            )}
          </select>
        )}
      </Field>
      <Field label={t('process.status.availability')}>
        {(id) => (
          <select id={id} value={s.availability} onChange={(e) => onChange({ availability: e.target.value as 'agents' | 'system' })}>
            <option value="agents">{t('process.status.availabilityAgents')}</option>
            <option value="system">{t('process.status.availabilitySystem')}</option>
          </select>
        )}
      </Field>
      <Field label={t('process.status.qualifier')} hint={t(`qualifier.hint.${s.qualifier}`)}>
        {(id) => (
          <select
            id={id}
            value={s.qualifier}
            onChange={(e) => {
              const q = e.target.value as ProcessQualifier;
              onChange({ qualifier: q, callbackDelaySeconds: isRelative(q) ? s.callbackDelaySeconds : null, callbackAt: isAbsolute(q) ? s.callbackAt : null });
            }}
          >
            {qualifierGroups.map((g) => (
              <optgroup key={g.key} label={t(`qualifier.group.${g.key}`)}>
                {g.items.map((q) => (
                  <option key={q} value={q}>
                    {t(`qualifier.${q}`)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        )}
      </Field>
      {isRelative(s.qualifier) && <DelayField key={s.key} seconds={s.callbackDelaySeconds} onChange={(v) => onChange({ callbackDelaySeconds: v })} />}
      {isAbsolute(s.qualifier) && (
        <Field label={t('process.status.callbackAt')} hint={t('process.status.callbackAtHint')}>
          {(id) => (
            <input
              id={id}
              type="datetime-local"
              value={toLocalInput(s.callbackAt)}
              onChange={(e) => onChange({ callbackAt: fromLocalInput(e.target.value) })}
            />
          )}
        </Field>
      )}
      <div className="form-grid">
        <Field label={t('process.status.color')}>
          {(id) => <input id={id} type="color" className="st-color-input" value={s.color} onChange={(e) => onChange({ color: e.target.value })} />}
        </Field>
        <div className="field field-check">
          <label>
            <input type="checkbox" checked={s.initial} onChange={(e) => onChange({ initial: e.target.checked })} /> {t('process.status.initial')}
          </label>
        </div>
      </div>
      <p className="field-hint">{t('process.status.initialHint')}</p>
      {editable && (
        <div className="pe-panel-foot">
          <button type="button" className="button button-danger button-small" onClick={onDelete}>
            {t('process.status.delete')}
          </button>
        </div>
      )}
    </>
  );
}

function DelayField({ seconds, onChange }: { seconds: number | null; onChange: (v: number | null) => void }) {
  const { t } = useI18n();
  const [unit, setUnit] = useState<DelayUnit>(() => bestUnit(seconds));
  const [text, setText] = useState(() => (seconds ? String(seconds / unitSeconds[bestUnit(seconds)]) : ''));
  const id = useId();
  const apply = (v: string, u: DelayUnit) => {
    const n = Number(v.replace(',', '.'));
    onChange(v.trim() && Number.isFinite(n) && n > 0 ? Math.max(1, Math.round(n * unitSeconds[u])) : null);
  };
  return (
    <div className="field">
      <label htmlFor={id}>{t('process.status.callbackDelay')}</label>
      <div className="pe-inline">
        <input
          id={id}
          type="number"
          min={1}
          step="any"
          inputMode="decimal"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            apply(e.target.value, unit);
          }}
        />
        <select
          aria-label={t('process.status.callbackDelayUnit')}
          value={unit}
          onChange={(e) => {
            const u = e.target.value as DelayUnit;
            setUnit(u);
            apply(text, u);
          }}
        >
          <option value="minutes">{t('process.unit.minutes')}</option>
          <option value="hours">{t('process.unit.hours')}</option>
          <option value="days">{t('process.unit.days')}</option>
        </select>
      </div>
      <div className="field-hint">{t('process.status.callbackDelayHint')}</div>
    </div>
  );
}

// ---- exits ----

/** A select of the process's statuses; a key no status has any more shows as "missing". */
function TargetSelect({
  id,
  value,
  statuses,
  none,
  label,
  onChange,
}: {
  id?: string;
  value: string | null;
  statuses: ProcessStatusDef[];
  none?: string;
  label?: string;
  onChange: (key: string | null) => void;
}) {
  const { t } = useI18n();
  const missing = value !== null && !statuses.some((s) => s.key === value);
  return (
    <select id={id} aria-label={label} value={value ?? ''} className={missing ? 'pe-missing' : undefined} onChange={(e) => onChange(e.target.value || null)}>
      {none !== undefined && <option value="">{none}</option>}
      {none === undefined && value === null && <option value="">{t('process.exits.choose')}</option>}
      {statuses.map((s) => (
        <option key={s.key} value={s.key}>
          {s.name.trim() || t('process.unnamed')}
        </option>
      ))}
      {missing && <option value={value}>{t('process.exits.missing')}</option>}
    </select>
  );
}

function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="pe-exits-section" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {hint && <p className="field-hint">{hint}</p>}
      {children}
    </section>
  );
}

function ExitsTab({ status: s, statuses, editable, onExits }: PanelProps) {
  const { t } = useI18n();
  const e = s.exits;
  const first = statuses[0]?.key ?? s.key;
  const doNothing = t('process.exits.doNothing');

  return (
    <>
      <Section title={t('process.exits.script')} hint={t('process.exits.scriptHint')}>
        {e.script.length > 0 && (
          <ul className="pe-rows">
            {e.script.map((m, i) => {
              const n = i + 1;
              const set = (patch: Partial<typeof m>) => onExits((x) => ({ ...x, script: x.script.map((y, j) => (j === i ? { ...y, ...patch } : y)) }));
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: mappings have no identity but their place
                <li key={i} className="pe-row pe-script-row">
                  <input
                    aria-label={t('process.exits.scriptField', { n })}
                    placeholder={t('process.exits.field')}
                    value={m.field}
                    maxLength={40}
                    onChange={(ev) => set({ field: ev.target.value })}
                  />
                  <span aria-hidden="true">=</span>
                  <input
                    aria-label={t('process.exits.scriptValue', { n })}
                    placeholder={t('process.exits.value')}
                    value={m.value}
                    maxLength={200}
                    onChange={(ev) => set({ value: ev.target.value })}
                  />
                  <span aria-hidden="true">→</span>
                  <TargetSelect
                    label={t('process.exits.scriptStatus', { n })}
                    value={m.statusKey}
                    statuses={statuses}
                    onChange={(k) => set({ statusKey: k ?? first })}
                  />
                  {editable && (
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={t('process.exits.removeMapping', { n })}
                      onClick={() => onExits((x) => ({ ...x, script: x.script.filter((_, j) => j !== i) }))}
                    >
                      ×
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        {editable && (
          <button
            type="button"
            className="button button-small"
            onClick={() => onExits((x) => ({ ...x, script: [...x.script, { field: '', value: '', statusKey: first }] }))}
          >
            + {t('process.exits.addMapping')}
          </button>
        )}
      </Section>

      <Section title={t('process.exits.dialer')} hint={t('process.exits.dialerHint')}>
        <div className="pe-grid2">
          {dialOutcomes.map((o) => (
            <Field key={o} label={t(`statuses.outcome.${o}`)}>
              {(id) => (
                <TargetSelect
                  id={id}
                  value={e.dialer[o] ?? null}
                  statuses={statuses}
                  none={doNothing}
                  onChange={(k) =>
                    onExits((x) => {
                      const dialer = { ...x.dialer };
                      if (k) dialer[o] = k;
                      else delete dialer[o];
                      return { ...x, dialer };
                    })
                  }
                />
              )}
            </Field>
          ))}
        </div>
      </Section>

      <Section title={t('process.exits.counter')} hint={t('process.exits.counterHint')}>
        <div className="field field-check">
          <label>
            <input
              type="checkbox"
              checked={e.counter !== null}
              onChange={(ev) => onExits((x) => ({ ...x, counter: ev.target.checked ? { limit: 3, statusKey: first } : null }))}
            />{' '}
            {t('process.exits.counterOn')}
          </label>
        </div>
        {e.counter && (
          <div className="pe-grid2">
            <Field label={t('process.exits.counterLimit')}>
              {(id) => (
                <input
                  id={id}
                  type="number"
                  min={1}
                  max={1000}
                  value={Number.isFinite(e.counter?.limit) ? e.counter?.limit : ''}
                  onChange={(ev) =>
                    onExits((x) => ({ ...x, counter: x.counter && { ...x.counter, limit: ev.target.value === '' ? Number.NaN : Number(ev.target.value) } }))
                  }
                />
              )}
            </Field>
            <Field label={t('process.exits.counterStatus')}>
              {(id) => (
                <TargetSelect
                  id={id}
                  value={e.counter?.statusKey ?? null}
                  statuses={statuses}
                  onChange={(k) => onExits((x) => ({ ...x, counter: x.counter && { ...x.counter, statusKey: k ?? first } }))}
                />
              )}
            </Field>
          </div>
        )}
      </Section>

      <Section title={t('process.exits.event')}>
        <Field label={t('process.exits.inboundEmail')}>
          {(id) => (
            <TargetSelect
              id={id}
              value={e.event.inboundEmail}
              statuses={statuses}
              none={doNothing}
              onChange={(k) => onExits((x) => ({ ...x, event: { inboundEmail: k } }))}
            />
          )}
        </Field>
      </Section>

      <Section title={t('process.exits.waiting')}>
        <Field label={t('process.exits.waitingStatus')} hint={t('process.exits.waitingHint')}>
          {(id) => (
            <TargetSelect
              id={id}
              value={e.waitingOnDialer}
              statuses={statuses}
              none={t('process.exits.noneStatus')}
              onChange={(k) => onExits((x) => ({ ...x, waitingOnDialer: k }))}
            />
          )}
        </Field>
      </Section>

      <Section title={t('process.exits.actions')} hint={t('process.exits.actionsHint')}>
        {e.actions.map((a, i) => (
          <ActionEditor
            // biome-ignore lint/suspicious/noArrayIndexKey: actions have no identity but their place
            key={i}
            n={i + 1}
            action={a}
            statuses={statuses}
            editable={editable}
            onChange={(fn) => onExits((x) => ({ ...x, actions: x.actions.map((y, j) => (j === i ? fn(y) : y)) }))}
            onRemove={() => onExits((x) => ({ ...x, actions: x.actions.filter((_, j) => j !== i) }))}
          />
        ))}
        {editable && (
          <button
            type="button"
            className="button button-small"
            onClick={() =>
              onExits((x) => ({
                ...x,
                actions: [...x.actions, { kind: 'notification', param: '', delay: null, successStatusKey: null, failureStatusKey: null }],
              }))
            }
          >
            + {t('process.exits.addAction')}
          </button>
        )}
      </Section>
    </>
  );
}

function ActionEditor({
  n,
  action: a,
  statuses,
  editable,
  onChange,
  onRemove,
}: {
  n: number;
  action: ActionDef;
  statuses: ProcessStatusDef[];
  editable: boolean;
  onChange: (fn: (a: ActionDef) => ActionDef) => void;
  onRemove: () => void;
}) {
  const { t } = useI18n();
  const doNothing = t('process.exits.doNothing');
  return (
    <fieldset className="pe-action">
      <legend>{t('process.exits.actionN', { n })}</legend>
      <div className="pe-grid2">
        <Field label={t('process.action.kind')}>
          {(id) => (
            <select id={id} value={a.kind} onChange={(e) => onChange((x) => ({ ...x, kind: e.target.value as ActionKind }))}>
              {actionKinds.map((k) => (
                <option key={k} value={k}>
                  {t(`process.action.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t(`process.param.${a.kind}`)}>
          {(id) => <ActionParamInput id={id} kind={a.kind} value={a.param} onChange={(v) => onChange((x) => ({ ...x, param: v }))} />}
        </Field>
      </div>
      <div className="field field-check">
        <label>
          <input
            type="checkbox"
            checked={a.delay !== null}
            onChange={(e) => onChange((x) => ({ ...x, delay: e.target.checked ? { minutes: 60, from: 'status' } : null }))}
          />{' '}
          {t('process.action.delayed')}
        </label>
      </div>
      {a.delay && (
        <div className="pe-grid2">
          <Field label={t('process.action.delayMinutes')}>
            {(id) => (
              <input
                id={id}
                type="number"
                min={0}
                max={525600}
                value={a.delay?.minutes ?? 0}
                onChange={(e) => onChange((x) => ({ ...x, delay: x.delay && { ...x.delay, minutes: Math.max(0, Math.round(Number(e.target.value) || 0)) } }))}
              />
            )}
          </Field>
          <Field label={t('process.action.delayFrom')}>
            {(id) => (
              <select
                id={id}
                value={a.delay?.from}
                onChange={(e) => onChange((x) => ({ ...x, delay: x.delay && { ...x.delay, from: e.target.value as 'status' | 'callback' } }))}
              >
                <option value="status">{t('process.action.fromStatus')}</option>
                <option value="callback">{t('process.action.fromCallback')}</option>
              </select>
            )}
          </Field>
        </div>
      )}
      <div className="pe-grid2">
        <Field label={t('process.action.success')}>
          {(id) => (
            <TargetSelect
              id={id}
              value={a.successStatusKey}
              statuses={statuses}
              none={doNothing}
              onChange={(k) => onChange((x) => ({ ...x, successStatusKey: k }))}
            />
          )}
        </Field>
        <Field label={t('process.action.failure')}>
          {(id) => (
            <TargetSelect
              id={id}
              value={a.failureStatusKey}
              statuses={statuses}
              none={doNothing}
              onChange={(k) => onChange((x) => ({ ...x, failureStatusKey: k }))}
            />
          )}
        </Field>
      </div>
      {editable && (
        <button type="button" className="link link-danger" onClick={onRemove}>
          {t('process.exits.removeAction', { n })}
        </button>
      )}
    </fieldset>
  );
}
