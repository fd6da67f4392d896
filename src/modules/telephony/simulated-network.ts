// DL-5: the default telephony driver. Simulated customers answer, ring out, are busy or talk,
// with the outcome mix and timings of a network profile (profile.ts), on the injected clock and
// timers and a seeded random stream per call — so a demo shows live calls and a test or a
// simulated day replays exactly.
import { deriveSeed, seededRandom } from '../../shared/random.ts';
import type { Scheduler, TimerId } from '../../shared/scheduler.ts';
import type { CallEvent, CallEventKind, OriginateRequest, TelephonyPort } from './port.ts';
import { type CallFate, drawFate, makeProfile, mixAt, type NetworkProfile, ringResult } from './profile.ts';

interface LiveCall {
  fate: CallFate;
  profile: NetworkProfile;
  state: CallEventKind;
  timer: TimerId | null;
}

export interface SimulatedNetworkOptions {
  scheduler: Scheduler;
  seed: number;
  /** the start of the simulated day (profile shifts count hours from it); default: creation time */
  dayStart?: Date;
}

export function simulatedNetwork({ scheduler, seed, dayStart }: SimulatedNetworkOptions): TelephonyPort {
  const listeners = new Set<(e: CallEvent) => void>();
  const calls = new Map<number, LiveCall>();
  const profiles = new Map<string, NetworkProfile>();
  const start = (dayStart ?? scheduler.clock.now()).getTime();

  const emit = (callId: number, kind: CallEventKind, by?: CallEvent['by']) => {
    const call = calls.get(callId);
    if (call) call.state = kind;
    if (kind === 'busy' || kind === 'no-answer' || kind === 'invalid' || kind === 'failed' || kind === 'completed') calls.delete(callId);
    const event: CallEvent = { callId, kind, at: scheduler.clock.now(), ...(by && { by }) };
    for (const l of listeners) l(event);
  };
  const later = (callId: number, seconds: number, then: () => void) => {
    const call = calls.get(callId);
    if (!call) return;
    call.timer = scheduler.after(seconds * 1000, () => {
      if (calls.get(callId) === call) {
        call.timer = null;
        then();
      }
    });
  };
  const profileFor = (p: unknown) => {
    const key = p ? JSON.stringify(p) : '';
    let profile = profiles.get(key);
    if (!profile) {
      profile = makeProfile((p ?? {}) as Partial<NetworkProfile>);
      profiles.set(key, profile);
    }
    return profile;
  };

  return {
    name: 'simulated',
    originate(req: OriginateRequest) {
      const profile = profileFor(req.profile);
      const hours = (scheduler.clock.now().getTime() - start) / 3_600_000;
      const fate = drawFate(seededRandom(deriveSeed(seed, req.callId)), profile, mixAt(profile, hours));
      calls.set(req.callId, { fate, profile, state: 'trying', timer: null });
      emit(req.callId, 'trying');
      later(req.callId, fate.postDialSeconds, () => {
        const { result, afterSeconds } = ringResult(fate, req.ringTimeoutSeconds);
        if (result === 'busy' || result === 'invalid') return emit(req.callId, result);
        emit(req.callId, 'ringing');
        let kind: CallEventKind = result;
        let delay = afterSeconds - fate.postDialSeconds;
        // without AMD nobody tells a machine from a person: it reaches an agent (machineTalkSeconds)
        if (req.amd === false && result === 'answered-machine') kind = 'answered-human';
        else if (profile.amd && (result === 'answered-human' || result === 'answered-machine')) {
          // AMD listens first: a person taken for a machine is dropped like one; a missed machine reaches an agent
          delay += profile.amd.decisionSeconds;
          if (result === 'answered-human' && fate.amdDraw < profile.amd.falsePositiveRate) kind = 'answered-machine';
          if (result === 'answered-machine' && fate.amdDraw < profile.amd.missRate) kind = 'answered-human';
        }
        later(req.callId, delay, () => emit(req.callId, kind));
      });
    },
    connect(callId) {
      const call = calls.get(callId);
      // a person, or a machine the campaign sends to agents (AMD on, "connect")
      if (call?.state !== 'answered-human' && call?.state !== 'answered-machine') return;
      const talk = call.fate.outcome === 'machine' ? call.profile.machineTalkSeconds : call.fate.talkSeconds;
      later(callId, talk, () => emit(callId, 'completed', 'customer'));
    },
    playMessage() {
      // the notice takes no agent time; the dialer hangs up after it
    },
    hangup(callId, by) {
      const call = calls.get(callId);
      if (!call) return;
      if (call.timer !== null) scheduler.cancel(call.timer);
      emit(callId, 'completed', by);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    activeCalls: () => [...calls.keys()],
  };
}
