// A small demo dataset for a first look: users of every role, an import group of Polish
// contacts (through the real import path), a custom field, two running campaigns for the demo
// agent (dictionary statuses with a script; a process whose "complaint" status notifies the demo
// supervisor) with contacts assigned, and an inbound queue on the simulated network whose missed
// callers land in a running callback campaign.
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { AppDeps } from './app.ts';
import { customFields, importGroups, imports } from './db/schema.ts';
import { createUser } from './modules/auth/users-repo.ts';
import { assignNow } from './modules/assignments/assign-contacts.ts';
import { changeState, createCampaign } from './modules/campaigns/repo.ts';
import { saveProcess } from './modules/processes/repo.ts';
import { emptyExits, type ProcessDef, type StatusExits } from './modules/processes/types.ts';
import { createStatus } from './modules/statuses/repo.ts';
import { createQueue } from './modules/inbound/queues.ts';
import { mergeImport, stageImport } from './modules/imports/run-import.ts';

export const DEMO_PASSWORD = 'parley-demo';

const streets = ['Marszałkowska', 'Piękna', 'Żurawia', 'Wspólna', 'Hoża', 'Świętokrzyska', 'Grójecka', 'Puławska', 'Długa', 'Floriańska'];
const cities = [
  ['mazowieckie', 'Warszawa', '00-', '22'],
  ['małopolskie', 'Kraków', '30-', '12'],
  ['pomorskie', 'Gdańsk', '80-', '58'],
  ['dolnośląskie', 'Wrocław', '50-', '71'],
  ['wielkopolskie', 'Poznań', '60-', '61'],
];
const first = ['Anna', 'Piotr', 'Katarzyna', 'Tomasz', 'Małgorzata', 'Paweł', 'Agnieszka', 'Łukasz', 'Zofia', 'Michał'];
const last = ['Nowak', 'Kowalski', 'Wiśniewska', 'Wójcik', 'Kamińska', 'Lewandowski', 'Zieliński', 'Szymańska', 'Woźniak', 'Dąbrowski'];

export function demoCsv(rows: number): string {
  const lines = ['Imię;Nazwisko;Ulica;Nr;Miasto;Kod pocztowy;Województwo;Telefon;Klient VIP'];
  for (let i = 0; i < rows; i++) {
    const [region, city, zip, area] = cities[i % cities.length];
    const phone =
      i % 3 === 0
        ? `+48 6${String(10 + (i % 89)).padStart(2, '0')} ${String(100 + i).slice(-3)} ${String(200 + i * 7).slice(-3)}`
        : i % 3 === 1
          ? `5${String(10 + (i % 89)).padStart(2, '0')}-${String(300 + i).slice(-3)}-${String(400 + i * 3).slice(-3)}`
          : `(${area}) ${String(500 + i).slice(-3)} ${String(10 + (i % 90)).padStart(2, '0')} ${String(10 + ((i * 7) % 90)).padStart(2, '0')}`;
    lines.push(
      [
        first[i % 10],
        last[(i * 3) % 10],
        streets[i % streets.length],
        String(1 + (i % 120)),
        city,
        `${zip}${String(100 + (i % 900)).padStart(3, '0')}`,
        region,
        phone,
        i % 7 === 0 ? 'tak' : 'nie',
      ].join(';'),
    );
  }
  return `${lines.join('\n')}\n`;
}

