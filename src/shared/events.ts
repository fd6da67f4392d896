// In-process event bus: use cases publish, the WebSocket hub forwards to the browsers concerned.
export type AppEvent =
  | { type: 'job.progress'; jobId: number; kind: string; userId: number | null; progress: Record<string, unknown> }
  | { type: 'job.finished'; jobId: number; kind: string; userId: number | null; state: 'done' | 'failed'; result: unknown; error?: string | null };

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
