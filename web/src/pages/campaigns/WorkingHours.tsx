// CP-1 working hours: a weekly grid — each weekday's intervals as times and as a bar over the
// 24 hours — with presets and "copy to all days"; the server's errors sit on the day they name.
import { type Key, useI18n } from '../../i18n/index.tsx';
import { errorAt, minutes, type Weekday, type WorkingHours, weekdays } from './model.ts';

export const dayLabels: Record<Weekday, Key> = {
  mon: 'campaign.day.mon',
  tue: 'campaign.day.tue',
  wed: 'campaign.day.wed',
  thu: 'campaign.day.thu',
  fri: 'campaign.day.fri',
  sat: 'campaign.day.sat',
  sun: 'campaign.day.sun',
};

const all = (list: [string, string][]): WorkingHours =>
  Object.fromEntries(weekdays.map((d) => [d, list.map((x) => [...x] as [string, string])])) as WorkingHours;

const presets: { key: Key; hours: () => WorkingHours }[] = [
  {
    key: 'campaign.hours.presetOffice',
    hours: () => ({ ...all([['08:00', '20:00']]), sat: [['09:00', '15:00']], sun: [] }),
  },
  { key: 'campaign.hours.presetWeekdays', hours: () => ({ ...all([['09:00', '17:00']]), sat: [], sun: [] }) },
  { key: 'campaign.hours.presetNonStop', hours: () => all([['00:00', '24:00']]) },
];

export function WorkingHoursEditor({
  value,
  onChange,
  error,
  readOnly,
}: {
  value: WorkingHours;
  onChange: (v: WorkingHours) => void;
  error: unknown;
  readOnly: boolean;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const setDay = (day: Weekday, list: [string, string][]) => onChange({ ...value, [day]: list });
  const copyToAll = (day: Weekday) => onChange(all(value[day] ?? []));
  const copyToWeekdays = (day: Weekday) =>
    onChange({ ...value, ...Object.fromEntries((['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((d) => [d, (value[day] ?? []).map((x) => [...x])])) });
  const general = errorAt(error, 'workingHours', i18n);
  const dayError = (d: Weekday) => errorAt(error, `workingHours.${d}`, i18n);
  const generalOnly = general && !weekdays.some((d) => dayError(d)) ? general : undefined;

  return (
    <div className="hours-editor">
      {!readOnly && (
        <div className="hours-presets">
          <span className="muted small">{t('campaign.hours.presets')}</span>
          {presets.map((p) => (
            <button key={p.key} type="button" className="button button-small" onClick={() => onChange(p.hours())}>
              {t(p.key)}
            </button>
          ))}
        </div>
      )}
      <div className="hours-grid">
        <div className="hours-row hours-scale" aria-hidden="true">
          <span />
          <div className="hours-scale-ticks">
            {[0, 3, 6, 9, 12, 15, 18, 21, 24].map((h) => (
              <span key={h} style={{ left: `${(h / 24) * 100}%` }}>
                {h}
              </span>
            ))}
          </div>
          <span />
        </div>
        {weekdays.map((d) => {
          const list = value[d] ?? [];
          const err = dayError(d);
          const name = t(dayLabels[d]);
          return (
            <div key={d} className={`hours-row${err ? ' hours-row-invalid' : ''}`} data-day={d}>
              <span className="hours-day">{name}</span>
              <div className="hours-bar" aria-hidden="true">
                {list.map(([s, e]) => {
                  const a = minutes(s);
                  const b = minutes(e);
                  if (Number.isNaN(a) || Number.isNaN(b) || b <= a) return null;
                  return (
                    <span
                      key={`${s}-${e}`}
                      className="hours-bar-fill"
                      style={{ left: `${(a / 1440) * 100}%`, width: `${((b - a) / 1440) * 100}%` }}
                      title={`${s}–${e}`}
                    />
                  );
                })}
              </div>
              <div className="hours-intervals">
                {list.length === 0 && <span className="muted hours-closed">{t('campaign.hours.closed')}</span>}
                {list.map(([s, e], i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: intervals have no identity but their place
                  <span key={i} className="hours-interval">
                    <input
                      className="time-input"
                      aria-label={t('campaign.hours.from', { day: name, n: i + 1 })}
                      placeholder="08:00"
                      value={s}
                      maxLength={5}
                      onChange={(ev) =>
                        setDay(
                          d,
                          list.map((x, j) => (j === i ? [ev.target.value, x[1]] : x)),
                        )
                      }
                    />
                    –
                    <input
                      className="time-input"
                      aria-label={t('campaign.hours.to', { day: name, n: i + 1 })}
                      placeholder="20:00"
                      value={e}
                      maxLength={5}
                      onChange={(ev) =>
                        setDay(
                          d,
                          list.map((x, j) => (j === i ? [x[0], ev.target.value] : x)),
                        )
                      }
                    />
                    {!readOnly && (
                      <button
                        type="button"
                        className="icon-button"
                        aria-label={t('campaign.hours.remove', { day: name, n: i + 1 })}
                        onClick={() =>
                          setDay(
                            d,
                            list.filter((_, j) => j !== i),
                          )
                        }
                      >
                        ×
                      </button>
                    )}
                  </span>
                ))}
                {!readOnly && (
                  <span className="hours-actions">
                    <button
                      type="button"
                      className="link"
                      aria-label={t('campaign.hours.addTo', { day: name })}
                      onClick={() => {
                        const last = list[list.length - 1];
                        setDay(d, [...list, last ? [last[1] < '23:00' ? last[1] : '23:00', '24:00'] : ['08:00', '16:00']]);
                      }}
                    >
                      + {t('campaign.hours.add')}
                    </button>
                    <button type="button" className="link" aria-label={t('campaign.hours.copyAllOf', { day: name })} onClick={() => copyToAll(d)}>
                      {t('campaign.hours.copyAll')}
                    </button>
                    {d !== 'sat' && d !== 'sun' && (
                      <button type="button" className="link" aria-label={t('campaign.hours.copyWeekdaysOf', { day: name })} onClick={() => copyToWeekdays(d)}>
                        {t('campaign.hours.copyWeekdays')}
                      </button>
                    )}
                  </span>
                )}
                {err && (
                  <div className="field-error" role="alert">
                    {err}
                  </div>
                )}
              </div>
            </div>
          );
        })}
      </div>
      {generalOnly && (
        <div className="field-error" role="alert">
          {generalOnly}
        </div>
      )}
      <p className="field-hint">{t('campaign.hours.hint')}</p>
    </div>
  );
}
