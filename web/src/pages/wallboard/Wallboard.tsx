// AG-3: the supervisor's wallboard — every logged-in agent with the state's colour and the time
// in it (ticking here, not fetched), and per dialing campaign today's figures, the abandon rate
// of each window against the cap, occupancy, lines per agent, the pacer's estimates and a chart
// of the day. The server pushes `wallboard.changed` (at most once a second) and the page
// refetches then; a slow refetch every 30 s only covers a missed push.
import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../api.ts';
import { type I18n, useI18n } from '../../i18n/index.tsx';
import { type ServerEvent, useServerEvents } from '../../jobs.tsx';
import { QueueFigures } from '../inbound/QueueFigures.tsx';
import { Link } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import { Empty, errorText, useToast } from '../../ui.tsx';
import { agentStateLabel } from '../agent/states.ts';
import { formatDuration, useNow } from '../agent/util.ts';
import { DayChart } from './DayChart.tsx';
import { abandonWindows, agentStates, type Wallboard, type WallboardAgent, type WallboardCampaign } from './model.ts';
import './wallboard.css';

const FALLBACK_MS = 30_000;

function percent(i18n: I18n, fraction: number, digits = 1) {
  return new Intl.NumberFormat(i18n.locale, { style: 'percent', maximumFractionDigits: digits }).format(Number.isFinite(fraction) ? fraction : 0);
}
function decimal(i18n: I18n, v: number, digits = 1) {
  return new Intl.NumberFormat(i18n.locale, { maximumFractionDigits: digits }).format(Number.isFinite(v) ? v : 0);
}

export function WallboardPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const [data, setData] = useState<{ board: Wallboard; fetchedAt: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [campaignFilter, setCampaignFilter] = useState<number | null>(null);
  const [hideRobots, setHideRobots] = useState(false);
  const loading = useRef(false);
  const again = useRef(false);
  const debounce = useRef<number | undefined>(undefined);

  /** one request at a time; pushes that arrive meanwhile ask for one more afterwards */
  const load = useCallback(async () => {
    if (loading.current) {
      again.current = true;
      return;
    }
    loading.current = true;
    try {
      do {
        again.current = false;
        const board = await api<Wallboard>('GET', '/api/wallboard');
        setData({ board, fetchedAt: Date.now() });
        setError(null);
      } while (again.current);
    } catch (err) {
      setError(err);
    } finally {
      loading.current = false;
    }
  }, []);

  useEffect(() => {
    void load();
    const id = window.setInterval(() => void load(), FALLBACK_MS);
    return () => {
      window.clearInterval(id);
      window.clearTimeout(debounce.current);
    };
  }, [load]);

  useServerEvents((m: ServerEvent) => {
    if (m.type === 'wallboard.changed' || m.type === 'reconnected') void load();
    // an agent's save or a campaign's settings: not a dialer event, so no wallboard.changed follows
    else if (m.type === 'campaign.changed') {
      window.clearTimeout(debounce.current);
      debounce.current = window.setTimeout(() => void load(), 500);
    }
  });

  const board = data?.board;
  const canManage = session.can('campaigns.manage');

  return (
    <div className="page wb-page">
      <div className="page-head">
        <h1>{t('wallboard.title')}</h1>
        {board && (
          <span className="muted small" data-testid="wb-updated">
            {t('wallboard.updatedAt', { time: new Date(board.at).toLocaleTimeString(i18n.locale) })}
          </span>
        )}
        <span className="spacer" />
        <button type="button" className="button button-small" onClick={() => void load()}>
          {t('wallboard.refresh')}
        </button>
      </div>
      <p className="muted intro">{t('wallboard.intro')}</p>
      {error !== null && (
        <div className="alert alert-error" role="alert">
          {errorText(error, i18n)}
        </div>
      )}
      {!board || !data ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <>
          <AgentGrid
            board={board}
            fetchedAt={data.fetchedAt}
            campaignFilter={campaignFilter}
            onCampaignFilter={setCampaignFilter}
            hideRobots={hideRobots}
            onHideRobots={setHideRobots}
          />
          <QueueFigures />
          <section aria-label={t('wallboard.campaigns')}>
            <h2 className="wb-section-title">{t('wallboard.campaigns')}</h2>
            {board.campaigns.length === 0 ? (
              <section className="card">
                <Empty>{t('wallboard.noCampaigns')}</Empty>
              </section>
            ) : (
              <div className="wb-campaigns">
                {board.campaigns.map((c) => (
                  <CampaignCard
                    key={c.id}
                    c={c}
                    at={board.at}
                    robots={board.agents.filter((a) => a.robot && a.campaignIds.includes(c.id)).length}
                    canManage={canManage}
                    onChanged={() => void load()}
                  />
                ))}
              </div>
            )}
          </section>
        </>
      )}
    </div>
  );
}

