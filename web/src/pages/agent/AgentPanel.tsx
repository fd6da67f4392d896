// AG-1, AG-2, DL-1: the agent panel — my state and campaigns, the next case in preview with its
// script and result form, the dialer's call (call now, ringing, talking with hang-up, wrap-up with
// its countdown), why there is no case, and my private callbacks (QL-3). In progressive and
// predictive campaigns the dialer brings the calls: there is no "next case". Everything the server
// changes arrives over the app's one WebSocket (agent.changed, callbacks.changed, callback.due);
// nothing here polls.
import { InboundCallBanner } from '../inbound/InboundCall.tsx';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api.ts';
import { type I18n, useI18n } from '../../i18n/index.tsx';
import { type ServerEvent, useServerEvents } from '../../jobs.tsx';
import { useSession } from '../../session.tsx';
import { Empty, errorText, useConfirm, useToast } from '../../ui.tsx';
import { displayName } from '../Contacts.tsx';
import { CaseRecord } from './CaseRecord.tsx';
import { CaseWork } from './CaseWork.tsx';
import './dialing.css';
import { agentStateLabel, dialerModes, onCall } from './states.ts';
import {
  type AgentState,
  type AgentStateFull,
  type AgentStateName,
  type Blocker,
  type CaseCard,
  type CaseWhy,
  isoTime,
  type MyCallback,
  type NextResult,
  type ResultSaved,
  timeMs,
  type WhyReason,
} from './types.ts';
import { formatDuration, useNow } from './util.ts';

interface DueNotice {
  caseId: number;
  name: string;
  at: string;
}

const stateLabel = (i18n: I18n, s: AgentStateName | string): string => agentStateLabel(i18n, s);

/** One condition of GET /api/cases/:id/why in the agent's language (the server's sentence otherwise). */
function whyText(i18n: I18n, r: WhyReason): string {
  const { t, date } = i18n;
  const at = date(isoTime(r.at ?? null));
  const user = r.userName ?? '';
  const texts: Record<string, () => string> = {
    campaign_not_running: () => t('agent.why.campaignNotRunning'),
    campaign_not_started: () => t('agent.why.campaignNotStarted', { at }),
    campaign_expired: () => t('agent.why.campaignExpired', { at }),
    outside_working_hours: () => (r.at ? t('agent.why.outsideWorkingHours', { at }) : t('agent.blocker.noHours')),
    released: () => t('agent.why.released'),
    deleted: () => t('agent.why.deleted'),
    attempts_exhausted: () => t('agent.why.attemptsExhausted'),
    closed: () => t('agent.why.closed'),
    waiting: () => t('agent.why.waiting'),
    blocked: () => t('agent.why.blocked'),
    blocked_number: () => t('agent.why.blockedNumber'),
    no_phone: () => t('agent.why.noPhone'),
    locked: () => t('agent.why.locked', { user }),
    private_callback_later: () => t('agent.why.privateCallbackLater', { at, user }),
    callback_later: () => t('agent.why.callbackLater', { at }),
    retry_later: () => t('agent.why.retryLater', { at }),
    end_of_queue_later: () => t('agent.why.endOfQueueLater', { at }),
    outside_local_hours: () => t('agent.why.outsideLocalHours'),
    private_callback_due: () => t('agent.why.privateCallbackDue', { user }),
    end_of_queue: () => t('agent.why.endOfQueue'),
  };
  return texts[r.code]?.() ?? r.message;
}

