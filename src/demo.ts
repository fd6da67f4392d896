// A small demo dataset for a first look: users of every role, an import group of Polish
// contacts (through the real import path), a custom field and a campaign.
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { AppDeps } from './app.ts';
import { customFields, importGroups, imports } from './db/schema.ts';
import { createUser } from './modules/auth/users-repo.ts';
import { createCampaign } from './modules/campaigns/repo.ts';
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
  for (const role of ['manager', 'supervisor', 'agent'] as const) {
    await createUser(db, { username: role, displayName: `Demo ${role}`, role, password: DEMO_PASSWORD }, now);
  }
  await db.insert(customFields).values({ key: 'vip', label: 'Klient VIP', type: 'boolean', createdAt: now }).onConflictDoNothing();
  await createCampaign(db, { name: 'Demo: oferta jesienna' }, now);
  await createCampaign(db, { name: 'Demo: ankieta satysfakcji' }, now);

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
}
