import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AgentView, createPacer, type PacingSettings, type PacingView } from './pacing.ts';

const settings: PacingSettings = {
  abandonCap: 0.03,
  abandonThresholdSeconds: 2,
  initialPickupRate: 0.3,
  maxLinesPerAgent: 10,
  ringTimeoutSeconds: 25,
};

const agents = (n: number, state: AgentView['state'], secondsInState = 0): AgentView[] => Array.from({ length: n }, () => ({ state, secondsInState }));
const calls = (n: number, secondsSinceDial = 0) => Array.from({ length: n }, () => ({ secondsSinceDial }));

function view(partial: Partial<PacingView>): PacingView {
  return { now: 0, agents: [], callsInFlight: [], waitingAnswered: 0, window: { liveAnswers: 0, abandoned: 0 }, ...partial };
}

/** A day of history: `dials` resolved dials reaching a person with share `live`, and agents' calls. */
function teach(pacer: ReturnType<typeof createPacer>, { dials = 2000, live = 0.3, talk = 120, wrap = 15 } = {}) {
  for (let i = 0; i < dials; i++) {
    const reachesPerson = (i * 7919) % 1000 < live * 1000;
    if (reachesPerson) pacer.observe({ kind: 'answered', at: i, afterSeconds: 6 + (i % 12), human: true });
    else pacer.observe({ kind: 'failed', at: i, afterSeconds: i % 3 === 0 ? 3 : 27 });
    if (reachesPerson) pacer.observe({ kind: 'agent_free', at: i, talkSeconds: talk * (0.2 + ((i * 13) % 160) / 100), wrapSeconds: wrap });
  }
}

describe('pacing', () => {
  it('places about 1/p lines per ready agent at a cold start', () => {
    for (const p of [0.15, 0.3, 0.6]) {
      const pacer = createPacer({ ...settings, initialPickupRate: p });
      const dials = pacer.decide(view({ agents: agents(20, 'ready') }));
      assert.ok(dials >= (0.6 * 20) / p && dials <= (1.1 * 20) / p, `p=${p}: ${dials} dials for 20 ready agents`);
    }
  });

  it('dials nothing when no agent can take a call', () => {
    const pacer = createPacer(settings);
    assert.equal(pacer.decide(view({})), 0);
    assert.equal(pacer.decide(view({ agents: agents(10, 'other') })), 0);
  });

  it('dials nothing while every agent has just started a call', () => {
    const pacer = createPacer(settings);
    teach(pacer);
    assert.equal(pacer.decide(view({ agents: agents(10, 'talking', 1), window: { liveAnswers: 1000, abandoned: 0 } })), 0);
  });

  it('dials ahead for agents about to finish their wrap-up', () => {
    const pacer = createPacer(settings);
    teach(pacer, { wrap: 15 });
    const dials = pacer.decide(view({ agents: agents(10, 'wrap_up', 14.9), window: { liveAnswers: 1000, abandoned: 0 } }));
    assert.ok(dials > 0, `${dials}`);
  });

  it('never exceeds maxLinesPerAgent × available agents', () => {
    const pacer = createPacer({ ...settings, initialPickupRate: 0.01, maxLinesPerAgent: 2 });
    const team = [...agents(5, 'ready'), ...agents(3, 'talking', 400), ...agents(4, 'other')];
    const rich = { liveAnswers: 100_000, abandoned: 0 };
    assert.equal(pacer.decide(view({ agents: team, window: rich })), 16);
    assert.equal(pacer.decide(view({ agents: team, callsInFlight: calls(10), waitingAnswered: 2, window: rich })), 4);
    assert.equal(pacer.decide(view({ agents: team, callsInFlight: calls(16), window: rich })), 0);
  });

  it('backs off as the window abandon rate nears the cap', () => {
    const pacer = createPacer(settings);
    teach(pacer);
    const team = [...agents(10, 'ready'), ...agents(30, 'talking', 60), ...agents(10, 'wrap_up', 5)];
    const at = (abandoned: number) => pacer.decide(view({ agents: team, callsInFlight: calls(10, 4), window: { liveAnswers: 2000, abandoned } }));
    const relaxed = at(20);
    const near = at(55);
    const over = at(70);
    assert.ok(relaxed > near && near > over, `${relaxed} > ${near} > ${over}`);
    assert.ok(over <= 0.8 * relaxed, `over the cap it holds back clearly: ${over} vs ${relaxed}`);
  });

  it('still gives every uncovered ready agent a call when the budget is spent', () => {
    const pacer = createPacer(settings);
    teach(pacer);
    const broke = { liveAnswers: 1000, abandoned: 80 };
    const team = [...agents(5, 'ready'), ...agents(20, 'talking', 100)];
    const alone = pacer.decide(view({ agents: team, window: broke }));
    assert.ok(alone >= 5 && alone <= 7, `${alone}`);
    assert.ok(pacer.decide(view({ agents: team, callsInFlight: calls(3, 2), window: broke })) >= 2);
    // a campaign far over its cap: progressive, no more
    assert.equal(pacer.decide(view({ agents: agents(5, 'ready'), callsInFlight: calls(5, 4), window: { liveAnswers: 1000, abandoned: 200 } })), 0);
  });

  it('counts calls already in flight and people already waiting', () => {
    const pacer = createPacer(settings);
    teach(pacer);
    const team = agents(20, 'ready');
    const window = { liveAnswers: 1000, abandoned: 25 };
    const first = pacer.decide(view({ agents: team, window }));
    assert.ok(first > 0);
    // asked again at once, with its own dials now in flight, it adds (almost) nothing
    assert.ok(pacer.decide(view({ agents: team, callsInFlight: calls(first), window })) <= 1);
    assert.ok(pacer.decide(view({ agents: team, waitingAnswered: 5, window })) < first);
  });

  it('learns the pickup rate from what it observes', () => {
    const optimistic = createPacer({ ...settings, initialPickupRate: 0.6 });
    const team = agents(20, 'ready');
    const before = optimistic.decide(view({ agents: team }));
    teach(optimistic, { live: 0.15 });
    const after = optimistic.decide(view({ agents: team, window: { liveAnswers: 1000, abandoned: 25 } }));
    assert.ok(after > 2 * before, `${before} → ${after}`);
    assert.ok(Math.abs(optimistic.describe().liveAnswerRate - 0.15) < 0.02, `${optimistic.describe().liveAnswerRate}`);
  });

  it('is deterministic', () => {
    const run = () => {
      const pacer = createPacer(settings);
      teach(pacer, { dials: 500 });
      return [0, 10, 20, 30].map((abandoned) =>
        pacer.decide(
          view({ agents: [...agents(3, 'ready'), ...agents(7, 'talking', 90)], callsInFlight: calls(4, 3), window: { liveAnswers: 700, abandoned } }),
        ),
      );
    };
    assert.deepEqual(run(), run());
  });
});
