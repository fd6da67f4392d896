// In-process event bus: use cases publish, the WebSocket hub forwards to the browsers concerned.
export type AppEvent =
  | { type: 'job.progress'; jobId: number; kind: string; userId: number | null; progress: Record<string, unknown> }
  | { type: 'job.finished'; jobId: number; kind: string; userId: number | null; state: 'done' | 'failed'; result: unknown; error?: string | null }
  /** AG-1: the agent's state, current case or callbacks changed (the panel refetches) */
  | {
      type: 'agent.changed';
      userId: number;
      state: string;
      currentCaseId: number | null;
      since: string;
      campaignIds: number[];
      callId: number | null;
      wrapUntil: string | null;
    }
  | { type: 'callbacks.changed'; userId: number }
  /** a private callback of this agent is due now */
  | { type: 'callback.due'; userId: number; caseId: number; campaignId: number; at: string }
  /** supervisors' views of a campaign are stale (userId null: to everyone allowed to see it) */
  | {
      type: 'campaign.changed';
      userId: null;
      campaignId: number /** only its figures moved (a case saved, the dialer's counts): settings are as they were */;
      figuresOnly?: true;
    }
  /** AG-3: the wallboard's figures moved (at most once a second) */
  | { type: 'wallboard.changed'; userId: null; at: string }
  /** a command for the process running the dialer (never sent to browsers) */
  | { type: 'dialer.command'; userId: null; internal: true; command: DialerCommand };

export type DialerCommand =
  | { kind: 'dial'; agentId: number }
  | { kind: 'hangup'; agentId: number; callId: number }
  | { kind: 'robots'; campaignId: number; count: number };

type Listener = (event: AppEvent) => void;

/**
 * `publish` delivers to this process's listeners and hands the event to `forward` (the
 * composition root sends it to the other processes through NOTIFY); `receive` delivers an
 * event that came from another process.
 */
export function createEventBus(forward?: (event: AppEvent) => void) {
  const listeners = new Set<Listener>();
  const deliver = (event: AppEvent) => {
    for (const l of listeners) l(event);
  };
  return {
    publish(event: AppEvent) {
      deliver(event);
      forward?.(event);
    },
    receive: deliver,
    subscribe(l: Listener) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}
export type EventBus = ReturnType<typeof createEventBus>;