export async function seedDemo(deps: AppDeps) {
  const { db, clock, config } = deps;
  const now = clock.now();
  const users: Record<string, number> = {};
  for (const role of ['manager', 'supervisor', 'agent'] as const) {
    users[role] = (await createUser(db, { username: role, displayName: `Demo ${role}`, role, password: DEMO_PASSWORD }, now)).id;
  }
  await db.insert(customFields).values({ key: 'vip', label: 'Klient VIP', type: 'boolean', createdAt: now }).onConflictDoNothing();

  await fs.promises.mkdir(config.uploadDir, { recursive: true });
  const filePath = path.join(config.uploadDir, 'demo-contacts.csv');
  await fs.promises.writeFile(filePath, demoCsv(500));
  const [group] = await db.insert(importGroups).values({ name: 'Demo — Polska', createdAt: now }).returning();
  const mapping = {
    '0': 'firstName',
    '1': 'lastName',
    '2': 'street',
    '3': 'houseNumber',
    '4': 'city',
    '5': 'postalCode',
    '6': 'region',
    '7': 'phone1',
    '8': 'custom.vip',
  } as const;
  const [imp] = await db
    .insert(imports)
    .values({
      fileName: 'demo-contacts.csv',
      filePath,
      fileSize: (await fs.promises.stat(filePath)).size,
      encoding: 'utf-8',
      delimiter: ';',
      hasHeader: true,
      groupId: group.id,
      mapping,
      duplicatePolicy: 'skip',
      state: 'staging',
      createdAt: now,
    })
    .returning();
  const importDeps = { db, handle: deps.handle, clock, defaultCountry: config.defaultCountry };
  const counts = await stageImport(importDeps, imp, async () => {});
  await mergeImport(importDeps, imp, counts);
  await db.update(imports).set({ state: 'done' }).where(eq(imports.id, imp.id));
  await seedDemoCampaigns(deps, users, now);
}

/** Two campaigns the demo agent can work at once: one on dictionary statuses, one on a process. */
async function seedDemoCampaigns(deps: AppDeps, users: Record<string, number>, now: Date) {
  const { db, config } = deps;
  const opts = { defaultCountry: config.defaultCountry };
  const offer = await createCampaign(
    db,
    { name: 'Demo: oferta jesienna', agentIds: [users.agent], script: demoScript, maxAttempts: 5, retryDelayMinutes: 30 },
    now,
    opts,
  );
  await createStatus(db, { name: 'Oddzwonić (mój rekord)', systemStatus: 'my_record', color: '#2563eb' }, { now, campaignId: offer.id });
  await createStatus(db, { name: 'Zajęty', systemStatus: 'to_call', autoOutcomes: ['busy', 'no_answer'], color: '#d97706' }, { now, campaignId: offer.id });
  const survey = await saveProcess(db, null, demoProcess(users.supervisor), now);
  const poll = await createCampaign(db, { name: 'Demo: ankieta satysfakcji', agentIds: [users.agent], processId: survey.id, sortOrder: 200 }, now, opts);
  const ctx = { now, userId: users.manager, country: config.defaultCountry };
  await assignNow(db, { campaignId: offer.id, filter: { city: 'Warszawa' } }, ctx);
  await assignNow(db, { campaignId: poll.id, filter: { city: 'Kraków' } }, ctx);
  await changeState(db, offer.id, 'running', now);
  await changeState(db, poll.id, 'running', now);
  await seedDemoInbound(deps, users.agent, now);
}

/** CB-1..CB-3: a hotline answered by the demo agent; a caller pressing 1 or hanging up after 30 s gets a callback. */
async function seedDemoInbound(deps: AppDeps, agentId: number, now: Date) {
  const { db, config } = deps;
  const allDay: [string, string][] = [['00:00', '24:00']];
  const callbacks = await createCampaign(
    db,
    {
      name: 'Demo: oddzwonienia',
      type: 'callback',
      mode: 'preview',
      previewSeconds: 15,
      wrapUpSeconds: 30,
      sortOrder: 300,
      workingHours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
      callbackSettings: {
        delaySeconds: 60,
        agentSharePercent: 100,
        order: 'oldest',
        priority: 'agents_free',
        neverCallNumbers: [],
        expiryMinutes: 240,
        retries: 2,
        retryIntervalMinutes: 15,
      },
    },
    now,
    { defaultCountry: config.defaultCountry },
  );
  await changeState(db, callbacks.id, 'running', now);
  await createQueue(
    db,
    {
      name: 'Demo: infolinia',
      number: '+48 22 100 00 00',
      agentIds: [agentId],
      callbackMode: 'campaign',
      callbackCampaignId: callbacks.id,
      triggerKey: '1',
      triggerMessage: 'Dziękujemy, oddzwonimy',
      hangupAfterSeconds: 30,
      // modest: about one caller every five minutes, so outbound demo calls still reach the agent
      arrivals: { callsPerHour: 12, patienceSeconds: 60, keyPressShare: 0.3, talkSeconds: 120 },
    },
    { now, defaultCountry: config.defaultCountry },
  );
}

