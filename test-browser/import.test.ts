// CT-2/CT-3 in the browser: a windows-1250, semicolon-separated Polish file with invalid phones
// and in-file duplicates goes through upload → preview → mapping → job → result and report, and
// the imported contacts are then listed and counted.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import iconv from 'iconv-lite';
import { type BrowserApp, login, shot, startBrowserApp, waitForText } from './helpers.ts';

let app: BrowserApp;
before(async () => {
  app = await startBrowserApp();
});
after(() => app?.close());

const lines = [
  'Imię;Nazwisko;Ulica;Nr;Miasto;Kod pocztowy;Województwo;Telefon',
  'Jan;Kowalski;Piotrkowska;12;Łódź;90-001;łódzkie;601 234 567', // line 2
  'Anna;Wiśniewska;Długa;5;Gdańsk;80-827;pomorskie;+48 602 345 678',
  'Żaneta;Żółkiewska;Świętojańska;7;Gdańsk;80-001;pomorskie;12', // line 4: invalid phone
  'Łukasz;Ślęzak;Kościuszki;3;Łódź;90-002;łódzkie;603 456 789',
  'Piotr;Kowalski;Piotrkowska;12;Łódź;90-001;łódzkie;601-234-567', // line 6: duplicate of line 2
  'Ewa;Nowak;Mariacka;1;Gdańsk;80-833;pomorskie;brak', // line 7: invalid phone
  'Zofia;Grzegorczyk;Wólczańska;20;Łódź;90-003;łódzkie;604 567 890',
  'Małgorzata;Dąbrowska;Ogarna;9;Gdańsk;80-826;pomorskie;605 678 901',
  'Grzegorz;Brzęczyszczykiewicz;Zgierska;44;Łódź;91-002;łódzkie;606 789 012',
  'Anna;Wiśniewska;Długa;5;Gdańsk;80-827;pomorskie;602345678', // line 11: duplicate of line 3
  'Bożena;Jóźwiak;Chmielna;2;Gdańsk;80-748;pomorskie;607 890 123',
];
const csv = iconv.encode(`${lines.join('\r\n')}\r\n`, 'windows-1250');

