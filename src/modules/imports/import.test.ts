// CT-2, CT-3: the import through the API — upload, preview, mapping, job, result, report.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { sql } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { rows } from '../../db/query.ts';
import { createTestContext } from '../../../test/harness.ts';

const ctx = await createTestContext();
after(() => ctx.close());

const header = 'Imię;Nazwisko;Ulica;Miasto;Kod;Województwo;Powiat;Telefon;Telefon 2';
const csv = [
  header,
  'Łucja;Żółkiewska;Świętojańska;Gdańsk;80-840;pomorskie;Gdańsk;+48 600 100 200;', // line 2
  'Jerzy;Kowalski;Długa;Gdańsk;80-827;pomorskie;Gdańsk;600-100-201;', // 3
  'Ewa;Nowak;Piotrkowska;Łódź;90-001;łódzkie;Łódź;(42) 123 45 67;', // 4
  'Zła;Liczba;Piotrkowska;Łódź;90-002;łódzkie;Łódź;12345;', // 5 invalid phone
  'Brak;Telefonu;Piotrkowska;Łódź;90-003;łódzkie;Łódź;;', // 6 no phone
  'Jerzy;Kowalski bis;Długa;Gdańsk;80-827;pomorskie;Gdańsk;0048600100201;', // 7 duplicate of line 3
  'Za;Mało;Kolumn', // 8 wrong column count
  '"Anna ""Ania""";Wiśniewska;"Aleja; Zwycięstwa";Gdynia;81-001;pomorskie;Gdynia;+48 601 200 300;+420 601 123 456', // 9 quoted
].join('\r\n');

async function runImport(content: Buffer | string, fileName: string, start: Record<string, unknown>) {
  const up = await ctx.upload('manager', fileName, content);
  assert.equal(up.status, 201, JSON.stringify(up.body));
  const id = up.body.import.id;
  const started = await ctx.api('manager', 'POST', `/api/imports/${id}/start`, {
    groupName: 'Pomorze 2026',
    mapping: up.body.preview.suggestedMapping,
    hasHeader: true,
    duplicatePolicy: 'skip',
    ...start,
  });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  await ctx.jobs.runDue();
  return { upload: up.body, result: (await ctx.api('manager', 'GET', `/api/imports/${id}`)).body, id };
}

test('a windows-1250 file with ; is detected, previewed, mapped from its Polish header, and imported', async () => {
  const { upload, result, id } = await runImport(iconv.encode(csv, 'windows-1250'), 'kontakty.csv', {});
  assert.equal(upload.preview.encoding, 'windows-1250');
  assert.equal(upload.preview.delimiter, ';');
  assert.deepEqual(upload.preview.rows[1].slice(0, 4), ['Łucja', 'Żółkiewska', 'Świętojańska', 'Gdańsk']);
  assert.deepEqual(upload.preview.suggestedMapping, {
    0: 'firstName',
    1: 'lastName',
    2: 'street',
    3: 'city',
    4: 'postalCode',
    5: 'region',
    6: 'county',
    7: 'phone1',
    8: 'phone2',
  });
  assert.equal(result.state, 'done', result.error);
  assert.deepEqual(
    { rowsRead: result.rowsRead, added: result.added, updated: result.updated, duplicates: result.duplicates, rejected: result.rejected },
    { rowsRead: 8, added: 4, updated: 0, duplicates: 1, rejected: 3 },
  );
  assert.equal(result.groupName, 'Pomorze 2026');

  const report = await ctx.api('manager', 'GET', `/api/imports/${id}/report.csv`);
  assert.equal(report.status, 200);
  assert.match(report.res.headers['content-type'] as string, /text\/csv/);
  const lines = report.res.body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\n');
  assert.equal(lines[0], 'line;kind;reason;field;row');
  assert.deepEqual(
    lines.slice(1).map((l) => l.split(';').slice(0, 2).join(';')),
    ['5;rejected', '6;rejected', '7;duplicate', '8;rejected'],
  );
  assert.match(lines[1], /12345/);
  assert.match(lines[2], /no phone number/);
  assert.match(lines[3], /duplicate of line 3/);
  assert.match(lines[4], /expected 9 columns, found 3/);

  const quoted = await ctx.api('manager', 'GET', `/api/contacts?phone=601200300`);
  assert.equal(quoted.body.items[0].firstName, 'Anna "Ania"');
  assert.equal(quoted.body.items[0].street, 'Aleja; Zwycięstwa');
  assert.equal(quoted.body.items[0].phone2, '+420601123456');
  assert.equal(quoted.body.items[0].phone1Raw, '+48 601 200 300');
});

