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
  /** supervisors' views of a campaign are stale (userId null: to everyone allowed to see it); figuresOnly: only
   * its figures moved (a case saved, the dialer's counts) and its settings are as they were */
  | { type: 'campaign.changed'; userId: null; campaignId: number; figuresOnly?: true }
  /** CB-5: a queue's tickets changed (agents' ticket lists refetch) */
  | { type: 'inbound.changed'; userId: null; queueId: number }
  /** AG-3: the wallboard's figures moved (at most once a second) */
  | { type: 'wallboard.changed'; userId: null; at: string }
  /** AC-1: a notification for this user (the bell counts it) */
  | { type: 'notification'; userId: number; notification: { id: number; text: string; caseId: number | null; campaignId: number | null; createdAt: string } }
  /** AC-1: an automatic action of a case ran, failed, was skipped or retried (managers' lists refetch) */
  | { type: 'actions.changed'; userId: null; campaignId: number; caseId: number }
  /** a command for the process running the dialer (never sent to browsers) */
  | { type: 'dialer.command'; userId: null; internal: true; command: DialerCommand };

export type DialerCommand =
  | { kind: 'dial'; agentId: number }
  | { kind: 'hangup'; agentId: number; callId: number }
  | { kind: 'robots'; campaignId: number; count: number }
  | { kind: 'inbound-hangup'; agentId: number };

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
