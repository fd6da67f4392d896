// AG-3: today's dials, connects and abandoned calls per quarter hour, drawn as SVG bars (no chart
// library). Quarter hours without calls are drawn as empty slots up to the current one.
import { useI18n } from '../../i18n/index.tsx';
import type { SeriesPoint } from './model.ts';

const QUARTER = 15 * 60_000;
const W = 640;
const H = 190;
const M = { top: 10, right: 18, bottom: 24, left: 36 };

/** 0, 1, 2, 5, 10, 20, 50 … : a round top for the axis at or above `v`. */
function niceMax(v: number): number {
  if (v <= 4) return 4;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

const series = [
  { key: 'dials', className: 'wb-bar-dials', label: 'wallboard.dials' },
  { key: 'connects', className: 'wb-bar-connects', label: 'wallboard.connects' },
  { key: 'abandoned', className: 'wb-bar-abandoned', label: 'wallboard.abandoned' },
] as const;

export function DayChart({ points, at }: { points: SeriesPoint[]; at: string }) {
  const i18n = useI18n();
  const { t, num } = i18n;
  if (!points.length) return <p className="muted small wb-chart-empty">{t('wallboard.chartEmpty')}</p>;

  const byTime = new Map(points.map((p) => [Math.floor(Date.parse(p.at) / QUARTER) * QUARTER, p]));
  const last = Math.max(Math.floor(Date.parse(at) / QUARTER) * QUARTER, ...byTime.keys());
  // from the whole hour of the first call (at least two hours shown, at most the day)
  const firstCall = Math.min(...byTime.keys());
  const hourOf = (ms: number) => {
    const d = new Date(ms);
    d.setMinutes(0, 0, 0);
    return d.getTime();
  };
  let first = Math.min(hourOf(firstCall), hourOf(last - 7 * QUARTER));
  if (first < last - 95 * QUARTER) first = hourOf(last - 92 * QUARTER);
  const slots: { at: number; p: SeriesPoint | undefined }[] = [];
  for (let x = first; x <= last; x += QUARTER) slots.push({ at: x, p: byTime.get(x) });

  const top = niceMax(Math.max(1, ...slots.map((s) => s.p?.dials ?? 0)));
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const slotW = plotW / slots.length;
  const barW = Math.max(1, (slotW * 0.8) / 3);
  const y = (v: number) => M.top + plotH - (v / top) * plotH;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(top * f));
  const time = new Intl.DateTimeFormat(i18n.locale, { hour: '2-digit', minute: '2-digit' });
  const labelEvery = slots.length > 48 ? 8 : 4;
  const totals = { dials: 0, connects: 0, abandoned: 0 };
  for (const s of slots) for (const k of ['dials', 'connects', 'abandoned'] as const) totals[k] += s.p?.[k] ?? 0;

  return (
    <figure className="wb-chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={t('wallboard.chartLabel', { dials: num(totals.dials), connects: num(totals.connects), abandoned: num(totals.abandoned) })}
        data-testid="wb-chart"
      >
        {ticks.map((v) => (
          <g key={v}>
            <line className="wb-grid" x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} />
            <text className="wb-axis" x={M.left - 6} y={y(v) + 4} textAnchor="end">
              {num(v)}
            </text>
          </g>
        ))}
        {slots.map((s, i) => {
          const x0 = M.left + i * slotW + slotW * 0.1;
          const d = new Date(s.at);
          const showLabel = d.getMinutes() === 0 && (labelEvery === 4 || d.getHours() % 2 === 0);
          const title = `${time.format(d)}–${time.format(new Date(s.at + QUARTER))}: ${series
            .map((x) => `${t(x.label)} ${num(s.p?.[x.key] ?? 0)}`)
            .join(', ')}`;
          return (
            <g key={s.at}>
              <title>{title}</title>
              {/* a transparent column keeps the tooltip over the whole quarter */}
              <rect x={M.left + i * slotW} y={M.top} width={slotW} height={plotH} fill="transparent" />
              {series.map((x, j) => {
                const v = s.p?.[x.key] ?? 0;
                return v > 0 ? <rect key={x.key} className={x.className} x={x0 + j * barW} y={y(v)} width={barW} height={M.top + plotH - y(v)} /> : null;
              })}
              {showLabel && (
                <text className="wb-axis" x={M.left + i * slotW} y={H - 6} textAnchor="middle">
                  {time.format(d)}
                </text>
              )}
            </g>
          );
        })}
        <line className="wb-axis-line" x1={M.left} x2={W - M.right} y1={M.top + plotH} y2={M.top + plotH} />
      </svg>
      <figcaption className="wb-legend">
        {series.map((x) => (
          <span key={x.key}>
            <span className={`wb-swatch ${x.className}`} aria-hidden="true" /> {t(x.label)} <strong>{num(totals[x.key])}</strong>
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
