// CT-1, CT-5..CT-7, CT-9 through the API.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestContext } from '../../../test/harness.ts';

const ctx = await createTestContext();
after(() => ctx.close());

const people = [
  {
    firstName: 'Anna',
    lastName: 'Nowak',
    street: 'Piękna',
    houseNumber: '1',
    city: 'Warszawa',
    postalCode: '00-549',
    region: 'mazowieckie',
    phone1: '+48 600 100 200',
  },
  {
    firstName: 'Jan',
    lastName: 'Kowalski',
    street: 'Długa',
    houseNumber: '5',
    city: 'Gdańsk',
    postalCode: '80-827',
    region: 'pomorskie',
    phone1: '601-200-300',
  },
  {
    firstName: 'Zofia',
    lastName: 'Wiśniewska',
    street: 'Aleje Ujazdowskie',
    houseNumber: '3',
    city: 'Warszawa',
    postalCode: '00-583',
    region: 'mazowieckie',
    phone1: '(22) 123 45 67',
  },
  {
    name: 'Piekarnia Nowakowski',
    street: 'Długa',
    houseNumber: '9',
    city: 'Kraków',
    postalCode: '31-147',
    region: 'małopolskie',
    phone1: '0048 602 300 400',
    email: 'biuro@piekarnia.pl',
  },
  {
    firstName: 'Ewa',
    lastName: 'Zielińska',
    street: 'Piękna',
    houseNumber: '20',
    city: 'Warszawa',
    postalCode: '00-677',
    region: 'mazowieckie',
    phone1: '603 400 500',
    phone2: '+420 601 123 456',
  },
];
const ids: number[] = [];

before(async () => {
  for (const p of people) {
    const r = await ctx.api('manager', 'POST', '/api/contacts', p);
    assert.equal(r.status, 201, r.res.body);
    ids.push(r.body.id);
  }
});

const count = async (q: string, role: 'admin' | 'manager' = 'manager') => (await ctx.api(role, 'GET', `/api/contacts/count?${q}`)).body.count as number;

test('CT-1: phones are stored as E.164 and shown as entered', async () => {
  const c = (await ctx.api('manager', 'GET', `/api/contacts/${ids[2]}`)).body;
  assert.equal(c.phone1, '+48221234567');
  assert.equal(c.phone1Raw, '(22) 123 45 67');
  const intl = (await ctx.api('manager', 'GET', `/api/contacts/${ids[4]}`)).body;
  assert.equal(intl.phone2, '+420601123456');
  assert.equal((await ctx.api('manager', 'GET', `/api/contacts/${ids[3]}`)).body.phone1, '+48602300400');
});

test('CT-1: an invalid number is reported with its field, not silently dropped', async () => {
  const r = await ctx.api('manager', 'POST', '/api/contacts', { firstName: 'X', phone1: '12345' });
  assert.equal(r.status, 400);
  assert.equal(r.body.code, 'invalid_phone');
  assert.equal(r.body.field, 'phone1');
  assert.match(r.body.message, /12345/);
  const letters = await ctx.api('manager', 'POST', '/api/contacts', { firstName: 'X', phone1: 'call me' });
  assert.equal(letters.body.field, 'phone1');
  const none = await ctx.api('manager', 'POST', '/api/contacts', { firstName: 'X' });
  assert.equal(none.status, 400);
  const email = await ctx.api('manager', 'POST', '/api/contacts', { firstName: 'X', phone1: '600100201', email: 'nope' });
  assert.equal(email.body.field, 'email');
  const extra = await ctx.api('manager', 'POST', '/api/contacts', { firstName: 'X', phone1: '600100201', shoeSize: 44 });
  assert.equal(extra.status, 400);
});