function AgentGrid({
  board,
  fetchedAt,
  campaignFilter,
  onCampaignFilter,
  hideRobots,
  onHideRobots,
}: {
  board: Wallboard;
  fetchedAt: number;
  campaignFilter: number | null;
  onCampaignFilter: (id: number | null) => void;
  hideRobots: boolean;
  onHideRobots: (v: boolean) => void;
}) {
  const i18n = useI18n();
  const { t, num } = i18n;
  const now = useNow(1000);
  const elapsed = Math.max(0, now - fetchedAt);
  const serverNow = Date.parse(board.at) + elapsed;
  const names = useMemo(() => new Map(board.campaigns.map((c) => [c.id, c.name])), [board.campaigns]);
  const campaignIds = useMemo(() => [...new Set([...board.campaigns.map((c) => c.id), ...board.agents.flatMap((a) => a.campaignIds)])].sort(), [board]);
  const shown = board.agents.filter((a) => (campaignFilter === null || a.campaignIds.includes(campaignFilter)) && (!hideRobots || !a.robot));
  const counts = new Map<string, number>();
  for (const a of shown) counts.set(a.state, (counts.get(a.state) ?? 0) + 1);
  const robots = board.agents.some((a) => a.robot);

  return (
    <section className="card wb-agents-card" aria-label={t('wallboard.agents')}>
      <div className="wb-agents-head">
        <h2 className="card-title">
          {t('wallboard.agents')} <span className="badge">{t('wallboard.agentsN', { n: num(shown.length) })}</span>
        </h2>
        <div className="wb-state-counts" data-testid="wb-state-counts">
          {agentStates
            .filter((s) => counts.get(s))
            .map((s) => (
              <span key={s} className={`wb-state-badge wb-state-${s}`} data-state={s}>
                {agentStateLabel(i18n, s)} <strong>{num(counts.get(s) ?? 0)}</strong>
              </span>
            ))}
        </div>
        <span className="spacer" />
        <label className="wb-filter">
          <span>{t('wallboard.filterCampaign')}</span>
          <select value={campaignFilter ?? ''} onChange={(e) => onCampaignFilter(e.target.value ? Number(e.target.value) : null)}>
            <option value="">{t('wallboard.allCampaigns')}</option>
            {campaignIds.map((id) => (
              <option key={id} value={id}>
                {id}
                {names.get(id) ? ` · ${names.get(id)}` : ''}
              </option>
            ))}
          </select>
        </label>
        {robots && (
          <label className="wb-filter">
            <input type="checkbox" checked={hideRobots} onChange={(e) => onHideRobots(e.target.checked)} /> {t('wallboard.hideRobots')}
          </label>
        )}
      </div>
      {shown.length === 0 ? (
        <Empty>{t('wallboard.noAgents')}</Empty>
      ) : (
        <ul className="wb-agents" aria-label={t('wallboard.agents')}>
          {shown.map((a) => (
            <AgentTile key={a.userId} a={a} elapsed={elapsed} serverNow={serverNow} names={names} />
          ))}
        </ul>
      )}
    </section>
  );
}