test('import wizard: preview, mapping, progress, result, report, contacts', async () => {
  assert.ok(!csv.toString('utf8').includes('Łódź'), 'the fixture really is windows-1250');
  const { context, page } = await app.newPage();
  await login(page, 'manager');
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Import' }).click();
  await page.getByRole('heading', { name: 'Import', level: 1 }).waitFor();

  // step 1: upload
  await page.getByLabel('CSV file').setInputFiles({ name: 'kontakty-łódź.csv', mimeType: 'text/csv', buffer: csv });
  await shot(page, '10a-import-file');
  await page.getByRole('button', { name: 'Upload' }).click();

  // step 2: preview with the detected format
  await page.getByRole('table', { name: 'First rows of the file' }).waitFor();
  assert.equal(await page.getByLabel('Encoding').inputValue(), 'windows-1250');
  assert.equal(await page.getByLabel('Delimiter').inputValue(), ';');
  assert.equal(await page.getByLabel('First row is a header').isChecked(), true);
  const preview = page.getByRole('table', { name: 'First rows of the file' });
  await preview.getByRole('columnheader', { name: 'Województwo' }).waitFor();
  await preview.getByRole('cell', { name: 'Łódź' }).first().waitFor();
  await preview.getByRole('cell', { name: 'Gdańsk' }).first().waitFor();
  await preview.getByRole('cell', { name: 'Brzęczyszczykiewicz' }).waitFor();
  await shot(page, '10-import-preview');

  // a wrong encoding garbles the letters; switching back restores them
  await page.getByLabel('Encoding').selectOption('utf-8');
  await waitForText(preview.locator('tbody'), '\uFFFD');
  await page.getByLabel('Encoding').selectOption('windows-1250');
  await preview.getByRole('cell', { name: 'Łódź' }).first().waitFor();
  await page.getByRole('button', { name: 'Next ›' }).click();

  // step 3: mapping, prefilled from the Polish header
  const expected: Record<string, string> = {
    Imię: 'firstName',
    Nazwisko: 'lastName',
    Ulica: 'street',
    Nr: 'houseNumber',
    Miasto: 'city',
    'Kod pocztowy': 'postalCode',
    Województwo: 'region',
    Telefon: 'phone1',
  };
  for (const [column, field] of Object.entries(expected)) {
    assert.equal(await page.getByLabel(column, { exact: true }).inputValue(), field, column);
  }
  await page.getByLabel('Import group').fill('Łódź i Gdańsk — wiosna');
  await page.getByLabel('When the phone number is already in the database').selectOption('skip');
  await shot(page, '11-import-mapping');
  await page.getByRole('button', { name: 'Start import' }).click();

  // step 4: the job runs (progress over the WebSocket), then the result
  const result = page.getByRole('status', { name: 'Import result' });
  await result.waitFor({ timeout: 30_000 });
  await waitForText(page.getByTestId('import-rows'), '11');
  await waitForText(page.getByTestId('import-added'), '7');
  await waitForText(page.getByTestId('import-duplicates'), '2');
  await waitForText(page.getByTestId('import-rejected'), '2');
  await waitForText(page.getByTestId('import-updated'), '0');
  await shot(page, '12-import-result');

  // the report names the rejected lines and the duplicates
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download report (CSV)' }).click()]);
  const report = fs.readFileSync((await download.path()) as string, 'utf8');
  const rows = report
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\n');
  assert.equal(rows[0], 'line;kind;reason;field;row');
  const byLine = new Map(rows.slice(1).map((r) => [Number(r.split(';')[0]), r]));
  assert.deepEqual(
    [...byLine.keys()].sort((a, b) => a - b),
    [4, 6, 7, 11],
  );
  assert.match(byLine.get(4) as string, /^4;rejected;.*phone/);
  assert.match(byLine.get(7) as string, /^7;rejected;/);
  assert.match(byLine.get(6) as string, /^6;duplicate;duplicate of line 2/);
  assert.match(byLine.get(11) as string, /^11;duplicate;duplicate of line 3/);
  assert.ok(report.includes('Żółkiewska'), 'the report keeps the original row, decoded');

  // the recent imports list has it
  const recent = page.getByRole('region', { name: 'Recent imports' });
  await recent.getByRole('cell', { name: 'kontakty-łódź.csv' }).waitFor();
  await recent.getByText('Done', { exact: true }).waitFor();

  // the contacts of the group: counted and listed (page 1, ordinal column)
  await page.getByRole('button', { name: 'Show imported contacts' }).click();
  await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
  await waitForText(page.getByTestId('record-count'), 'Number of records: 7');
  const table = page.locator('table.contacts-table');
  await table.waitFor();
  assert.equal(await table.locator('tbody tr').count(), 7);
  await table.getByRole('cell', { name: 'Brzęczyszczykiewicz' }).waitFor();
  await table.getByRole('cell', { name: '606 789 012' }).waitFor(); // phone shown as entered
  assert.equal(await table.locator('tbody tr').first().locator('td').nth(1).textContent(), '1');
  const groupSelect = page.getByLabel('Import group');
  assert.match((await groupSelect.locator('option:checked').textContent()) ?? '', /Łódź i Gdańsk — wiosna \(7\)/);

  // the location dictionary built by the import: region → … narrows the choices
  const dictionary = page.getByRole('group', { name: 'Location dictionary' });
  await dictionary.getByLabel('Region').selectOption({ label: 'łódzkie' });
  await dictionary.locator('select').nth(1).waitFor();
  await page.getByRole('button', { name: 'Refresh record count' }).click();
  await waitForText(page.getByTestId('record-count'), 'Number of records: 4');
  await shot(page, '13-contacts-imported');
  await context.close();
});
