// CB-3: the settings of a callback campaign (type 'callback'): delay, share of the queue's
// agents, order, priority, numbers never called back, expiry, retries. The preview time and the
// wrap-up time are the campaign's own "preview seconds" and "wrap-up limit".
import { useI18n } from '../../i18n/index.tsx';
import { Field } from '../../ui.tsx';
import { type CallbackSettings, defaultCallbackSettings } from './model.ts';

const orders = ['oldest', 'newest', 'random'] as const;
const priorities = ['always', 'agents_free', 'no_waiting'] as const;

export function CallbackSettingsSection({
  value,
  onChange,
  err,
}: {
  value: CallbackSettings | null;
  onChange: (v: CallbackSettings) => void;
  err: (path: string) => string | undefined;
}) {
  const { t } = useI18n();
  const s = value ?? defaultCallbackSettings;
  const set = <K extends keyof CallbackSettings>(k: K, v: CallbackSettings[K]) => onChange({ ...s, [k]: v });
  const int = (
    k: 'delaySeconds' | 'agentSharePercent' | 'expiryMinutes' | 'retries' | 'retryIntervalMinutes',
    label: string,
    hint: string,
    min: number,
    max: number,
  ) => (
    <Field label={label} hint={hint} error={err(`callbackSettings.${k}`)}>
      {(id) => (
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          value={Number.isNaN(s[k]) ? '' : s[k]}
          onChange={(e) => set(k, e.target.value === '' ? Number.NaN : Number(e.target.value))}
        />
      )}
    </Field>
  );
  return (
    <section className="card settings-section" aria-label={t('callback.section')}>
      <h2 className="card-title">{t('callback.section')}</h2>
      <p className="muted small section-intro">{t('callback.intro')}</p>
      <div className="form-grid">
        {int('delaySeconds', t('callback.delay'), t('callback.delayHint'), 0, 604800)}
        {int('agentSharePercent', t('callback.share'), t('callback.shareHint'), 1, 100)}
        <Field label={t('callback.order')} error={err('callbackSettings.order')}>
          {(id) => (
            <select id={id} value={s.order} onChange={(e) => set('order', e.target.value as CallbackSettings['order'])}>
              {orders.map((o) => (
                <option key={o} value={o}>
                  {t(`callback.order.${o}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('callback.priority')} error={err('callbackSettings.priority')}>
          {(id) => (
            <select id={id} value={s.priority} onChange={(e) => set('priority', e.target.value as CallbackSettings['priority'])}>
              {priorities.map((p) => (
                <option key={p} value={p}>
                  {t(`callback.priority.${p}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {int('expiryMinutes', t('callback.expiry'), t('callback.expiryHint'), 1, 43200)}
        {int('retries', t('callback.retries'), t('callback.retriesHint'), 0, 20)}
        {int('retryIntervalMinutes', t('callback.retryInterval'), t('callback.retryIntervalHint'), 1, 1440)}
      </div>
      <Field label={t('callback.neverCall')} hint={t('callback.neverCallHint')} error={err('callbackSettings.neverCallNumbers') ?? err('callbackSettings')}>
        {(id) => (
          <textarea
            id={id}
            rows={3}
            value={s.neverCallNumbers.join('\n')}
            onChange={(e) =>
              set(
                'neverCallNumbers',
                e.target.value
                  .split(/[\n,;]+/)
                  .map((x) => x.trim())
                  .filter(Boolean),
              )
            }
          />
        )}
      </Field>
    </section>
  );
}