export function AgentPanelPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const confirm = useConfirm();
  const session = useSession();
  const me = session.me.user;

  const [state, setState] = useState<AgentStateFull | null>(null);
  const [card, setCard] = useState<CaseCard | null>(null);
  const [tier, setTier] = useState<string | undefined>();
  const [blockers, setBlockers] = useState<Blocker[] | null>(null);
  const [callbacks, setCallbacks] = useState<MyCallback[] | null>(null);
  const [dueIds, setDueIds] = useState<Set<number>>(() => new Set());
  const [notices, setNotices] = useState<DueNotice[]>([]);
  const [busy, setBusy] = useState<'next' | 'login' | 'ready' | 'logout' | 'return' | 'dial' | 'hangup' | null>(null);
  const [lastSaved, setLastSaved] = useState<string | null>(null);
  const cardRef = useRef<CaseCard | null>(null);
  const nextRef = useRef<HTMLButtonElement>(null);
  const focusNext = useRef(false);
  const stateSeq = useRef(0);
  const lastState = useRef<AgentStateName | null>(null);
  const callbacksSeq = useRef(0);

  const showCard = useCallback((c: CaseCard | null, tierName?: string) => {
    cardRef.current = c;
    setCard(c);
    setTier(tierName);
  }, []);

  const loadCard = useCallback(
    async (caseId: number) => {
      try {
        const c = await api<CaseCard>('GET', `/api/cases/${caseId}`);
        if (cardRef.current?.case.id !== c.case.id) showCard(c);
        else cardRef.current = c;
      } catch (err) {
        toast.error(err);
      }
    },
    [toast, showCard],
  );

  /** The server's state decides which case is open: none, or the one I hold (also after a reload). */
  const applyState = useCallback(
    (s: AgentState & { available?: AgentStateFull['available'] }) => {
      stateSeq.current++;
      setState((prev) => ({ ...s, available: s.available ?? prev?.available ?? [] }));
      // a dialer call that ended without a conversation and was saved by its outcome
      const was = lastState.current;
      lastState.current = s.state;
      if (s.currentCaseId === null) {
        if (cardRef.current) showCard(null);
        if (was === 'dialing' && s.state === 'ready') setLastSaved(t('agent.call.notAnswered'));
      } else if (cardRef.current?.case.id !== s.currentCaseId) {
        void loadCard(s.currentCaseId);
      }
    },
    [showCard, loadCard, t],
  );

  const loadState = useCallback(async () => {
    const seq = ++stateSeq.current;
    try {
      const s = await api<AgentStateFull>('GET', '/api/agent/state');
      if (seq === stateSeq.current) applyState(s);
    } catch (err) {
      toast.error(err);
    }
  }, [toast, applyState]);

  const loadCallbacks = useCallback(async (): Promise<MyCallback[] | null> => {
    const seq = ++callbacksSeq.current;
    try {
      const list = await api<MyCallback[]>('GET', '/api/agent/callbacks');
      if (seq === callbacksSeq.current) setCallbacks(list);
      return list;
    } catch (err) {
      toast.error(err);
      return null;
    }
  }, [toast]);

  useEffect(() => {
    void loadState();
    void loadCallbacks();
  }, [loadState, loadCallbacks]);

  useServerEvents((m: ServerEvent) => {
    if (m.type === 'agent.changed') void loadState();
    else if (m.type === 'callbacks.changed') void loadCallbacks();
    else if (m.type === 'callback.due') {
      const caseId = Number(m.caseId);
      setDueIds((s) => new Set(s).add(caseId));
      void loadCallbacks().then((list) => {
        const cb = list?.find((x) => x.caseId === caseId);
        const name = cb?.contactName || cb?.phone || t('agent.caseN', { id: caseId });
        // the case I have open already is no news
        if (cardRef.current?.case.id === caseId) return;
        setNotices((n) => [...n.filter((x) => x.caseId !== caseId), { caseId, name, at: String(m.at ?? cb?.callableAt ?? '') }]);
      });
    } else if (m.type === 'reconnected') {
      void loadState();
      void loadCallbacks();
    }
  });

  const run = async <T,>(what: NonNullable<typeof busy>, fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(what);
    try {
      return await fn();
    } catch (err) {
      toast.error(err);
      return undefined;
    } finally {
      setBusy(null);
    }
  };

  const takeNext = async () => {
    setLastSaved(null);
    const r = await run('next', () => api<NextResult>('POST', '/api/agent/next'));
    if (!r) return;
    if (r.case) {
      const id = r.case.case.id;
      setBlockers(null);
      showCard(r.case, r.tier);
      setNotices((n) => n.filter((x) => x.caseId !== id));
      setDueIds((s) => {
        const n = new Set(s);
        n.delete(id);
        return n;
      });
    } else {
      showCard(null);
      setBlockers(r.blockers);
    }
    void loadState();
  };

  const login = async (campaignIds: number[]) => {
    const s = await run('login', () => api<AgentState>('POST', '/api/agent/login', { campaignIds }));
    if (s) {
      applyState(s);
      setBlockers(null);
      toast.success(t('agent.loggedIn'));
    }
    return !!s;
  };

  const setReady = async (ready: boolean) => {
    const s = await run('ready', () => api<AgentState>('POST', '/api/agent/ready', { ready }));
    if (s) applyState(s);
  };

  const logout = async () => {
    if (cardRef.current) {
      const ok = await confirm({ title: t('agent.logoutTitle'), text: t('agent.logoutText'), confirm: t('agent.logout') });
      if (!ok) return;
    }
    const s = await run('logout', () => api<AgentState>('POST', '/api/agent/logout'));
    if (s) {
      applyState(s);
      setBlockers(null);
      setLastSaved(null);
    }
  };

  const giveBack = async () => {
    const s = await run('return', () => api<AgentState>('POST', '/api/agent/return'));
    if (s) {
      applyState(s);
      showCard(null);
      setLastSaved(t('agent.givenBack'));
      focusNext.current = true;
    }
  };

  /** DL-1: dial the case in preview now (the dialer places the call; the state follows as a push) */
  const dial = async () => {
    setLastSaved(null);
    await run('dial', () => api('POST', '/api/agent/dial'));
  };
  const hangup = async () => {
    await run('hangup', () => api('POST', '/api/agent/hangup'));
  };

  const onSaved = (r: ResultSaved, statusName: string | null) => {
    const name = cardRef.current ? displayName(cardRef.current.contact) : '';
    const mine = r.queue === 'callback' && r.ownerId === me.id && r.callableAt;
    const text = mine
      ? t('agent.savedCallback', { name, at: i18n.date(isoTime(r.callableAt)) })
      : t('agent.saved', { name, status: statusName ?? t('agent.statusN', { id: r.statusId }) });
    showCard(null);
    setBlockers(null);
    setLastSaved(text);
    toast.success(text);
    void loadState();
    void loadCallbacks();
    focusNext.current = true;
  };

  // after a save or a give-back the focus waits on "Next case" (once it is enabled again)
  useEffect(() => {
    const button = nextRef.current;
    if (!focusNext.current || card || !button || button.disabled) return;
    button.focus();
    focusNext.current = false;
  });

  if (!state) {
    return (
      <div className="page agent-page">
        <h1>{t('agent.title')}</h1>
        <p className="muted">{t('common.loading')}</p>
      </div>
    );
  }

  const loggedIn = state.state !== 'logged_out';
  const modes = new Map(state.available.map((c) => [c.id, c.mode]));
  // logged in only to campaigns where the dialer brings the calls: no "next case"
  const dialerOnly = loggedIn && state.campaignIds.length > 0 && state.campaignIds.every((id) => dialerModes.has(modes.get(id) ?? ''));
  const canTakeNext = loggedIn && state.state !== 'paused' && !onCall(state.state) && !card;

  return (
    <div className="page agent-page">
      <div className="page-head">
        <h1>{t('agent.title')}</h1>
      </div>

      <AgentBar
        state={state}
        busy={busy}
        caseOpen={!!card}
        onLogin={login}
        onReady={(r) => void setReady(r)}
        onLogout={() => void logout()}
        nextButton={
          !dialerOnly && (
            <button
              ref={nextRef}
              type="button"
              className="button button-primary agent-next"
              disabled={!canTakeNext || busy !== null}
              onClick={() => void takeNext()}
            >
              {busy === 'next' ? t('common.wait') : t('agent.next')}
            </button>
          )
        }
      />

      {notices.map((n) => (
        <div key={n.caseId} className="agent-notice" role="alert" data-case-id={n.caseId}>
          <span className="agent-notice-text">
            <strong>{t('agent.callbackDue', { name: n.name })}</strong>
            {n.at && <span className="muted"> · {i18n.date(isoTime(n.at))}</span>}
          </span>
          {canTakeNext && (
            <button type="button" className="button button-small button-primary" onClick={() => void takeNext()} disabled={busy !== null}>
              {t('agent.takeNow')}
            </button>
          )}
          <button
            type="button"
            className="icon-button"
            aria-label={t('agent.dismissNotice')}
            onClick={() => setNotices((list) => list.filter((x) => x.caseId !== n.caseId))}
          >
            ×
          </button>
        </div>
      ))}

      <div className="agent-layout">
        <div className="agent-main">
          {card ? (
            <>
              <CaseWork
                key={card.case.id}
                card={card}
                tier={tier}
                call={{ state: state.state, since: state.since, wrapUntil: state.wrapUntil ?? null }}
                callBusy={busy === 'dial' || busy === 'hangup' ? busy : null}
                onDial={() => void dial()}
                onHangup={() => void hangup()}
                givingBack={busy === 'return'}
                onSaved={onSaved}
                onGiveBack={() => void giveBack()}
              />
              <CaseRecord card={card} myId={me.id} myName={me.displayName} />
            </>
          ) : blockers ? (
            <Blockers blockers={blockers} />
          ) : (
            <section className="card agent-idle" aria-label={t('agent.workArea')}>
              {state.state === 'talking' && <InboundCallBanner />}
              {lastSaved && (
                <p className="agent-saved" role="status">
                  {lastSaved}
                </p>
              )}
              {loggedIn && dialerOnly && state.state === 'ready' ? (
                <div className="agent-waiting" data-testid="agent-waiting" role="status">
                  <span className="agent-waiting-pulse" aria-hidden="true" />
                  {t('agent.idle.waitingCall')}
                </div>
              ) : (
                <Empty>{!loggedIn ? t('agent.idle.loggedOut') : state.state === 'paused' ? t('agent.idle.paused') : t('agent.idle.ready')}</Empty>
              )}
            </section>
          )}
        </div>
        <Callbacks list={callbacks} dueIds={dueIds} openCaseId={card?.case.id ?? null} />
      </div>
    </div>
  );
}

