// Cisco-style correction (Outbound Option's predictive mode, as described): dial `lines` per ready
// agent, and every `batch` live answers correct `lines` by how far the batch's abandon rate fell
// from the limit, with gain g, kept within [1, 3].
import type { SimPolicy } from '../simulate.ts';

export interface CiscoOptions {
  initialLines: number;
  /** the abandon rate the correction steers to */
  limit: number;
  batch: number;
  gain: number;
}

export function ciscoCorrection(o: CiscoOptions): SimPolicy {
  let lines = o.initialLines;
  let live = 0;
  let dropped = 0;
  return {
    observe(e) {
      if (e.kind === 'answered' && e.human) live++;
      else if (e.kind === 'abandoned') dropped++;
      if (live >= o.batch) {
        const rate = dropped / live;
        lines = Math.min(3, Math.max(1, lines * (1 + (o.gain * (o.limit - rate)) / o.limit)));
        live = 0;
        dropped = 0;
      }
    },
    decide: (s) => Math.max(0, Math.round(s.ready * lines) - s.inFlight - s.waiting),
  };
}