function AgentTile({ a, elapsed, serverNow, names }: { a: WallboardAgent; elapsed: number; serverNow: number; names: Map<number, string> }) {
  const i18n = useI18n();
  const { t } = i18n;
  const inState = a.secondsInState * 1000 + elapsed;
  const wrapLeft = a.wrapUntil ? Date.parse(a.wrapUntil) - serverNow : null;
  return (
    <li className={`wb-agent wb-state-${a.state}`} data-user-id={a.userId} data-state={a.state} data-testid="wb-agent">
      <div className="wb-agent-head">
        <span className="wb-agent-name" title={a.name}>
          {a.name}
        </span>
        {a.robot && <span className="badge badge-muted wb-robot">{t('wallboard.robot')}</span>}
      </div>
      <div className="wb-agent-state">
        <span className="wb-agent-state-label">{agentStateLabel(i18n, a.state)}</span>
        <span className="wb-agent-time" role="timer" aria-label={t('wallboard.col.time')}>
          {formatDuration(inState)}
        </span>
      </div>
      {wrapLeft !== null && (
        <div className="wb-agent-wrap" title={t('agent.call.wrapLeft')}>
          {t('wallboard.wrapLeft', { time: formatDuration(wrapLeft) })}
        </div>
      )}
      <div className="wb-agent-meta muted small">
        {a.campaignIds.map((id) => (
          <span key={id} title={names.get(id)}>
            {id}
          </span>
        ))}
        {a.currentCaseId !== null && <span>{t('wallboard.caseN', { id: a.currentCaseId })}</span>}
      </div>
    </li>
  );
}

function Stat({ label, value, testId, tone, hint }: { label: string; value: string; testId?: string; tone?: string; hint?: string }) {
  return (
    <div className={`wb-stat${tone ? ` wb-stat-${tone}` : ''}`} title={hint}>
      <span className="wb-stat-label">{label}</span>
      <span className="wb-stat-value" data-testid={testId}>
        {value}
      </span>
    </div>
  );
}

const estimateKeys: Record<string, { label: Parameters<I18n['t']>[0]; format: 'percent' | 'seconds' | 'number' | 'smallPercent' }> = {
  liveAnswerRate: { label: 'wallboard.est.liveAnswerRate', format: 'percent' },
  secondsToLiveAnswer: { label: 'wallboard.est.secondsToLiveAnswer', format: 'seconds' },
  talkSeconds: { label: 'wallboard.est.talkSeconds', format: 'seconds' },
  wrapSeconds: { label: 'wallboard.est.wrapSeconds', format: 'seconds' },
  marginalAbandonThreshold: { label: 'wallboard.est.marginalAbandonThreshold', format: 'smallPercent' },
  abandonBudget: { label: 'wallboard.est.abandonBudget', format: 'number' },
};