/** AG-2: my state and time in it, campaign login, ready / pause, log out, and "Next case". */
function AgentBar({
  state,
  busy,
  caseOpen,
  onLogin,
  onReady,
  onLogout,
  nextButton,
}: {
  state: AgentStateFull;
  busy: string | null;
  caseOpen: boolean;
  onLogin: (ids: number[]) => Promise<boolean>;
  onReady: (ready: boolean) => void;
  onLogout: () => void;
  nextButton: ReactNode;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const now = useNow(1000);
  const loggedIn = state.state !== 'logged_out';
  const callNow = onCall(state.state);
  const [choosing, setChoosing] = useState(false);
  const [chosen, setChosen] = useState<Set<number>>(() => new Set(state.campaignIds));
  const names = new Map(state.available.map((c) => [c.id, c.name]));
  const showPicker = !loggedIn || choosing;

  // the picker starts from the campaigns I am logged in to (or all, when there is only one)
  const loggedInKey = state.campaignIds.join(',');
  const onlyCampaign = state.available.length === 1 ? state.available[0].id : null;
  useEffect(() => {
    if (loggedInKey) setChosen(new Set(loggedInKey.split(',').map(Number)));
    else if (onlyCampaign !== null) setChosen(new Set([onlyCampaign]));
  }, [loggedInKey, onlyCampaign]);

  const since = timeMs(state.since);
  const toggle = (id: number) =>
    setChosen((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  return (
    <section className={`card agent-bar agent-bar-${state.state}`} aria-label={t('agent.myState')}>
      <div className="agent-bar-row">
        <div className="agent-state" data-testid="agent-state">
          <span className={`agent-state-badge agent-state-${state.state}`}>{stateLabel(i18n, state.state)}</span>
          <span className="agent-state-time" title={i18n.date(isoTime(state.since))}>
            {t('agent.inStateFor', { time: formatDuration(now - since) })}
          </span>
        </div>
        {loggedIn && !choosing && (
          <div className="agent-campaigns">
            <span className="muted">{t('agent.loggedInTo')}</span>
            {state.campaignIds.map((id) => (
              <span key={id} className="badge badge-info">
                {id} · {names.get(id) ?? ''}
              </span>
            ))}
            <button type="button" className="link" onClick={() => setChoosing(true)} disabled={caseOpen || callNow}>
              {t('agent.changeCampaigns')}
            </button>
          </div>
        )}
        <span className="spacer" />
        <div className="agent-bar-actions">
          {loggedIn && state.state !== 'preview' && (
            <button
              type="button"
              className="button"
              disabled={busy !== null || callNow}
              title={callNow ? t('agent.onCallLocked') : undefined}
              onClick={() => onReady(state.state === 'paused')}
            >
              {state.state === 'paused' ? t('agent.ready') : t('agent.pause')}
            </button>
          )}
          {nextButton}
          {loggedIn && (
            <button
              type="button"
              className="button button-ghost"
              disabled={busy !== null || callNow}
              title={callNow ? t('agent.onCallLocked') : undefined}
              onClick={onLogout}
            >
              {t('agent.logout')}
            </button>
          )}
        </div>
      </div>

      {showPicker && (
        <form
          className="agent-login"
          aria-label={t('agent.campaignLogin')}
          onSubmit={async (e) => {
            e.preventDefault();
            if (await onLogin([...chosen])) setChoosing(false);
          }}
        >
          <fieldset>
            <legend>{t('agent.chooseCampaigns')}</legend>
            {state.available.length === 0 ? (
              <p className="muted">{t('agent.noCampaigns')}</p>
            ) : (
              <ul className="agent-campaign-list">
                {state.available.map((c) => (
                  <li key={c.id}>
                    <label>
                      <input type="checkbox" checked={chosen.has(c.id)} onChange={() => toggle(c.id)} /> {c.id} · {c.name}
                    </label>{' '}
                    <span className="badge badge-muted">{i18n.tk(`campaign.mode.${c.mode}`, c.mode)}</span>{' '}
                    <span className={`badge badge-state-${c.state}`}>{i18n.tk(`campaign.state.${c.state}`, c.state)}</span>
                  </li>
                ))}
              </ul>
            )}
          </fieldset>
          <div className="agent-login-actions">
            <button type="submit" className="button button-primary" disabled={busy !== null || chosen.size === 0}>
              {loggedIn ? t('agent.saveCampaigns') : t('agent.login')}
            </button>
            {loggedIn && (
              <button type="button" className="button button-ghost" onClick={() => setChoosing(false)}>
                {t('common.cancel')}
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}

/** Why "Next case" found nothing, per campaign I am logged in to. */
function Blockers({ blockers }: { blockers: Blocker[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <section className="card agent-blockers" aria-label={t('agent.noCaseTitle')}>
      <h2 className="card-title">{t('agent.noCaseTitle')}</h2>
      {blockers.length === 0 ? (
        <p className="muted">{t('agent.blocker.noCampaigns')}</p>
      ) : (
        <ul className="agent-blocker-list">
          {blockers.map((b) => (
            <li key={b.campaignId} data-campaign-id={b.campaignId}>
              <strong>
                {b.campaignId} · {b.name}
              </strong>
              <ul>
                {b.successLimitReached && <li>{t('agent.blocker.successLimit')}</li>}
                {b.reasons.map((r) => (
                  <li key={r.code}>{whyText(i18n, r)}</li>
                ))}
                {!b.successLimitReached && b.reasons.length === 0 && <li>{t('agent.blocker.noCases')}</li>}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** AG-1, QL-3: my private callbacks, soonest first; due ones stand out. */
function Callbacks({ list, dueIds, openCaseId }: { list: MyCallback[] | null; dueIds: Set<number>; openCaseId: number | null }) {
  const i18n = useI18n();
  const { t, num } = i18n;
  const now = useNow(15_000);
  const [open, setOpen] = useState<number | null>(null);
  const isDue = (c: MyCallback) => dueIds.has(c.caseId) || timeMs(c.callableAt) <= now;
  const dueCount = list?.filter(isDue).length ?? 0;
  return (
    <aside className="card agent-callbacks" aria-label={t('agent.callbacks')}>
      <h2 className="card-title">
        {t('agent.callbacks')} {list && <span className="badge">{num(list.length)}</span>}{' '}
        {dueCount > 0 && <span className="badge badge-danger">{t('agent.dueN', { n: num(dueCount) })}</span>}
      </h2>
      {!list ? (
        <p className="muted">{t('common.loading')}</p>
      ) : list.length === 0 ? (
        <p className="muted">{t('agent.noCallbacks')}</p>
      ) : (
        <ul className="agent-callback-list">
          {list.map((c) => {
            const due = isDue(c);
            return (
              <li key={c.caseId} className={`agent-callback${due && c.caseId !== openCaseId ? ' agent-callback-due' : ''}`} data-case-id={c.caseId}>
                <div className="agent-callback-head">
                  <time dateTime={isoTime(c.callableAt) ?? undefined}>{i18n.date(isoTime(c.callableAt))}</time>
                  {c.caseId === openCaseId ? (
                    <span className="badge badge-info">{t('agent.openNow')}</span>
                  ) : (
                    due && <span className="badge badge-danger">{t('agent.due')}</span>
                  )}
                </div>
                <div className="agent-callback-name">{c.contactName || t('agent.caseN', { id: c.caseId })}</div>
                <div className="muted">
                  {c.phone}
                  {c.statusName ? ` · ${c.statusName}` : ''}
                </div>
                <div className="muted agent-callback-campaign">
                  {c.campaignId} · {c.campaignName}
                </div>
                <button
                  type="button"
                  className="link"
                  aria-expanded={open === c.caseId}
                  aria-label={t('agent.whyOne', { name: c.contactName || String(c.caseId) })}
                  onClick={() => setOpen(open === c.caseId ? null : c.caseId)}
                >
                  {t('agent.why')}
                </button>
                {open === c.caseId && <WhyDetails key={`${c.callableAt}-${due}-${c.caseId === openCaseId}`} caseId={c.caseId} />}
              </li>
            );
          })}
        </ul>
      )}
      <p className="field-hint">{t('agent.callbacksHint')}</p>
    </aside>
  );
}

function WhyDetails({ caseId }: { caseId: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [why, setWhy] = useState<CaseWhy | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<CaseWhy>('GET', `/api/cases/${caseId}/why`).then(setWhy, setError);
  }, [caseId]);
  if (error) return <div className="field-error">{errorText(error, i18n)}</div>;
  if (!why) return <p className="muted">{t('common.loading')}</p>;
  const all = [...why.campaign, ...why.reasons];
  return (
    <ul className="agent-why">
      {why.dialable && <li>{t('agent.why.dialable')}</li>}
      {all.map((r) => (
        <li key={r.code} className={r.blocking === false ? 'muted' : undefined}>
          {whyText(i18n, r)}
        </li>
      ))}
    </ul>
  );
}
