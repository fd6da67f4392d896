// The simulated day's setting: statuses a contact center would have, a campaign open all day,
// contacts (2 % in New York, outside the permitted local window until 13:00 UTC), a block list
// and robot agents. Shared by `npm run simulate` and the crash test.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { EventBus } from '../../shared/events.ts';
import type { Random } from '../../shared/random.ts';
import { assignNow } from '../assignments/assign-contacts.ts';
import { changeState, createCampaign } from '../campaigns/repo.ts';
import type { JobRunner } from '../jobs/runner.ts';
import { createStatus, ensureDefaultStatuses } from '../statuses/repo.ts';
import { setRobots } from './robots.ts';

export interface SimSetup {
  db: Db;
  events: EventBus;
  jobs: JobRunner;
  random: Random;
  now: Date;
  agents: number;
  contacts: number;
  mode: 'predictive' | 'progressive' | 'preview';
}

export async function setUpSimulatedCampaign(o: SimSetup) {
  const { db, now } = o;
  await ensureDefaultStatuses(db, 'en', now);
  const ctx = { now, campaignId: null };
  const sale = await createStatus(db, { name: 'Sale', systemStatus: 'do_not_call', autoAdd: true, color: '#2563eb' }, ctx);
  await createStatus(db, { name: 'Call back later', systemStatus: 'not_earlier_than', autoAdd: true }, ctx);
  await createStatus(db, { name: 'No answer', systemStatus: 'to_call', autoOutcomes: ['busy', 'no_answer', 'voicemail'], autoAdd: true }, ctx);
  await createStatus(db, { name: 'Wrong number', systemStatus: 'do_not_call', autoOutcomes: ['invalid'], autoAdd: true }, ctx);
  await createStatus(db, { name: 'Call progressive', systemStatus: 'call_progressive', autoOutcomes: ['unhandled'], autoAdd: true }, ctx);
  const allDay: [string, string][] = [['00:00', '24:00']];
  const campaign = await createCampaign(
    db,
    {
      name: `Simulated day (${o.mode})`,
      mode: o.mode,
      previewSeconds: 5,
      workingHours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
      maxAttempts: 3,
      retryDelayMinutes: 60,
      pickupRate: 30,
    },
    now,
  );
  await db.execute(sql`insert into contacts (name, phone1, phone1_raw, city, source, created_at, updated_at)
    select 'Contact ' || g, p, p, case when g % 50 = 0 then 'Brooklyn' else 'Kraków' end, 'import', ${now}, ${now}
    from (select g, case when g % 50 = 0 then '+1212' || lpad((5000000 + g)::text, 7, '0') else '+48' || (500000000 + g)::text end as p
      from generate_series(1, ${o.contacts}) g) x`);
  await db.execute(sql`insert into blocked_numbers (phone, reason, created_at) select phone1, 'Robinson list', ${now} from contacts where id % 97 = 0`);
  await assignNow(db, { campaignId: campaign.id, filter: {} } as never, { now, userId: null, country: 'PL' });
  const work = { db, events: o.events, jobs: o.jobs, leaseMinutes: 60 };
  await setRobots(work, campaign.id, o.agents, now);
  const running = (await changeState(db, campaign.id, 'running', now)).campaign;
  return { campaign: running, saleStatusId: sale.id, work };
}