test('the import group filters contacts, and the location dictionary is built hierarchically', async () => {
  const groups = (await ctx.api('manager', 'GET', '/api/import-groups')).body;
  assert.deepEqual(
    groups.map((g: { name: string; contacts: number }) => [g.name, g.contacts]),
    [['Pomorze 2026', 4]],
  );
  assert.equal((await ctx.api('manager', 'GET', `/api/contacts/count?importGroupId=${groups[0].id}`)).body.count, 4);
  const regions = (await ctx.api('manager', 'GET', '/api/locations')).body;
  assert.deepEqual(
    regions.map((r: { name: string }) => r.name),
    ['łódzkie', 'pomorskie'],
  );
  const pomorskie = regions.find((r: { name: string }) => r.name === 'pomorskie');
  const counties = (await ctx.api('manager', 'GET', `/api/locations?parentId=${pomorskie.id}`)).body;
  assert.deepEqual(
    counties.map((c: { name: string; levelKey: string }) => `${c.levelKey}:${c.name}`),
    ['county:Gdańsk', 'county:Gdynia'],
  );
  const gdansk = counties[0];
  const cities = (await ctx.api('manager', 'GET', `/api/locations?parentId=${gdansk.id}`)).body;
  assert.deepEqual(
    cities.map((c: { name: string; levelKey: string }) => `${c.levelKey}:${c.name}`),
    ['city:Gdańsk'],
  );
  assert.equal((await ctx.api('manager', 'GET', `/api/contacts/count?locationId=${pomorskie.id}`)).body.count, 3);
  assert.equal((await ctx.api('manager', 'GET', `/api/contacts/count?locationId=${gdansk.id}`)).body.count, 2);
  const streets = (await ctx.api('manager', 'GET', `/api/locations?parentId=${cities[0].id}`)).body;
  assert.equal(
    (await ctx.api('manager', 'GET', `/api/contacts/count?locationId=${streets.find((s: { name: string }) => s.name === 'Długa').id}`)).body.count,
    1,
  );
});

