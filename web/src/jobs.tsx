// AS-3: background jobs (imports, assignments) of the signed-in user. ONE WebSocket to /ws
// feeds progress; running jobs are restored from GET /api/jobs?active=true on load and after a
// reconnect, so progress survives navigation and reloads. Nothing here polls.
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { api, type JobInfo } from './api.ts';
import { useI18n } from './i18n/index.tsx';
import { ProgressBar } from './ui.tsx';

export interface TrackedJob {
  id: number;
  kind: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  progress: Record<string, unknown> | null;
  result: Record<string, unknown> | null;
  error: string | null;
  label?: string;
  dismissed?: boolean;
}

type WsMessage =
  | { type: 'hello' }
  | { type: 'job.progress'; jobId: number; kind: string; progress: Record<string, unknown> }
  | { type: 'job.finished'; jobId: number; kind: string; state: 'done' | 'failed'; result: Record<string, unknown> | null; error?: string | null };

const LABELS_KEY = 'parley.jobLabels';
const DONE_VISIBLE_MS = 60_000;

class JobStore {
  private jobs = new Map<number, TrackedJob>();
  private listeners = new Set<() => void>();
  private snapshot: TrackedJob[] = [];
  private socket: WebSocket | null = null;
  private retry = 0;
  private retryTimer: number | undefined;
  private running = false;
  connected = false;

  private messageListeners = new Set<(msg: ServerEvent) => void>();

  /** every message from the server (agent.changed, callbacks.changed, campaign.changed, …); also called with {type:'reconnected'} */
  onMessage = (l: (msg: ServerEvent) => void) => {
    this.messageListeners.add(l);
    return () => {
      this.messageListeners.delete(l);
    };
  };

  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  getSnapshot = () => this.snapshot;

  private emit() {
    this.snapshot = [...this.jobs.values()].sort((a, b) => a.id - b.id);
    for (const l of this.listeners) l();
  }

  private labels(): Record<string, string> {
    try {
      return JSON.parse(sessionStorage.getItem(LABELS_KEY) ?? '{}') as Record<string, string>;
    } catch {
      return {};
    }
  }

  get(id: number): TrackedJob | undefined {
    return this.jobs.get(id);
  }

  private upsert(id: number, patch: Partial<TrackedJob> & { kind: string }) {
    const before = this.jobs.get(id);
    const label = this.labels()[String(id)];
    const next: TrackedJob = { id, state: 'queued', progress: null, result: null, error: null, ...(label ? { label } : {}), ...before, ...patch };
    // a late progress message never turns a finished job back into a running one
    if (before && (before.state === 'done' || before.state === 'failed') && patch.state === 'running') return;
    this.jobs.set(id, next);
    this.emit();
    // a finished job stays in the tray for a while, then makes room (failures stay until dismissed)
    if (next.state === 'done' && before?.state !== 'done') window.setTimeout(() => this.dismiss(id), DONE_VISIBLE_MS);
  }

  /** The UI started a job: show it in the tray at once, with a readable label. */
  track(id: number, kind: string, label?: string) {
    if (label) {
      const labels = this.labels();
      labels[String(id)] = label;
      const keep = Object.entries(labels).slice(-50);
      sessionStorage.setItem(LABELS_KEY, JSON.stringify(Object.fromEntries(keep)));
    }
    this.upsert(id, { kind, ...(label ? { label } : {}) });
  }

  dismiss(id: number) {
    const j = this.jobs.get(id);
    if (j) {
      this.jobs.set(id, { ...j, dismissed: true });
      this.emit();
    }
  }

  private fromInfo(j: JobInfo) {
    const state = (['queued', 'running', 'done', 'failed'].includes(j.state) ? j.state : 'running') as TrackedJob['state'];
    this.upsert(j.id, { kind: j.kind, state, progress: j.progress, result: j.result, error: j.lastError });
  }