test('CT-5: each filter kind matches as specified (fragment, exact, prefix)', async () => {
  assert.equal(await count(''), 5);
  assert.equal(await count('name=nowak'), 2, 'name fragment, case-insensitive, over name and first/last name');
  assert.equal(await count(`name=${encodeURIComponent('IŚNIEW')}`), 1, 'case-insensitive for Polish letters too');
  assert.equal(await count(`region=${encodeURIComponent('mazowieckie')}`), 3);
  assert.equal(await count(`region=${encodeURIComponent('mazowieck')}`), 0, 'region is exact');
  assert.equal(await count(`street=${encodeURIComponent('ękn')}`), 2, 'address is a fragment');
  assert.equal(await count('city=Warszawa'), 3);
  assert.equal(await count('city=Warsz'), 0, 'city is exact');
  assert.equal(await count('postalCode=00-5'), 2, 'postal code is a fragment');
  assert.equal(await count('postalCode=549'), 1);
  assert.equal(await count('phone=600'), 1, 'national prefix of phone 1');
  assert.equal(await count('phone=60'), 4);
  assert.equal(await count(`phone=${encodeURIComponent('+4860')}`), 4);
  assert.equal(await count('phone=601123'), 0, 'phone 2 is not searched');
  assert.equal(await count('phone=22'), 1);
  assert.equal(await count('name=100%25'), 0, 'LIKE wildcards in input are literal');
});

test('CT-6: pages of 20 with ordinals, sorted by address then city', async () => {
  const r = await ctx.api('manager', 'GET', '/api/contacts');
  assert.equal(r.status, 200);
  assert.equal(r.body.pageSize, 20);
  assert.deepEqual(
    r.body.items.map((c: { street: string; city: string }) => `${c.street}|${c.city}`),
    ['Aleje Ujazdowskie|Warszawa', 'Długa|Gdańsk', 'Długa|Kraków', 'Piękna|Warszawa', 'Piękna|Warszawa'],
  );
  assert.deepEqual(
    r.body.items.map((c: { ordinal: number }) => c.ordinal),
    [1, 2, 3, 4, 5],
  );
  for (let i = 0; i < 40; i++)
    await ctx.api('manager', 'POST', '/api/contacts', { lastName: `P${i}`, street: 'Zwycięstwa', city: 'Gdynia', phone1: `6051${String(i).padStart(5, '0')}` });
  const p2 = await ctx.api('manager', 'GET', '/api/contacts?page=2');
  assert.equal(p2.body.items.length, 20);
  assert.equal(p2.body.items[0].ordinal, 21);
  assert.equal(p2.body.hasMore, true);
  const p3 = await ctx.api('manager', 'GET', '/api/contacts?page=3');
  assert.equal(p3.body.items.length, 5);
  assert.equal(p3.body.hasMore, false);
  const bad = await ctx.api('manager', 'GET', '/api/contacts?page=0');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.field, 'page');
});

test('CT-5: "only free" can be switched off by administrators only', async () => {
  const r = await ctx.api('manager', 'GET', '/api/contacts/count?onlyFree=false');
  assert.equal(r.status, 403);
  assert.equal(r.body.field, 'onlyFree');
  assert.equal((await ctx.api('admin', 'GET', '/api/contacts/count?onlyFree=false')).status, 200);
});

test('CT-7: block and unblock single and in bulk; blocked numbers stay blocked on re-entry', async () => {
  const one = await ctx.api('manager', 'POST', '/api/contacts/block', { filter: { ids: [ids[0]] }, reason: 'Robinson' });
  assert.equal(one.body.changed, 1);
  assert.equal((await ctx.api('manager', 'GET', `/api/contacts/${ids[0]}`)).body.blocked, true);
  assert.equal(await count('blocked=only'), 1);
  const bulk = await ctx.api('manager', 'POST', '/api/contacts/block', { filter: { city: 'Warszawa' } });
  assert.equal(bulk.body.changed, 2, 'the already blocked contact is not counted again');
  assert.equal(await count('blocked=exclude&city=Warszawa'), 0);
  // the same number entered again arrives blocked
  const again = await ctx.api('manager', 'POST', '/api/contacts', { firstName: 'Anna', phone1: '600100200' });
  assert.equal(again.body.blocked, true);
  const list = await ctx.api('manager', 'GET', '/api/blocked-numbers');
  assert.ok(list.body.some((b: { phone: string }) => b.phone === '+48600100200'));
  const un = await ctx.api('manager', 'POST', '/api/contacts/unblock', { filter: { city: 'Warszawa' } });
  assert.equal(un.body.changed, 3);
  assert.equal(await count('blocked=only&city=Warszawa'), 0);
});

