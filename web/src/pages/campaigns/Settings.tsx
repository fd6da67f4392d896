// CP-1..CP-4, CP-6, CP-7, CP-10, AS-7, DL-2..DL-5: every setting of a campaign. The draft lives in the
// detail page (one save for this tab and the script); the API's field errors sit by the field.
import { type Dispatch, type ReactNode, type SetStateAction, useEffect, useMemo, useState } from 'react';
import { api, type ImportGroup } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Link } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import { Field, useToast } from '../../ui.tsx';
import {
  abandonWindows,
  type AmdMachineAction,
  amdMachineActions,
  type Agent,
  type AgentGroup,
  type CampaignContactFilter,
  type CampaignFull,
  type CampaignSettings,
  errorAt,
  fromLocalInput,
  intOrNull,
  type ProcessSummary,
  type StatusInfo,
  toLocalInput,
} from './model.ts';
import { CallbackSettingsSection } from './CallbackSettings.tsx';
import { RetryRulesEditor } from './RetryRules.tsx';
import { WorkingHoursEditor } from './WorkingHours.tsx';

const fallbackZones = ['Europe/Warsaw', 'Europe/Prague', 'Europe/Bratislava', 'Europe/Berlin', 'Europe/London', 'UTC'];
const zones = (): string[] => {
  const f = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf;
  try {
    return f ? f('timeZone') : fallbackZones;
  } catch {
    return fallbackZones;
  }
};

/** An integer input that keeps what is typed; empty = null (nullable) or NaN (the server then names the field). */
function NumberInput({
  id,
  value,
  onChange,
  nullable,
  min,
  max,
  suffix,
  placeholder,
}: {
  id: string;
  value: number | null;
  onChange: (v: number | null) => void;
  nullable?: boolean;
  min?: number;
  max?: number;
  suffix?: string;
  placeholder?: string;
}) {
  const shown = value === null || Number.isNaN(value) ? '' : String(value);
  const [text, setText] = useState(shown);
  useEffect(() => {
    setText((t) => (intOrNull(t) === value || (t === '' && (value === null || Number.isNaN(value))) ? t : shown));
  }, [value, shown]);
  const input = (
    <input
      id={id}
      type="number"
      inputMode="numeric"
      min={min}
      max={max}
      placeholder={placeholder}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const n = intOrNull(e.target.value);
        onChange(n === null ? (nullable ? null : Number.NaN) : n);
      }}
    />
  );
  return suffix ? (
    <div className="input-suffix">
      {input}
      <span>{suffix}</span>
    </div>
  ) : (
    input
  );
}

/** A decimal input (abandon cap, τ, lines per agent); empty = NaN, and the server names the field. */
function DecimalInput({
  id,
  value,
  onChange,
  min,
  max,
  step,
  suffix,
}: {
  id: string;
  value: number;
  onChange: (v: number) => void;
  min?: number;
  max?: number;
  step?: number;
  suffix?: string;
}) {
  const shown = Number.isFinite(value) ? String(value) : '';
  const [text, setText] = useState(shown);
  useEffect(() => {
    setText((t) => (Number(t.replace(',', '.')) === value && t.trim() !== '' ? t : shown));
  }, [value, shown]);
  const input = (
    <input
      id={id}
      type="number"
      inputMode="decimal"
      min={min}
      max={max}
      step={step ?? 'any'}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const v = e.target.value.trim();
        onChange(v === '' ? Number.NaN : Number(v.replace(',', '.')));
      }}
    />
  );
  return suffix ? (
    <div className="input-suffix">
      {input}
      <span>{suffix}</span>
    </div>
  ) : (
    input
  );
}

const profileExample = {
  outcomes: { live: 0.3, machine: 0.2, busy: 0.05, invalid: 0.1, noAnswer: 0.35 },
  talkSeconds: { mean: 120, sd: 120 },
  wrapSeconds: { mean: 15, sd: 7.5 },
};
const prettyProfile = (v: Record<string, unknown> | null) => (v === null ? '' : JSON.stringify(v, null, 2));

