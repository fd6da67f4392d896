// The simulator's event queue: a binary min-heap on (time, insertion order), so events at the
// same instant run in the order they were scheduled and every run replays exactly.

export interface SimEvent {
  time: number;
  seq: number;
  kind: number;
  /** the call, agent or record the event is about */
  ref: any;
}

export function eventQueue() {
  const items: SimEvent[] = [];
  let seq = 0;
  const before = (a: SimEvent, b: SimEvent) => a.time < b.time || (a.time === b.time && a.seq < b.seq);

  return {
    get size() {
      return items.length;
    },
    push(time: number, kind: number, ref: any = null): void {
      const e: SimEvent = { time, seq: seq++, kind, ref };
      let i = items.length;
      items.push(e);
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!before(e, items[parent])) break;
        items[i] = items[parent];
        i = parent;
      }
      items[i] = e;
    },
    pop(): SimEvent | undefined {
      const top = items[0];
      const last = items.pop();
      if (items.length > 0 && last) {
        let i = 0;
        const n = items.length;
        for (;;) {
          const l = 2 * i + 1;
          if (l >= n) break;
          const r = l + 1;
          const c = r < n && before(items[r], items[l]) ? r : l;
          if (!before(items[c], last)) break;
          items[i] = items[c];
          i = c;
        }
        items[i] = last;
      }
      return top;
    },
  };
}