test('CT-7: numbers put on the block list in bulk block their contacts; invalid ones are listed', async () => {
  const r = await ctx.api('manager', 'POST', '/api/blocked-numbers', { phones: ['601 200 300', 'garbage', '+48 699 000 000'], reason: 'opt-out' });
  assert.equal(r.status, 200);
  assert.equal(r.body.added, 2);
  assert.equal(r.body.contactsBlocked, 1);
  assert.deepEqual(
    r.body.invalid.map((i: { index: number }) => i.index),
    [1],
  );
  assert.equal((await ctx.api('manager', 'GET', `/api/contacts/${ids[1]}`)).body.blocked, true);
});

test('CT-9: the timeline records creation, edits and blocks, newest first', async () => {
  const edit = await ctx.api('manager', 'PATCH', `/api/contacts/${ids[3]}`, { houseNumber: '11' });
  assert.equal(edit.body.houseNumber, '11');
  await ctx.api('manager', 'POST', '/api/contacts/block', { filter: { ids: [ids[3]] } });
  const t = await ctx.api('supervisor', 'GET', `/api/contacts/${ids[3]}/timeline`);
  assert.deepEqual(
    t.body.map((e: { kind: string }) => e.kind),
    ['blocked', 'updated', 'created'],
  );
  assert.deepEqual(t.body[1].data.fields, ['houseNumber']);
});

test('CT-7: only administrators delete, permanently', async () => {
  assert.equal((await ctx.api('manager', 'DELETE', `/api/contacts/${ids[4]}`)).status, 403);
  assert.equal((await ctx.api('admin', 'DELETE', `/api/contacts/${ids[4]}`)).status, 204);
  assert.equal((await ctx.api('admin', 'GET', `/api/contacts/${ids[4]}`)).status, 404);
  assert.equal((await ctx.api('admin', 'DELETE', `/api/contacts/${ids[4]}`)).status, 404);
});

test('custom fields: defined by an administrator, typed, validated', async () => {
  assert.equal((await ctx.api('manager', 'POST', '/api/fields', { key: 'nip', label: 'NIP', type: 'text' })).status, 403);
  assert.equal((await ctx.api('admin', 'POST', '/api/fields', { key: 'income', label: 'Dochód', type: 'number' })).status, 201);
  assert.equal((await ctx.api('admin', 'POST', '/api/fields', { key: 'city', label: 'x', type: 'text' })).status, 409);
  assert.equal((await ctx.api('admin', 'POST', '/api/fields', { key: 'Bad Key', label: 'x', type: 'text' })).body.field, 'key');
  const ok = await ctx.api('manager', 'PATCH', `/api/contacts/${ids[0]}`, { custom: { income: '4500,50' } });
  assert.equal(ok.body.custom.income, 4500.5);
  const bad = await ctx.api('manager', 'PATCH', `/api/contacts/${ids[0]}`, { custom: { income: 'lots' } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.field, 'custom.income');
  const unknown = await ctx.api('manager', 'PATCH', `/api/contacts/${ids[0]}`, { custom: { shoe: '44' } });
  assert.equal(unknown.body.field, 'custom.shoe');
  assert.equal((await ctx.api('admin', 'DELETE', '/api/fields/income')).status, 204);
  assert.deepEqual((await ctx.api('manager', 'GET', `/api/contacts/${ids[0]}`)).body.custom, {});
});