test('re-importing the same people: skip keeps the database unique, update merges, keep adds', async () => {
  const again = [
    header,
    'Łucja;Żółkiewska-Nowa;Świętojańska;Gdańsk;80-840;pomorskie;Gdańsk;600100200;',
    'Nowy;Człowiek;Morska;Gdynia;81-002;pomorskie;Gdynia;602 300 400;',
  ].join('\n');
  const skip = await runImport(Buffer.from(again), 'again.csv', { groupName: 'Again' });
  assert.deepEqual([skip.result.added, skip.result.updated, skip.result.duplicates], [1, 0, 1]);
  const report = await ctx.api('manager', 'GET', `/api/imports/${skip.id}/report.csv`);
  assert.match(report.res.body, /2;duplicate;duplicate of contact #1/);

  const update = await runImport(Buffer.from(again), 'again2.csv', { groupName: 'Again', duplicatePolicy: 'update' });
  assert.deepEqual([update.result.added, update.result.updated, update.result.duplicates], [0, 2, 0]);
  const lucja = (await ctx.api('manager', 'GET', '/api/contacts?phone=600100200')).body.items[0];
  assert.equal(lucja.lastName, 'Żółkiewska-Nowa');
  assert.equal(lucja.postalCode, '80-840');

  const keep = await runImport(Buffer.from(again), 'again3.csv', { groupName: 'Again', duplicatePolicy: 'keep' });
  assert.deepEqual([keep.result.added, keep.result.updated, keep.result.duplicates], [2, 0, 0]);
  assert.equal((await ctx.api('manager', 'GET', '/api/contacts/count?phone=600100200')).body.count, 2);
});

test('UTF-8 with BOM, ISO-8859-2, comma and tab files are detected', async () => {
  const text = 'Nazwisko,Telefon\nŚliwińska,600 555 111\nŹdźbło,600 555 112\n';
  const bom = await ctx.upload('manager', 'bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
  assert.deepEqual([bom.body.preview.encoding, bom.body.preview.delimiter, bom.body.preview.rows[0][0]], ['utf-8', ',', 'Nazwisko']);
  const iso = await ctx.upload('manager', 'iso.csv', iconv.encode(text.replace(/,/g, '\t'), 'iso-8859-2'));
  assert.deepEqual([iso.body.preview.encoding, iso.body.preview.delimiter, iso.body.preview.rows[1][0]], ['iso-8859-2', '\t', 'Śliwińska']);
  const cz = await ctx.upload('manager', 'cz.csv', iconv.encode('Příjmení;Telefon\nŠťastný;+420 601 123 457\nŽďárská;+420 601 123 458\n', 'windows-1250'));
  assert.deepEqual([cz.body.preview.encoding, cz.body.preview.rows[1][0]], ['windows-1250', 'Šťastný']);
  assert.equal(cz.body.preview.suggestedMapping['0'], 'lastName');
  // the user may override the detection
  const forced = await ctx.api('manager', 'GET', `/api/imports/${iso.body.import.id}/preview?encoding=windows-1250`);
  assert.equal(forced.body.encoding, 'windows-1250');
});

test('bad requests: no file, empty file, bad mapping, unknown field, started twice', async () => {
  const empty = await ctx.upload('manager', 'empty.csv', '');
  assert.equal(empty.status, 400);
  assert.equal(empty.body.code, 'invalid_csv');
  const notMultipart = await ctx.api('manager', 'POST', '/api/imports', { file: 'x' });
  assert.equal(notMultipart.status, 415);
  const up = await ctx.upload('manager', 'x.csv', 'Nazwisko;Telefon\nA;600100200\n');
  const id = up.body.import.id;
  const noPhone = await ctx.api('manager', 'POST', `/api/imports/${id}/start`, {
    groupName: 'g',
    mapping: { 0: 'lastName' },
    hasHeader: true,
    duplicatePolicy: 'skip',
  });
  assert.equal(noPhone.status, 400);
  assert.equal(noPhone.body.field, 'mapping');
  assert.match(noPhone.body.message, /phone/);
  const badCol = await ctx.api('manager', 'POST', `/api/imports/${id}/start`, {
    groupName: 'g',
    mapping: { 5: 'phone1' },
    hasHeader: true,
    duplicatePolicy: 'skip',
  });
  assert.match(badCol.body.message, /column 5/);
  const badField = await ctx.api('manager', 'POST', `/api/imports/${id}/start`, {
    groupName: 'g',
    mapping: { 0: 'custom.nope', 1: 'phone1' },
    hasHeader: true,
    duplicatePolicy: 'skip',
  });
  assert.match(badField.body.message, /unknown field/);
  const badPolicy = await ctx.api('manager', 'POST', `/api/imports/${id}/start`, {
    groupName: 'g',
    mapping: { 1: 'phone1' },
    hasHeader: true,
    duplicatePolicy: 'merge',
  });
  assert.equal(badPolicy.body.field, 'duplicatePolicy');
  const ok = await ctx.api('manager', 'POST', `/api/imports/${id}/start`, {
    groupName: 'g',
    mapping: { 1: 'phone1' },
    hasHeader: true,
    duplicatePolicy: 'skip',
  });
  assert.equal(ok.status, 202);
  const twice = await ctx.api('manager', 'POST', `/api/imports/${id}/start`, {
    groupName: 'g',
    mapping: { 1: 'phone1' },
    hasHeader: true,
    duplicatePolicy: 'skip',
  });
  assert.equal(twice.status, 409);
  await ctx.jobs.runDue();
  assert.equal((await ctx.api('supervisor', 'POST', `/api/imports/${id}/start`, {})).status, 403);
});

test('an import that fails half-way leaves no contacts behind, and the retry imports each row once', async () => {
  const before = Number((await rows<{ n: string }>(ctx.db, sql`select count(*) as n from contacts`))[0].n);
  const big = ['Nazwisko;Telefon', ...Array.from({ length: 12_000 }, (_, i) => `K${i};7${String(10_000_000 + i)}`)].join('\n');
  const up = await ctx.upload('manager', 'big.csv', big);
  const id = up.body.import.id;
  // the storage fails after the first batch reached the staging table
  const original = ctx.handle.copyText;
  let calls = 0;
  ctx.handle.copyText = async (...args) => {
    if (++calls === 2) throw new Error('disk full');
    return original.apply(ctx.handle, args);
  };
  try {
    await ctx.api('manager', 'POST', `/api/imports/${id}/start`, {
      groupName: 'Big',
      mapping: { 0: 'lastName', 1: 'phone1' },
      hasHeader: true,
      duplicatePolicy: 'skip',
    });
    await ctx.jobs.runDue();
  } finally {
    ctx.handle.copyText = original;
  }
  const failed = (await ctx.api('manager', 'GET', `/api/imports/${id}`)).body;
  assert.equal(failed.state, 'queued', 'waits for its retry');
  assert.match(failed.error, /disk full/);
  assert.equal(Number((await rows<{ n: string }>(ctx.db, sql`select count(*) as n from contacts`))[0].n), before, 'nothing half-imported');
  assert.equal(Number((await rows<{ n: string }>(ctx.db, sql`select count(*) as n from import_rows`))[0].n), 0, 'staging cleaned');

  ctx.clock.advance(60_000); // past the retry backoff
  await ctx.jobs.runDue();
  const done = (await ctx.api('manager', 'GET', `/api/imports/${id}`)).body;
  assert.equal(done.state, 'done');
  assert.equal(done.added, 12_000);
  assert.equal(Number((await rows<{ n: string }>(ctx.db, sql`select count(*) as n from contacts`))[0].n), before + 12_000);
  const job = (await ctx.api('manager', 'GET', `/api/jobs/${done.jobId}`)).body;
  assert.equal(job.state, 'done');
  assert.equal(job.attempts, 2);
  assert.ok(
    ctx.published.some((e) => e.type === 'job.progress' && e.jobId === done.jobId),
    'progress was pushed',
  );
});