/** DL-5: the simulated network's customers as JSON; the draft changes only while the text is a valid object. */
function NetworkProfileField({
  value,
  onChange,
  serverError,
  readOnly,
}: {
  value: Record<string, unknown> | null;
  onChange: (v: Record<string, unknown> | null) => void;
  serverError?: string;
  readOnly: boolean;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(() => prettyProfile(value));
  const [local, setLocal] = useState<string | null>(null);
  // a save or "discard changes" replaces the text, unless it already says the same
  useEffect(() => {
    setText((cur) => {
      try {
        const parsed = cur.trim() ? JSON.parse(cur) : null;
        if (JSON.stringify(parsed) === JSON.stringify(value)) return cur;
      } catch {
        /* the text is not JSON: the value from outside wins */
      }
      setLocal(null);
      return prettyProfile(value);
    });
  }, [value]);
  const edit = (v: string) => {
    setText(v);
    if (!v.trim()) {
      setLocal(null);
      onChange(null);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(v);
    } catch (e) {
      setLocal(t('campaign.networkProfileInvalid', { error: e instanceof Error ? e.message : String(e) }));
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      setLocal(t('campaign.networkProfileNotObject'));
      return;
    }
    setLocal(null);
    onChange(parsed as Record<string, unknown>);
  };
  return (
    <Field label={t('campaign.networkProfile')} hint={t('campaign.networkProfileHint')} error={local ?? serverError} className="settings-json">
      {(id) => (
        <>
          <textarea
            id={id}
            rows={Math.min(14, Math.max(4, text.split('\n').length + 1))}
            spellCheck={false}
            style={{ fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace', fontSize: 12.5 }}
            placeholder='{"outcomes": {"live": 1}}'
            value={text}
            onChange={(e) => edit(e.target.value)}
          />
          {!readOnly && (
            <div>
              <button type="button" className="button button-small" onClick={() => edit(prettyProfile(profileExample))}>
                {t('campaign.networkProfileExample')}
              </button>
            </div>
          )}
        </>
      )}
    </Field>
  );
}

function Section({ title, intro, children, wide }: { title: string; intro?: string; children: ReactNode; wide?: boolean }) {
  return (
    <section className={`card settings-section${wide ? ' settings-wide' : ''}`} aria-label={title}>
      <h2 className="card-title">{title}</h2>
      {intro && <p className="muted small section-intro">{intro}</p>}
      {children}
    </section>
  );
}

export function SettingsTab({
  campaign,
  draft,
  onChange,
  error,
  readOnly,
  refreshKey,
}: {
  campaign: CampaignFull;
  draft: CampaignSettings;
  onChange: Dispatch<SetStateAction<CampaignSettings | null>>;
  error: unknown;
  readOnly: boolean;
  refreshKey: number;
}) {
  const i18n = useI18n();
  const { t, num } = i18n;
  const toast = useToast();
  const session = useSession();
  const [agents, setAgents] = useState<Agent[] | null>(null);
  const [groups, setGroups] = useState<AgentGroup[] | null>(null);
  const [processes, setProcesses] = useState<ProcessSummary[] | null>(null);
  const [statuses, setStatuses] = useState<StatusInfo[]>([]);
  const [importGroups, setImportGroups] = useState<ImportGroup[]>([]);
  const [agentQuery, setAgentQuery] = useState('');
  const [matching, setMatching] = useState<number | null>(null);

  useEffect(() => {
    api<Agent[]>('GET', '/api/agents').then(setAgents, toast.error);
    api<AgentGroup[]>('GET', '/api/agent-groups').then(setGroups, toast.error);
    api<ProcessSummary[]>('GET', '/api/processes').then(setProcesses, toast.error);
    if (session.can('contacts.read')) api<ImportGroup[]>('GET', '/api/import-groups').then(setImportGroups, toast.error);
  }, [toast, session]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refetched when the campaign (or its process) changes
  useEffect(() => {
    api<StatusInfo[]>('GET', `/api/campaigns/${campaign.id}/statuses`).then(setStatuses, toast.error);
  }, [campaign.id, campaign.processId, refreshKey, toast]);

  const set = <K extends keyof CampaignSettings>(k: K, v: CampaignSettings[K]) => onChange((d) => (d ? { ...d, [k]: v } : d));
  const err = (path: string) => errorAt(error, path, i18n);
  const hasCases = campaign.total > 0;
  const zoneList = useMemo(zones, []);

  const agentName = (a: Agent) => (a.displayName === a.username ? a.displayName : `${a.displayName} (${a.username})`);
  const shownAgents = (agents ?? []).filter((a) => !agentQuery.trim() || agentName(a).toLowerCase().includes(agentQuery.trim().toLowerCase()));
  const pickedAgents = new Set(draft.agentIds);
  const pickedGroups = new Set(draft.agentGroupIds);
  const viaGroups = new Set((groups ?? []).filter((g) => pickedGroups.has(g.id)).flatMap((g) => g.memberIds));
  const effective = new Set([...draft.agentIds, ...viaGroups]);

  const filter = draft.contactFilter;
  const setFilter = (patch: Partial<CampaignContactFilter>) => {
    const next: Record<string, unknown> = { ...(filter ?? {}), ...patch };
    for (const k of Object.keys(next)) if (next[k] === undefined || next[k] === '') delete next[k];
    set('contactFilter', next as CampaignContactFilter);
    setMatching(null);
  };
  const countMatching = async () => {
    try {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(filter ?? {})) if (v !== undefined && v !== '') p.set(k, String(v));
      p.set('blocked', filter?.blocked ?? 'exclude');
      const r = await api<{ count: number }>('GET', `/api/contacts/count?${p.toString()}`);
      setMatching(r.count);
    } catch (e) {
      toast.error(e);
    }
  };

  const callerIdErrors = draft.callerIds.map((_, i) => err(`callerIds.${i}`));
  const callerGeneral = err('callerIds') && !callerIdErrors.some(Boolean) ? err('callerIds') : undefined;

  return (
    <fieldset className="plain-fieldset settings-grid" disabled={readOnly}>
      <Section title={t('campaign.section.general')}>
        <div className="form-grid">
          <Field label={t('campaigns.id')} hint={hasCases ? t('campaign.idLocked') : t('campaigns.idHint')} error={err('id')}>
            {(id) => <NumberInput id={id} value={draft.id} min={10000} max={99999} onChange={(v) => set('id', v ?? Number.NaN)} />}
          </Field>
          <Field label={t('campaigns.type')} error={err('type')}>
            {(id) => (
              <select id={id} value={draft.type} onChange={(e) => set('type', e.target.value as CampaignSettings['type'])}>
                <option value="outbound">{t('campaign.type.outbound')}</option>
                <option value="callback">{t('campaign.type.callback')}</option>
              </select>
            )}
          </Field>
        </div>
        <Field label={t('campaigns.name')} error={err('name')}>
          {(id) => <input id={id} value={draft.name} onChange={(e) => set('name', e.target.value)} />}
        </Field>
        <Field label={t('campaign.description')} error={err('description')}>
          {(id) => <textarea id={id} rows={2} value={draft.description} onChange={(e) => set('description', e.target.value)} />}
        </Field>
        <div className="form-grid">
          <Field label={t('campaign.validFrom')} hint={t('campaign.validFromHint')} error={err('validFrom')}>
            {(id) => (
              <input id={id} type="datetime-local" value={toLocalInput(draft.validFrom)} onChange={(e) => set('validFrom', fromLocalInput(e.target.value))} />
            )}
          </Field>
          <Field label={t('campaign.validTo')} hint={t('campaign.validToHint')} error={err('validTo')}>
            {(id) => (
              <input id={id} type="datetime-local" value={toLocalInput(draft.validTo)} onChange={(e) => set('validTo', fromLocalInput(e.target.value))} />
            )}
          </Field>
        </div>
      </Section>

      <Section title={t('campaign.section.dialing')}>
        <fieldset className="choice-group">
          <legend>{t('campaign.mode')}</legend>
          {(['preview', 'progressive', 'predictive'] as const).map((m) => (
            <label key={m} className={`choice${draft.mode === m ? ' choice-on' : ''}`}>
              <input type="radio" name="mode" value={m} checked={draft.mode === m} onChange={() => set('mode', m)} />
              <span>
                <strong>{t(`campaign.mode.${m}`)}</strong>
                <span className="muted small">{t(`campaign.modeHint.${m}`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {err('mode') && <div className="field-error">{err('mode')}</div>}
        <div className="form-grid">
          {draft.mode === 'preview' && (
            <Field label={t('campaign.previewSeconds')} hint={t('campaign.previewSecondsHint')} error={err('previewSeconds')}>
              {(id) => (
                <NumberInput
                  id={id}
                  value={draft.previewSeconds}
                  min={0}
                  max={600}
                  suffix={t('campaign.unit.seconds')}
                  onChange={(v) => set('previewSeconds', v ?? Number.NaN)}
                />
              )}
            </Field>
          )}
          {draft.mode === 'predictive' && (
            <Field
              label={t('campaign.pickupRate')}
              hint={t('campaign.pickupRateHint', {
                calls: Number.isFinite(draft.pickupRate) && draft.pickupRate > 0 ? num(Math.round((100 / draft.pickupRate) * 10) / 10) : '?',
              })}
              error={err('pickupRate')}
            >
              {(id) => <NumberInput id={id} value={draft.pickupRate} min={1} max={100} suffix="%" onChange={(v) => set('pickupRate', v ?? Number.NaN)} />}
            </Field>
          )}
        </div>
        <fieldset className="choice-group">
          <legend>{t('campaign.goal')}</legend>
          {(['exhaust', 'endless'] as const).map((g) => (
            <label key={g} className={`choice${draft.goal === g ? ' choice-on' : ''}`}>
              <input type="radio" name="goal" value={g} checked={draft.goal === g} onChange={() => set('goal', g)} />
              <span>
                <strong>{t(`campaign.goal.${g}`)}</strong>
                <span className="muted small">{t(`campaign.goalHint.${g}`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <div className="form-grid">
          <Field label={t('campaign.sortOrder')} hint={t('campaign.sortOrderHint')} error={err('sortOrder')}>
            {(id) => <NumberInput id={id} value={draft.sortOrder} min={0} max={1000} onChange={(v) => set('sortOrder', v ?? Number.NaN)} />}
          </Field>
          <Field label={t('campaign.parity')} hint={t('campaign.parityHint')} error={err('parity')}>
            {(id) => <NumberInput id={id} value={draft.parity} min={1} max={100} onChange={(v) => set('parity', v ?? Number.NaN)} />}
          </Field>
        </div>
        <div className="field field-check">
          <label>
            <input type="checkbox" checked={draft.recordCalls} onChange={(e) => set('recordCalls', e.target.checked)} />
            {t('campaign.recordCalls')}
          </label>
        </div>
      </Section>

      <Section title={t('campaign.section.dialer')} intro={t('campaign.section.dialerIntro')}>
        <div className="form-grid">
          <Field label={t('campaign.abandonCap')} hint={t('campaign.abandonCapHint')} error={err('abandonCapPercent')}>
            {(id) => (
              <DecimalInput id={id} value={draft.abandonCapPercent} min={0} max={100} step={0.1} suffix="%" onChange={(v) => set('abandonCapPercent', v)} />
            )}
          </Field>
          <Field label={t('campaign.abandonWindow')} error={err('abandonWindow')}>
            {(id) => (
              <select id={id} value={draft.abandonWindow} onChange={(e) => set('abandonWindow', e.target.value as CampaignSettings['abandonWindow'])}>
                {abandonWindows.map((w) => (
                  <option key={w} value={w}>
                    {t(`campaign.abandonWindow.${w}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('campaign.abandonThreshold')} hint={t('campaign.abandonThresholdHint')} error={err('abandonThresholdSeconds')}>
            {(id) => (
              <DecimalInput
                id={id}
                value={draft.abandonThresholdSeconds}
                min={0.5}
                max={30}
                step={0.5}
                suffix={t('campaign.unit.seconds')}
                onChange={(v) => set('abandonThresholdSeconds', v)}
              />
            )}
          </Field>
          <Field label={t('campaign.abandonLockout')} hint={t('campaign.abandonLockoutHint')} error={err('abandonLockoutHours')}>
            {(id) => (
              <NumberInput
                id={id}
                nullable
                value={draft.abandonLockoutHours}
                min={1}
                max={720}
                placeholder="—"
                suffix={t('campaign.unit.hours')}
                onChange={(v) => set('abandonLockoutHours', v)}
              />
            )}
          </Field>
        </div>
        <Field label={t('campaign.abandonMessage')} error={err('abandonMessage')}>
          {(id) => <input id={id} maxLength={500} value={draft.abandonMessage} onChange={(e) => set('abandonMessage', e.target.value)} />}
        </Field>
        <div className="form-grid">
          <Field label={t('campaign.ringTimeout')} hint={t('campaign.ringTimeoutHint')} error={err('ringTimeoutSeconds')}>
            {(id) => (
              <NumberInput
                id={id}
                value={draft.ringTimeoutSeconds}
                min={15}
                max={120}
                suffix={t('campaign.unit.seconds')}
                onChange={(v) => set('ringTimeoutSeconds', v ?? Number.NaN)}
              />
            )}
          </Field>
          <Field label={t('campaign.maxLines')} hint={t('campaign.maxLinesHint')} error={err('maxLinesPerAgent')}>
            {(id) => <DecimalInput id={id} value={draft.maxLinesPerAgent} min={1} max={10} step={0.1} onChange={(v) => set('maxLinesPerAgent', v)} />}
          </Field>
          <Field label={t('campaign.wrapUp')} hint={t('campaign.wrapUpHint')} error={err('wrapUpSeconds')}>
            {(id) => (
              <NumberInput
                id={id}
                nullable
                value={draft.wrapUpSeconds}
                min={5}
                max={3600}
                placeholder="∞"
                suffix={t('campaign.unit.seconds')}
                onChange={(v) => set('wrapUpSeconds', v)}
              />
            )}
          </Field>
        </div>
        <div className="field field-check">
          <label>
            <input type="checkbox" checked={draft.amdEnabled} onChange={(e) => set('amdEnabled', e.target.checked)} />
            {t('campaign.amd')}
          </label>
          <div className="field-hint">{t('campaign.amdHint')}</div>
        </div>
        {draft.amdEnabled && (
          <div className="form-grid">
            <Field label={t('campaign.amdAction')} error={err('amdMachineAction')}>
              {(id) => (
                <select id={id} value={draft.amdMachineAction} onChange={(e) => set('amdMachineAction', e.target.value as AmdMachineAction)}>
                  {amdMachineActions.map((a) => (
                    <option key={a} value={a}>
                      {t(`campaign.amdAction.${a}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('campaign.amdFalsePositive')} hint={t('campaign.amdFalsePositiveHint')} error={err('amdFalsePositivePercent')}>
              {(id) => (
                <DecimalInput
                  id={id}
                  value={draft.amdFalsePositivePercent}
                  min={0}
                  max={50}
                  step={0.1}
                  suffix="%"
                  onChange={(v) => set('amdFalsePositivePercent', v)}
                />
              )}
            </Field>
          </div>
        )}
        <NetworkProfileField value={draft.networkProfile} onChange={(v) => set('networkProfile', v)} serverError={err('networkProfile')} readOnly={readOnly} />
      </Section>

      {draft.type === 'callback' && <CallbackSettingsSection value={draft.callbackSettings} onChange={(v) => set('callbackSettings', v)} err={err} />}

      <Section title={t('campaign.section.hours')} intro={t('campaign.section.hoursIntro')} wide>
        <div className="form-grid form-grid-3">
          <Field label={t('campaign.timeZone')} error={err('timeZone')}>
            {(id) => (
              <>
                <input id={id} list="campaign-zones" value={draft.timeZone} onChange={(e) => set('timeZone', e.target.value)} />
                <datalist id="campaign-zones">
                  {zoneList.map((z) => (
                    <option key={z} value={z} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <Field
            label={t('campaign.localWindowStart')}
            hint={t('campaign.localWindowHint')}
            error={err('localWindow.start') ?? (err('localWindow.end') ? undefined : err('localWindow'))}
          >
            {(id) => (
              <input
                id={id}
                className="time-input"
                maxLength={5}
                placeholder="08:00"
                value={draft.localWindow.start}
                onChange={(e) => set('localWindow', { ...draft.localWindow, start: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('campaign.localWindowEnd')} error={err('localWindow.end')}>
            {(id) => (
              <input
                id={id}
                className="time-input"
                maxLength={5}
                placeholder="21:00"
                value={draft.localWindow.end}
                onChange={(e) => set('localWindow', { ...draft.localWindow, end: e.target.value })}
              />
            )}
          </Field>
        </div>
        <h3 className="section-title">{t('campaign.workingHours')}</h3>
        <WorkingHoursEditor value={draft.workingHours} onChange={(v) => set('workingHours', v)} error={error} readOnly={readOnly} />
      </Section>

      <Section title={t('campaign.section.callerIds')} intro={t('campaign.section.callerIdsIntro')}>
        <fieldset className="plain-fieldset" aria-label={t('campaign.callerIds')}>
          {draft.callerIds.length === 0 && <p className="muted">{t('campaign.callerIdsNone')}</p>}
          <ul className="caller-ids">
            {draft.callerIds.map((n, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: numbers are edited in place
              <li key={i} className={callerIdErrors[i] ? 'field-invalid' : undefined}>
                <div className="caller-id-row">
                  <input
                    aria-label={t('campaign.callerIdN', { n: i + 1 })}
                    placeholder="+48 22 100 20 30"
                    value={n}
                    onChange={(e) =>
                      set(
                        'callerIds',
                        draft.callerIds.map((x, j) => (j === i ? e.target.value : x)),
                      )
                    }
                  />
                  {!readOnly && (
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={t('campaign.callerIdRemove', { n: i + 1 })}
                      onClick={() =>
                        set(
                          'callerIds',
                          draft.callerIds.filter((_, j) => j !== i),
                        )
                      }
                    >
                      ×
                    </button>
                  )}
                </div>
                {callerIdErrors[i] && (
                  <div className="field-error" role="alert">
                    {callerIdErrors[i]}
                  </div>
                )}
              </li>
            ))}
          </ul>
          {callerGeneral && (
            <div className="field-error" role="alert">
              {callerGeneral}
            </div>
          )}
          {!readOnly && (
            <button type="button" className="button button-small" onClick={() => set('callerIds', [...draft.callerIds, ''])}>
              + {t('campaign.callerIdAdd')}
            </button>
          )}
        </fieldset>
        <div className={`field field-check${err('callerIdRandom') ? ' field-invalid' : ''}`}>
          <label>
            <input
              type="checkbox"
              checked={draft.callerIdRandom}
              disabled={!draft.callerIdRandom && draft.callerIds.length < 2}
              onChange={(e) => set('callerIdRandom', e.target.checked)}
            />
            {t('campaign.callerIdRandom')}
          </label>
          <div className="field-hint">{t('campaign.callerIdRandomHint')}</div>
          {err('callerIdRandom') && (
            <div className="field-error" role="alert">
              {err('callerIdRandom')}
            </div>
          )}
        </div>
      </Section>

      <Section title={t('campaign.section.attempts')} intro={t('campaign.section.attemptsIntro')} wide>
        <div className="form-grid form-grid-4">
          <Field label={t('campaign.maxAttempts')} hint={t('campaign.maxAttemptsHint')} error={err('maxAttempts')}>
            {(id) => <NumberInput id={id} nullable value={draft.maxAttempts} min={1} max={100} placeholder="∞" onChange={(v) => set('maxAttempts', v)} />}
          </Field>
          <Field label={t('campaign.retryDelay')} hint={t('campaign.retryDelayHint')} error={err('retryDelayMinutes')}>
            {(id) => (
              <NumberInput
                id={id}
                value={draft.retryDelayMinutes}
                min={0}
                suffix={t('campaign.unit.minutes')}
                onChange={(v) => set('retryDelayMinutes', v ?? Number.NaN)}
              />
            )}
          </Field>
          <Field label={t('campaign.callbackGrace')} hint={t('campaign.callbackGraceHint')} error={err('callbackGraceMinutes')}>
            {(id) => (
              <NumberInput
                id={id}
                value={draft.callbackGraceMinutes}
                min={0}
                max={10080}
                suffix={t('campaign.unit.minutes')}
                onChange={(v) => set('callbackGraceMinutes', v ?? Number.NaN)}
              />
            )}
          </Field>
          <Field label={t('campaign.successLimit')} hint={t('campaign.successLimitHint')} error={err('successLimitPerAgent')}>
            {(id) => (
              <NumberInput id={id} nullable value={draft.successLimitPerAgent} min={1} placeholder="∞" onChange={(v) => set('successLimitPerAgent', v)} />
            )}
          </Field>
        </div>
        <h3 className="section-title">{t('campaign.rules.title')}</h3>
        <p className="muted small">{t('campaign.rules.intro')}</p>
        <RetryRulesEditor rules={draft.retryRules} onChange={(r) => set('retryRules', r)} statuses={statuses} error={error} readOnly={readOnly} />
      </Section>

      <Section title={t('campaign.section.routing')} intro={t('campaign.section.routingIntro')}>
        <p className="routing-summary" data-testid="routing-summary">
          {t('campaign.routingEffective', { n: num(effective.size) })}
        </p>
        <fieldset className="plain-fieldset pick-group" aria-label={t('campaign.agents')}>
          <legend className="pick-legend">
            {t('campaign.agents')} <span className="muted">({num(draft.agentIds.length)})</span>
          </legend>
          {agents && agents.length > 8 && (
            <input
              type="search"
              className="pick-search"
              placeholder={t('campaign.agentsSearch')}
              aria-label={t('campaign.agentsSearch')}
              value={agentQuery}
              onChange={(e) => setAgentQuery(e.target.value)}
            />
          )}
          {!agents ? (
            <p className="muted">{t('common.loading')}</p>
          ) : agents.length === 0 ? (
            <p className="muted">{t('campaign.agentsNone')}</p>
          ) : (
            <ul className="pick-list">
              {shownAgents.map((a) => (
                <li key={a.id}>
                  <label className={!a.active ? 'muted' : undefined}>
                    <input
                      type="checkbox"
                      checked={pickedAgents.has(a.id)}
                      onChange={(e) => set('agentIds', e.target.checked ? [...draft.agentIds, a.id] : draft.agentIds.filter((x) => x !== a.id))}
                    />
                    {agentName(a)}
                    {!a.active && <span className="badge badge-muted">{t('campaign.inactive')}</span>}
                    {!pickedAgents.has(a.id) && viaGroups.has(a.id) && <span className="badge badge-info">{t('campaign.viaGroup')}</span>}
                  </label>
                </li>
              ))}
            </ul>
          )}
          {err('agentIds') && (
            <div className="field-error" role="alert">
              {err('agentIds')}
            </div>
          )}
        </fieldset>
        <fieldset className="plain-fieldset pick-group" aria-label={t('campaign.agentGroups')}>
          <legend className="pick-legend">
            {t('campaign.agentGroups')} <span className="muted">({num(draft.agentGroupIds.length)})</span>
          </legend>
          {!groups ? (
            <p className="muted">{t('common.loading')}</p>
          ) : groups.length === 0 ? (
            <p className="muted">{t('campaign.groupsNone')}</p>
          ) : (
            <ul className="pick-list">
              {groups.map((g) => (
                <li key={g.id}>
                  <label>
                    <input
                      type="checkbox"
                      checked={pickedGroups.has(g.id)}
                      onChange={(e) => set('agentGroupIds', e.target.checked ? [...draft.agentGroupIds, g.id] : draft.agentGroupIds.filter((x) => x !== g.id))}
                    />
                    {g.name} <span className="muted small">{t('campaign.groupMembers', { n: num(g.memberIds.length) })}</span>
                  </label>
                </li>
              ))}
            </ul>
          )}
          {err('agentGroupIds') && (
            <div className="field-error" role="alert">
              {err('agentGroupIds')}
            </div>
          )}
        </fieldset>
      </Section>

      <Section title={t('campaign.section.statuses')} intro={t('campaign.section.statusesIntro')}>
        <fieldset className="choice-group" disabled={readOnly || hasCases}>
          <legend className="visually-hidden">{t('campaign.section.statuses')}</legend>
          <label className={`choice${draft.processId === null ? ' choice-on' : ''}`}>
            <input type="radio" name="statusSource" checked={draft.processId === null} onChange={() => set('processId', null)} />
            <span>
              <strong>{t('campaign.statusesDictionary')}</strong>
              <span className="muted small">{t('campaign.statusesDictionaryHint')}</span>
            </span>
          </label>
          <label className={`choice${draft.processId !== null ? ' choice-on' : ''}`}>
            <input
              type="radio"
              name="statusSource"
              checked={draft.processId !== null}
              disabled={!processes?.length}
              onChange={() => processes?.[0] && set('processId', processes[0].id)}
            />
            <span>
              <strong>{t('campaign.statusesProcess')}</strong>
              <span className="muted small">{processes?.length ? t('campaign.statusesProcessHint') : t('campaign.processesNone')}</span>
            </span>
          </label>
        </fieldset>
        {draft.processId !== null && (
          <Field label={t('campaign.process')} error={err('processId')}>
            {(id) => (
              <select id={id} value={draft.processId ?? ''} disabled={readOnly || hasCases} onChange={(e) => set('processId', Number(e.target.value))}>
                {!processes?.some((p) => p.id === draft.processId) && <option value={draft.processId ?? ''}>#{draft.processId}</option>}
                {(processes ?? []).map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name} ({t('campaign.processStatuses', { n: num(p.statuses) })})
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {draft.processId === null && err('processId') && <div className="field-error">{err('processId')}</div>}
        {hasCases && <p className="field-hint">{t('campaign.processLocked')}</p>}
        {draft.processId !== null && draft.processId === campaign.processId && (
          <p className="small">
            <Link to={`/processes/${draft.processId}`}>{t('campaign.openProcess')}</Link>
          </p>
        )}
      </Section>

      <Section title={t('campaign.section.contacts')} intro={t('campaign.section.contactsIntro')} wide>
        <div className="form-grid form-grid-3">
          <Field label={t('campaign.phoneColumn')} error={err('phoneColumn')}>
            {(id) => (
              <select id={id} value={draft.phoneColumn} onChange={(e) => set('phoneColumn', e.target.value as CampaignSettings['phoneColumn'])}>
                <option value="phone1">{t('col.phone1')}</option>
                <option value="phone2">{t('col.phone2')}</option>
              </select>
            )}
          </Field>
        </div>
        <div className="field field-check">
          <label>
            <input type="checkbox" checked={filter !== null} onChange={(e) => set('contactFilter', e.target.checked ? {} : null)} />
            {t('campaign.useContactFilter')}
          </label>
          <div className="field-hint">{t('campaign.useContactFilterHint')}</div>
        </div>
        {filter !== null && (
          <div className="contact-filter">
            <div className="filter-grid">
              {importGroups.length > 0 && (
                <Field label={t('filter.importGroup')} error={err('contactFilter.importGroupId')}>
                  {(id) => (
                    <select
                      id={id}
                      value={filter.importGroupId ?? ''}
                      onChange={(e) => setFilter({ importGroupId: e.target.value ? Number(e.target.value) : undefined })}
                    >
                      <option value="">{t('filter.allGroups')}</option>
                      {importGroups.map((g) => (
                        <option key={g.id} value={g.id}>
                          {g.name} ({num(g.contacts)})
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              )}
              {(['name', 'city', 'region', 'street', 'postalCode', 'phone'] as const).map((k) => (
                <Field key={k} label={t(`filter.${k}`)} error={err(`contactFilter.${k}`)}>
                  {(id) => <input id={id} value={filter[k] ?? ''} onChange={(e) => setFilter({ [k]: e.target.value })} />}
                </Field>
              ))}
              <Field label={t('filter.leastRecentlyUsed')} hint={t('filter.hintLru')} error={err('contactFilter.leastRecentlyUsed')}>
                {(id) => (
                  <NumberInput
                    id={id}
                    nullable
                    value={filter.leastRecentlyUsed ?? null}
                    min={1}
                    onChange={(v) => setFilter({ leastRecentlyUsed: v ?? undefined })}
                  />
                )}
              </Field>
              <Field label={t('filter.blocked')} error={err('contactFilter.blocked')}>
                {(id) => (
                  <select
                    id={id}
                    value={filter.blocked ?? 'exclude'}
                    onChange={(e) => setFilter({ blocked: e.target.value as CampaignContactFilter['blocked'] })}
                  >
                    <option value="exclude">{t('filter.blockedExclude')}</option>
                    <option value="include">{t('filter.blockedInclude')}</option>
                    <option value="only">{t('filter.blockedOnly')}</option>
                  </select>
                )}
              </Field>
            </div>
            {session.can('contacts.read') && (
              <div className="filter-actions">
                <button type="button" className="button button-small" onClick={() => void countMatching()}>
                  {t('campaign.countMatching')}
                </button>
                {matching !== null && <span className="count">{t('campaign.matchingN', { n: num(matching) })}</span>}
              </div>
            )}
          </div>
        )}
      </Section>
    </fieldset>
  );
}