  /** Restores running jobs, and settles jobs we showed as running that finished while we were away. */
  private async resync() {
    try {
      const active = await api<JobInfo[]>('GET', '/api/jobs?active=true');
      const activeIds = new Set(active.map((j) => j.id));
      for (const j of active) this.fromInfo(j);
      for (const j of this.jobs.values()) {
        if ((j.state === 'queued' || j.state === 'running') && !activeIds.has(j.id)) {
          this.fromInfo(await api<JobInfo>('GET', `/api/jobs/${j.id}`));
        }
      }
    } catch {
      /* the socket's reconnect will try again */
    }
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  stop() {
    this.running = false;
    window.clearTimeout(this.retryTimer);
    this.socket?.close();
    this.socket = null;
    this.jobs.clear();
    this.emit();
  }

  private connect() {
    if (!this.running) return;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      this.retry = 0;
      this.connected = true;
      void this.resync();
      // events may have been missed while the socket was down: listeners refetch
      for (const l of this.messageListeners) l({ type: 'reconnected' });
    };
    socket.onmessage = (ev) => {
      let msg: WsMessage;
      try {
        msg = JSON.parse(String(ev.data)) as WsMessage;
      } catch {
        return;
      }
      for (const l of this.messageListeners) l(msg as ServerEvent);
      if (msg.type === 'job.progress') this.upsert(msg.jobId, { kind: msg.kind, state: 'running', progress: msg.progress });
      else if (msg.type === 'job.finished') this.upsert(msg.jobId, { kind: msg.kind, state: msg.state, result: msg.result, error: msg.error ?? null });
    };
    socket.onclose = () => {
      this.connected = false;
      if (this.socket !== socket || !this.running) return;
      // reconnect with exponential backoff and jitter: 0.5 s, 1 s, 2 s … at most 30 s
      const delay = Math.min(30_000, 500 * 2 ** this.retry) * (0.75 + Math.random() / 2);
      this.retry++;
      this.retryTimer = window.setTimeout(() => this.connect(), delay);
    };
  }
}

export const jobStore = new JobStore();

/** A server event as pushed over /ws (see src/shared/events.ts). */
export type ServerEvent = { type: string; [k: string]: unknown };

/** Runs `handler` for every server event while the component is mounted (no polling). */
export function useServerEvents(handler: (msg: ServerEvent) => void) {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => jobStore.onMessage((m) => ref.current(m)), []);
}

export function useJobs(): TrackedJob[] {
  return useSyncExternalStore(jobStore.subscribe, jobStore.getSnapshot);
}

export function useJob(id: number | null | undefined): TrackedJob | undefined {
  const all = useJobs();
  return id ? all.find((j) => j.id === id) : undefined;
}

/** 0–100, or null when the job has not reported yet. */
export function jobPercent(j: TrackedJob): number | null {
  if (j.state === 'done') return 100;
  const p = j.progress;
  if (!p) return null;
  if (typeof p.percent === 'number') return p.percent;
  if (typeof p.total === 'number' && typeof p.done === 'number') return p.total > 0 ? (p.done / p.total) * 100 : 0;
  return null;
}

const n = (v: unknown) => (typeof v === 'number' ? v : 0);

/** The bottom-right tray of running and just-finished jobs (AS-3). */
export function JobsTray() {
  const i18n = useI18n();
  const { t, num } = i18n;
  const jobs = useJobs().filter((j) => !j.dismissed);
  useEffect(() => {
    jobStore.start();
  }, []);
  if (!jobs.length) return null;
  const kindLabel = (kind: string) => i18n.tk(`job.kind.${kind}`, kind);
  return (
    <section className="tray" aria-label={t('jobs.title')}>
      <h2 className="tray-title">{t('jobs.title')}</h2>
      {jobs.map((j) => {
        const p = j.progress ?? {};
        const r = j.result ?? {};
        const finished = j.state === 'done' || j.state === 'failed';
        let detail: string;
        if (j.state === 'failed') detail = t('jobs.failed', { error: j.error ?? '' });
        else if (j.state === 'done' && j.kind === 'contacts.assign') detail = t('jobs.assignDone', { added: num(n(r.added)), total: num(n(r.total)) });
        else if (j.state === 'done' && j.kind === 'contacts.import') detail = t('jobs.importDone', { added: num(n(r.added)), rejected: num(n(r.rejected)) });
        else if (j.state === 'done') detail = t('jobs.done');
        else if (j.kind === 'contacts.assign' && typeof p.total === 'number')
          detail = t('jobs.assignProgress', { done: num(n(p.done)), total: num(n(p.total)), added: num(n(p.added)) });
        else if (j.kind === 'contacts.import' && p.phase)
          detail = t(p.phase === 'merging' ? 'jobs.importMerging' : 'jobs.importReading', { rows: num(n(p.rowsRead)) });
        else detail = t(j.state === 'queued' ? 'jobs.queued' : 'jobs.running');
        const percent = jobPercent(j);
        return (
          <div key={j.id} className={`tray-job tray-job-${j.state}`} data-job-id={j.id} data-state={j.state}>
            <div className="tray-job-head">
              <span className="tray-job-name">{j.label ?? `${kindLabel(j.kind)} #${j.id}`}</span>
              {finished && (
                <button type="button" className="icon-button" aria-label={t('jobs.dismiss')} onClick={() => jobStore.dismiss(j.id)}>
                  ×
                </button>
              )}
            </div>
            {!finished && <ProgressBar percent={percent} label={t('jobs.progress')} />}
            <div className="tray-job-detail">
              {!finished && percent !== null && <strong>{Math.floor(percent)}% · </strong>}
              {detail}
            </div>
          </div>
        );
      })}
    </section>
  );
}
