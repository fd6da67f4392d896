// The simulated inbound day's setting: a callback campaign open all day with CB-3 settings (a
// tenth of the simulated callers' numbers never called back) and a queue whose members are the
// outbound campaign's robot agents (blending). Shared by `npm run simulate:inbound` and its test.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rows } from '../../db/query.ts';
import type { CallbackSettings } from '../../db/schema.ts';
import { changeState, createCampaign } from '../campaigns/repo.ts';
import { ROBOT_PREFIX } from '../dialer/robots.ts';
import { createQueue } from './queues.ts';

export interface InboundSetup {
  db: Db;
  now: Date;
  callsPerHour: number;
  /** the simulated callers' numbers are +48600000000 … +48600000000 + callerPool - 1 */
  callerPool: number;
}

export async function setUpInboundQueue(o: InboundSetup) {
  const { db, now } = o;
  const robots = await rows<{ id: number }>(db, sql`select id from users where username like ${`${ROBOT_PREFIX}%`} order by id`);
  const allDay: [string, string][] = [['00:00', '24:00']];
  const settings: CallbackSettings = {
    delaySeconds: 120,
    agentSharePercent: 50,
    order: 'oldest',
    priority: 'always',
    neverCallNumbers: Array.from({ length: Math.ceil(o.callerPool / 10) }, (_, i) => `+48600${String(1_000_000 + i * 10).slice(1)}`),
    expiryMinutes: 45,
    retries: 2,
    retryIntervalMinutes: 10,
  };
  const created = await createCampaign(
    db,
    {
      name: 'Missed calls',
      type: 'callback',
      mode: 'preview',
      previewSeconds: 8,
      wrapUpSeconds: 120,
      workingHours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
      callbackSettings: settings,
    },
    now,
  );
  const campaign = (await changeState(db, created.id, 'running', now)).campaign;
  const queue = await createQueue(
    db,
    {
      name: 'Hotline',
      number: '+48221000000',
      agentIds: robots.map((r) => r.id),
      callbackMode: 'campaign',
      callbackCampaignId: campaign.id,
      triggerKey: '1',
      triggerMessage: 'Thank you, we will call you back',
      hangupAfterSeconds: 40,
      arrivals: { callsPerHour: o.callsPerHour, patienceSeconds: 60, keyPressShare: 0.3, talkSeconds: 150 },
    },
    { now, defaultCountry: 'PL' },
  );
  return { campaign, queue, settings, members: robots.length };
}