const demoScript = [
  { kind: 'text' as const, text: 'Dzień dobry, dzwonię z Parley w sprawie jesiennej oferty.' },
  { kind: 'question' as const, key: 'interest', label: 'Czy oferta jest interesująca?', options: ['tak', 'nie', 'może'] },
  { kind: 'checkbox' as const, key: 'consent', label: 'Zgoda na kontakt marketingowy' },
];

const exits = (over: Partial<StatusExits> = {}): StatusExits => ({ ...emptyExits(), ...over });
const demoProcess = (supervisorId: number): ProcessDef => ({
  name: 'Demo: ankieta',
  description:
    'Ankieta satysfakcji: nowy → (zajęty / nie odbiera → oddzwonienie za 15 min, najwyżej 3 razy) → wypełniona, odmowa lub skarga (powiadomienie kierownika zmiany)',
  kind: 'operational',
  inboundStatusKeys: [],
  statuses: [
    {
      key: 'new',
      name: 'Nowy',
      description: '',
      responsibleUserId: null,
      availability: 'agents',
      qualifier: 'none',
      callbackDelaySeconds: null,
      callbackAt: null,
      color: '#64748b',
      initial: true,
      x: 0,
      y: 0,
      exits: exits({ dialer: { busy: 'retry', no_answer: 'retry' } }),
    },
    {
      key: 'retry',
      name: 'Nie odbiera',
      description: '',
      responsibleUserId: null,
      availability: 'system',
      qualifier: 'public_callback_relative',
      callbackDelaySeconds: 900,
      callbackAt: null,
      color: '#d97706',
      initial: false,
      x: 260,
      y: 0,
      exits: exits({ dialer: { busy: 'retry', no_answer: 'retry' }, counter: { limit: 3, statusKey: 'unreachable' } }),
    },
    {
      key: 'unreachable',
      name: 'Nieosiągalny',
      description: '',
      responsibleUserId: null,
      availability: 'system',
      qualifier: 'ending',
      callbackDelaySeconds: null,
      callbackAt: null,
      color: '#6b7280',
      initial: false,
      x: 520,
      y: 0,
      exits: exits(),
    },
    {
      key: 'later',
      name: 'Oddzwonić',
      description: '',
      responsibleUserId: null,
      availability: 'agents',
      qualifier: 'private_callback_agent',
      callbackDelaySeconds: null,
      callbackAt: null,
      color: '#2563eb',
      initial: false,
      x: 0,
      y: 160,
      exits: exits(),
    },
    {
      key: 'done',
      name: 'Ankieta wypełniona',
      description: '',
      responsibleUserId: null,
      availability: 'agents',
      qualifier: 'success_end',
      callbackDelaySeconds: null,
      callbackAt: null,
      color: '#16a34a',
      initial: false,
      x: 260,
      y: 160,
      exits: exits(),
    },
    {
      key: 'refused',
      name: 'Odmowa',
      description: '',
      responsibleUserId: null,
      availability: 'agents',
      qualifier: 'ending',
      callbackDelaySeconds: null,
      callbackAt: null,
      color: '#dc2626',
      initial: false,
      x: 520,
      y: 160,
      exits: exits(),
    },
    {
      key: 'complaint',
      name: 'Skarga',
      description: 'Klient zgłasza skargę: kierownik zmiany dostaje powiadomienie.',
      responsibleUserId: null,
      availability: 'agents',
      qualifier: 'ending',
      callbackDelaySeconds: null,
      callbackAt: null,
      color: '#9333ea',
      initial: false,
      x: 260,
      y: 320,
      exits: exits({
        actions: [{ kind: 'notification', param: String(supervisorId), delay: null, successStatusKey: null, failureStatusKey: null }],
      }),
    },
  ],
});
