// In-process event bus: use cases publish, the WebSocket hub forwards to the browsers concerned.
export type AppEvent =
  | { type: 'job.progress'; jobId: number; kind: string; userId: number | null; progress: Record<string, unknown> }
  | { type: 'job.finished'; jobId: number; kind: string; userId: number | null; state: 'done' | 'failed'; result: unknown; error?: string | null };

type Listener = (event: AppEvent) => void;

export function createEventBus() {
  const listeners = new Set<Listener>();
  return {
    publish(event: AppEvent) {
      for (const l of listeners) l(event);
    },
    subscribe(l: Listener) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}
export type EventBus = ReturnType<typeof createEventBus>;