function Estimates({ estimates }: { estimates: Record<string, unknown> }) {
  const i18n = useI18n();
  const { t } = i18n;
  const entries = Object.entries(estimates).filter(([, v]) => typeof v === 'number' && Number.isFinite(v)) as [string, number][];
  if (!entries.length) return null;
  const format = (key: string, v: number) => {
    const f = estimateKeys[key]?.format ?? 'number';
    if (f === 'percent') return percent(i18n, v);
    if (f === 'smallPercent') return percent(i18n, v, 2);
    if (f === 'seconds') return t('wallboard.seconds', { n: decimal(i18n, v) });
    return decimal(i18n, v);
  };
  return (
    <div className="wb-estimates" data-testid="wb-estimates">
      <h4 className="wb-subtitle">{t('wallboard.estimates')}</h4>
      <dl className="meta wb-meta">
        {entries.map(([k, v]) => (
          <div key={k} className="wb-meta-row">
            <dt>{estimateKeys[k] ? t(estimateKeys[k].label) : k}</dt>
            <dd>{format(k, v)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function CampaignCard({
  c,
  at,
  robots,
  canManage,
  onChanged,
}: {
  c: WallboardCampaign;
  at: string;
  robots: number;
  canManage: boolean;
  onChanged: () => void;
}) {
  const i18n = useI18n();
  const { t, num } = i18n;
  const cap = c.capPercent / 100;
  const headId = `wb-campaign-${c.id}`;
  const lineShare = c.maxLinesPerAgent > 0 ? Math.min(1, c.linesPerAgent / c.maxLinesPerAgent) : 0;
  return (
    <section className="card wb-campaign" aria-labelledby={headId} data-campaign-id={c.id}>
      <header className="wb-campaign-head">
        <h3 id={headId}>
          <Link to={`/campaigns/${c.id}`}>
            {c.id} · {c.name}
          </Link>
        </h3>
        <span className="badge badge-info">{i18n.tk(`campaign.mode.${c.mode}`, c.mode)}</span>
        <span className={`badge badge-state-${c.state}`}>{i18n.tk(`campaign.state.${c.state}`, c.state)}</span>
      </header>

      <div className="wb-stats">
        <Stat label={t('wallboard.dials')} value={num(c.today.dials)} testId="wb-dials" />
        <Stat label={t('wallboard.connects')} value={num(c.today.connects)} testId="wb-connects" />
        <Stat label={t('wallboard.liveAnswers')} value={num(c.today.liveAnswers)} testId="wb-live" />
        <Stat label={t('wallboard.abandoned')} value={num(c.today.abandoned)} testId="wb-abandoned" tone={c.today.abandoned > 0 ? 'warn' : undefined} />
        <Stat
          label={`${t('wallboard.abandonRate')} · ${t('wallboard.today')}`}
          value={percent(i18n, c.today.abandonRate)}
          testId="wb-abandon-today"
          tone={c.today.abandonRate > cap ? 'danger' : undefined}
        />
      </div>

      <div className="wb-columns">
        <div>
          <h4 className="wb-subtitle">{t('wallboard.abandonTitle', { cap: percent(i18n, cap, 2) })}</h4>
          <table className="wb-abandon">
            <tbody>
              {abandonWindows.map((w) => {
                const f = c.abandon[w];
                const over = f.rate > cap;
                const applies = w === c.window;
                return (
                  <tr
                    key={w}
                    className={`${applies ? 'wb-window-applies' : ''}${over ? ' wb-window-over' : ''}`}
                    data-window={w}
                    data-over={over ? 'true' : 'false'}
                  >
                    <th scope="row">
                      {t(`wallboard.window.${w}`)}
                      {applies && <span className="badge badge-info wb-applies">{t('wallboard.windowApplies')}</span>}
                    </th>
                    <td className="muted small">{t('wallboard.abandonOf', { abandoned: num(f.abandoned), live: num(f.liveAnswers) })}</td>
                    <td className="wb-rate">
                      <strong>{percent(i18n, f.rate, 2)}</strong>
                      {over && <span className="badge badge-danger">{t('wallboard.overCap')}</span>}
                    </td>
                    <td className="wb-rate-bar" aria-hidden="true">
                      <span className="wb-meter">
                        <span className="wb-meter-fill" style={{ width: `${Math.min(100, cap > 0 ? (f.rate / (cap * 2)) * 100 : f.rate > 0 ? 100 : 0)}%` }} />
                        <span className="wb-meter-cap" />
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>

          <div className="wb-stats wb-stats-small">
            <Stat label={t('wallboard.occupancy')} value={percent(i18n, c.occupancy)} testId="wb-occupancy" hint={t('wallboard.occupancyHint')} />
            <div className="wb-stat">
              <span className="wb-stat-label">{t('wallboard.linesPerAgent')}</span>
              <span className="wb-stat-value" data-testid="wb-lines">
                {decimal(i18n, c.linesPerAgent)} <span className="muted small">{t('wallboard.linesOfMax', { max: decimal(i18n, c.maxLinesPerAgent) })}</span>
              </span>
              <span className="wb-meter" aria-hidden="true">
                <span className={`wb-meter-fill${lineShare >= 1 ? ' wb-meter-full' : ''}`} style={{ width: `${lineShare * 100}%` }} />
              </span>
            </div>
            <Stat label={t('wallboard.inFlight')} value={num(c.inFlight)} testId="wb-inflight" />
            <Stat label={t('wallboard.waiting')} value={num(c.waiting)} testId="wb-waiting" tone={c.waiting > 0 ? 'warn' : undefined} />
          </div>

          <div className="wb-agent-counts" data-testid="wb-agent-counts">
            <span>
              {t('wallboard.agentsLoggedIn')} <strong data-testid="wb-logged-in">{num(c.agents.loggedIn)}</strong>
            </span>
            <span className="wb-state-badge wb-state-ready">
              {t('wallboard.agentsReady')} <strong data-testid="wb-ready">{num(c.agents.ready)}</strong>
            </span>
            <span className="wb-state-badge wb-state-talking">
              {t('wallboard.agentsTalking')} <strong data-testid="wb-talking">{num(c.agents.talking)}</strong>
            </span>
            <span className="wb-state-badge wb-state-wrap_up">
              {t('wallboard.agentsWrapUp')} <strong data-testid="wb-wrapup">{num(c.agents.wrapUp)}</strong>
            </span>
            <span className="wb-state-badge">
              {t('wallboard.agentsOther')} <strong>{num(c.agents.other)}</strong>
            </span>
          </div>
          {c.estimates && c.mode === 'predictive' && <Estimates estimates={c.estimates} />}
        </div>
        <div>
          <h4 className="wb-subtitle">{t('wallboard.chart')}</h4>
          <DayChart points={c.series} at={at} />
        </div>
      </div>

      {canManage && (c.state === 'running' || c.state === 'paused' || c.state === 'draft') && (
        <RobotControl campaign={c} current={robots} onChanged={onChanged} />
      )}
    </section>
  );
}

/** For a demo: PUT /api/campaigns/:id/robots — this many robot agents work the campaign. */
function RobotControl({ campaign, current, onChanged }: { campaign: WallboardCampaign; current: number; onChanged: () => void }) {
  const i18n = useI18n();
  const { t, num } = i18n;
  const toast = useToast();
  const [value, setValue] = useState(String(current));
  const [busy, setBusy] = useState(false);
  const edited = useRef(false);
  useEffect(() => {
    if (!edited.current) setValue(String(current));
  }, [current]);
  const count = Number(value);
  const valid = value.trim() !== '' && Number.isInteger(count) && count >= 0 && count <= 500;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    setBusy(true);
    try {
      const r = await api<{ robots: number; loggedOut: number }>('PUT', `/api/campaigns/${campaign.id}/robots`, { count });
      edited.current = false;
      toast.success(t('wallboard.robotsDone', { name: campaign.name, n: num(r.robots) }));
      onChanged();
    } catch (err) {
      toast.error(err);
    } finally {
      setBusy(false);
    }
  };
  const inputId = `wb-robots-${campaign.id}`;
  return (
    <form className="wb-robots" onSubmit={submit} aria-label={t('wallboard.robots')}>
      <label htmlFor={inputId} className="wb-robots-label">
        {t('wallboard.robots')}
      </label>
      <input
        id={inputId}
        aria-label={t('wallboard.robotsCount', { id: campaign.id })}
        type="number"
        min={0}
        max={500}
        step={1}
        inputMode="numeric"
        value={value}
        onChange={(e) => {
          edited.current = true;
          setValue(e.target.value);
        }}
      />
      <button type="submit" className="button button-small button-primary" disabled={busy || !valid}>
        {busy ? t('common.wait') : t('wallboard.robotsApply')}
      </button>
      <span className="muted small">{t('wallboard.robotsHint')}</span>
    </form>
  );
}
