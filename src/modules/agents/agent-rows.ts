// agent_states rows as raw SQL returns them (the dialer and the inbound runtime change states in single
// guarded statements), and the state the rest of the engine and the event bus speak.
import type { AgentStateName } from '../../db/schema.ts';
import type { AgentState } from './work.ts';

export type AgentRow = {
  user_id: number;
  state: AgentStateName;
  since: Date;
  campaign_ids: number[];
  current_case_id: string | null;
  call_id: string | null;
  wrap_until: Date | null;
};
export const toState = (a: AgentRow): AgentState => ({
  userId: a.user_id,
  state: a.state,
  since: new Date(a.since),
  campaignIds: a.campaign_ids,
  currentCaseId: a.current_case_id === null ? null : Number(a.current_case_id),
  callId: a.call_id === null ? null : Number(a.call_id),
  wrapUntil: a.wrap_until ? new Date(a.wrap_until) : null,
});
