// AG-3: the shapes of GET /api/wallboard (src/modules/dialer/wallboard.ts is the contract).

export type AbandonWindow = '24h' | '30d' | 'lifetime';
export const abandonWindows: AbandonWindow[] = ['24h', '30d', 'lifetime'];

export interface WallboardAgent {
  userId: number;
  name: string;
  robot: boolean;
  state: string;
  since: string;
  secondsInState: number;
  campaignIds: number[];
  currentCaseId: number | null;
  callId: number | null;
  wrapUntil: string | null;
}

export interface AbandonFigures {
  liveAnswers: number;
  abandoned: number;
  /** a fraction */
  rate: number;
}

export interface SeriesPoint {
  at: string;
  dials: number;
  connects: number;
  liveAnswers: number;
  abandoned: number;
}

export interface WallboardCampaign {
  id: number;
  name: string;
  mode: string;
  state: string;
  capPercent: number;
  window: AbandonWindow;
  maxLinesPerAgent: number;
  today: { dials: number; connects: number; liveAnswers: number; abandoned: number; abandonRate: number };
  abandon: Record<AbandonWindow, AbandonFigures>;
  inFlight: number;
  waiting: number;
  agents: { loggedIn: number; ready: number; talking: number; wrapUp: number; other: number };
  linesPerAgent: number;
  occupancy: number;
  series: SeriesPoint[];
  /** what the pacer believes (predictive campaigns of the process running the dialer), or null */
  estimates: Record<string, unknown> | null;
}

export interface Wallboard {
  at: string;
  agents: WallboardAgent[];
  campaigns: WallboardCampaign[];
}

/** Agent states in the order the wallboard groups them. */
export const agentStates = ['talking', 'dialing', 'wrap_up', 'ready', 'preview', 'paused'] as const;
