// DL-5: the telephony port. The dialer speaks only this; the simulated network is the default
// driver and real drivers (SIP, a PBX's API) plug in behind the same interface.

/** The closed vocabulary of call events (jambonz-style); every event carries its time. */
export const callEventKinds = ['trying', 'ringing', 'answered-human', 'answered-machine', 'busy', 'no-answer', 'invalid', 'failed', 'completed'] as const;
export type CallEventKind = (typeof callEventKinds)[number];

/** Events after which the call is over. */
export const finalCallEvents: ReadonlySet<CallEventKind> = new Set(['busy', 'no-answer', 'invalid', 'failed', 'completed']);

export interface CallEvent {
  /** the dialer's call id (calls.id) */
  callId: number;
  kind: CallEventKind;
  at: Date;
  /** completed: who hung up */
  by?: 'customer' | 'agent' | 'system';
}

export interface OriginateRequest {
  callId: number;
  number: string;
  callerId: string | null;
  /** give up (no-answer) after ringing this long; the dialer never asks for less than 15 s */
  ringTimeoutSeconds: number;
  /** answering-machine detection: on, answers come as answered-human / answered-machine; off, every answer is answered-human (a person or a machine reaches the agent) */
  amd?: boolean;
  /** the simulated network's customers for this call's campaign; real drivers ignore it */
  profile?: unknown;
}

export interface TelephonyPort {
  readonly name: string;
  originate(req: OriginateRequest): void;
  /** bridges an answered call to an agent's line */
  connect(callId: number, agentId: number): void;
  /** plays a message to the customer (the abandon notice), then the caller hangs up */
  playMessage(callId: number, text: string): void;
  hangup(callId: number, by: 'agent' | 'system'): void;
  onEvent(listener: (e: CallEvent) => void): () => void;
  /** calls this driver still has up (for reconciliation after a restart) */
  activeCalls(): number[];
}

// ---- inbound calls (CB-2): callers reaching a queue's number, in the same closed-event style ----

/** arrived: a caller is in the queue; key: pressed a digit; answered: bridged to an agent; abandoned: hung up while waiting; completed: over after an answer or a message */
export const inboundEventKinds = ['arrived', 'key', 'answered', 'abandoned', 'completed'] as const;
export type InboundEventKind = (typeof inboundEventKinds)[number];

export interface InboundEvent {
  /** the driver's id of the call */
  callId: number;
  kind: InboundEventKind;
  at: Date;
  /** arrived: the queue's number dialed and the caller's number */
  queueNumber?: string;
  from?: string;
  /** key: the digit 0-9 */
  digit?: string;
  /** completed: who hung up */
  by?: 'customer' | 'agent' | 'system';
}

export interface InboundTelephony {
  readonly name: string;
  /** bridges a waiting caller to an agent's line */
  answer(callId: number, agentId: number): void;
  /** plays a message to a waiting caller (the callback confirmation), then the system hangs up */
  playMessage(callId: number, text: string): void;
  hangup(callId: number, by: 'agent' | 'system'): void;
  onEvent(listener: (e: InboundEvent) => void): () => void;
  activeCalls(): number[];
}
