// AS-1..AS-4, AS-6, CT-8 (last used on assignment) through the API and the job runner.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { rows } from '../../db/query.ts';
import { createTestContext } from '../../../test/harness.ts';

const ctx = await createTestContext({ PARLEY_SYNC_ASSIGN_LIMIT: '20' });
after(() => ctx.close());

const streets = ['Wiejska', 'Długa', 'Akacjowa', 'Polna'];
const cities = ['Radom', 'Kielce'];
let campaignA: number;
let campaignB: number;

before(async () => {
  // 32 contacts: 4 streets × 2 cities × 4 numbers, created in an order unrelated to the sort
  let n = 0;
  for (let k = 0; k < 4; k++) {
    for (const city of cities) {
      for (const street of streets) {
        const r = await ctx.api('manager', 'POST', '/api/contacts', {
          lastName: `L${n}`,
          street,
          houseNumber: String(k + 1),
          city,
          region: 'świętokrzyskie',
          phone1: `50010${String(n).padStart(4, '0')}`,
        });
        assert.equal(r.status, 201);
        n++;
      }
    }
  }
  campaignA = (await ctx.api('manager', 'POST', '/api/campaigns', { name: 'Jesień Radom' })).body.id;
  campaignB = (await ctx.api('manager', 'POST', '/api/campaigns', { name: 'Ankieta Kielce', id: 54321 })).body.id;
});

const cases = (campaignId: number) =>
  rows<{ id: string; contact_id: string; street: string; city: string }>(
    ctx.db,
    sql`select k.id, k.contact_id, c.street, c.city from cases k join contacts c on c.id = k.contact_id where k.campaign_id = ${campaignId} order by k.id`,
  );

test('campaigns get the next free 5-digit id, or the one given if free', async () => {
  assert.equal(campaignA, 10000);
  assert.equal(campaignB, 54321);
  assert.equal((await ctx.api('manager', 'GET', '/api/campaigns/next-id')).body.id, 10001);
  const taken = await ctx.api('manager', 'POST', '/api/campaigns', { name: 'x', id: 54321 });
  assert.equal(taken.status, 409);
  assert.equal(taken.body.field, 'id');
  assert.equal((await ctx.api('manager', 'POST', '/api/campaigns', { name: 'x', id: 999 })).body.field, 'id');
  const search = await ctx.api('supervisor', 'GET', '/api/campaigns?q=radom');
  assert.deepEqual(
    search.body.map((c: { name: string }) => c.name),
    ['Jesień Radom'],
  );
});

test('AS-2: the preview counts selected, possible, and the campaign’s all/unused contacts', async () => {
  const p = await ctx.api('manager', 'POST', '/api/assignments/preview', { filter: { city: 'Radom' } });
  assert.deepEqual([p.body.selected, p.body.free, p.body.campaign], [16, 16, null]);
  const withCampaign = await ctx.api('manager', 'POST', '/api/assignments/preview', { campaignId: campaignA, filter: { city: 'Radom' } });
  assert.deepEqual(withCampaign.body.campaign, { id: campaignA, name: 'Jesień Radom', total: 0, unused: 0 });
  assert.equal(withCampaign.body.eligible, 16);
  assert.equal((await ctx.api('manager', 'POST', '/api/assignments/preview', { campaignId: 99998, filter: {} })).status, 404);
});

test('AS-4 + AS-6: assigning by filter with a count creates cases in address, city order, and says how many were added', async () => {
  const r = await ctx.api('manager', 'POST', '/api/assignments', { campaignId: campaignA, filter: { city: 'Radom' }, limit: 6 });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { total: 6, added: 6, skippedInUse: 0, skippedBlocked: 0, skippedDuplicate: 0 });
  const list = await cases(campaignA);
  assert.deepEqual(
    list.map((c) => `${c.street}|${c.city}`),
    ['Akacjowa|Radom', 'Akacjowa|Radom', 'Akacjowa|Radom', 'Akacjowa|Radom', 'Długa|Radom', 'Długa|Radom'],
  );
  // CT-8: last used is the assignment time while the case holds the contact; the contact is locked
  const c = (await ctx.api('admin', 'GET', `/api/contacts/${list[0].contact_id}`)).body;
  assert.equal(c.lastUsedAt, ctx.clock.now().toISOString());
  assert.equal(c.inCampaignId, campaignA);
  const t = (await ctx.api('manager', 'GET', `/api/contacts/${list[0].contact_id}/timeline`)).body;
  assert.equal(t[0].kind, 'assigned');
  assert.equal(t[0].campaignId, campaignA);
  assert.equal(t[0].campaignName, (await ctx.api('manager', 'GET', `/api/campaigns/${campaignA}`)).body.name, 'named, so no page shows a bare id');
});

test('AS-1: an assigned contact is not free: a second assignment skips it and says so', async () => {
  const used = await cases(campaignA);
  const ids = [...used.slice(0, 3).map((c) => Number(c.contact_id))];
  const freeOnes = (await ctx.api('manager', 'GET', '/api/contacts?city=Kielce')).body.items.slice(0, 2).map((c: { id: number }) => c.id);
  const preview = await ctx.api('manager', 'POST', '/api/assignments/preview', { campaignId: campaignB, filter: { ids: [...ids, ...freeOnes] } });
  assert.deepEqual([preview.body.selected, preview.body.free, preview.body.eligible], [5, 2, 2]);
  const r = await ctx.api('manager', 'POST', '/api/assignments', { campaignId: campaignB, filter: { ids: [...ids, ...freeOnes] } });
  assert.equal(r.body.added, 2);
  assert.equal((await ctx.api('manager', 'GET', '/api/contacts/count?city=Kielce')).body.count, 14, 'only free by default');
  assert.equal((await ctx.api('admin', 'GET', '/api/contacts/count?city=Kielce&onlyFree=false')).body.count, 16);
});

test('blocked contacts are never assigned, whatever the filter says', async () => {
  const target = (await ctx.api('manager', 'GET', '/api/contacts?city=Kielce&street=Polna')).body.items.map((c: { id: number }) => c.id);
  await ctx.api('manager', 'POST', '/api/contacts/block', { filter: { ids: target } });
  const r = await ctx.api('manager', 'POST', '/api/assignments', { campaignId: campaignB, filter: { ids: target, blocked: 'include' } });
  assert.equal(r.body.added, 0);
  const inCampaign = await rows<{ n: string }>(ctx.db, sql`select count(*) as n from cases where contact_id in (select id from contacts where blocked)`);
  assert.equal(Number(inCampaign[0].n), 0);
  await ctx.api('manager', 'POST', '/api/contacts/unblock', { filter: { ids: target } });
});

test('AS-3: a large assignment runs as a job with progress, resumes after a crash, and never assigns twice', async () => {
  const before = (await cases(campaignB)).length;
  const r = await ctx.api('manager', 'POST', '/api/assignments', { campaignId: campaignB, filter: { region: 'świętokrzyskie' } });
  assert.equal(r.status, 202);
  const jobId = r.body.jobId;
  assert.equal(r.body.total, 24, '32 contacts, 8 already in campaigns');
  // make the job small-batched, then crash it in the middle of its second batch
  await ctx.db.execute(sql`update jobs set payload = jsonb_set(payload, '{batchSize}', '5') where id = ${jobId}`);
  let progressEvents = 0;
  const crash = ctx.events.subscribe((e) => {
    if (e.type === 'job.progress' && e.jobId === jobId && ++progressEvents === 3) throw new Error('power cut');
  });
  await ctx.jobs.runDue();
  crash();
  const halfway = (await ctx.api('manager', 'GET', `/api/jobs/${jobId}`)).body;
  assert.equal(halfway.state, 'queued');
  assert.match(halfway.lastError, /power cut/);
  assert.equal(halfway.progress.done, 5, 'the first batch committed with its checkpoint');
  assert.equal((await cases(campaignB)).length, before + 5);

  ctx.clock.advance(60_000);
  await ctx.jobs.runDue();
  const done = (await ctx.api('manager', 'GET', `/api/jobs/${jobId}`)).body;
  assert.equal(done.state, 'done');
  assert.deepEqual(done.result, { total: 24, added: 24, skippedInUse: 0, skippedBlocked: 0, skippedDuplicate: 0 });
  const all = await cases(campaignB);
  assert.equal(all.length, before + 24);
  assert.equal(new Set(all.map((c) => c.contact_id)).size, all.length, 'no contact twice');
  const fresh = all.slice(before).map((c) => `${c.street}|${c.city}`);
  assert.deepEqual(
    fresh,
    [...fresh].sort((a, b) => a.localeCompare(b, 'pl')),
    'assignment order follows address, city',
  );
  assert.ok(ctx.published.some((e) => e.type === 'job.finished' && e.jobId === jobId && e.state === 'done'));
  const mine = (await ctx.api('manager', 'GET', '/api/jobs')).body;
  assert.ok(mine.some((j: { id: number }) => j.id === jobId));
  assert.equal((await ctx.api('agent', 'GET', `/api/jobs/${jobId}`)).status, 404, 'jobs are private to their owner');
});

test('AS-4: assigning again skips everything already there and reports 0 added', async () => {
  const r = await ctx.api('admin', 'POST', '/api/assignments', { campaignId: campaignB, filter: { region: 'świętokrzyskie', onlyFree: false } });
  assert.equal(r.status, 200);
  assert.equal(r.body.added, 0);
});

test('CT-5 "least recently used N" picks the contacts with the oldest last-used date', async () => {
  const extra: number[] = [];
  for (let i = 0; i < 3; i++) extra.push((await ctx.api('manager', 'POST', '/api/contacts', { lastName: `Fresh${i}`, phone1: `50020000${i}` })).body.id);
  const lru = await ctx.api('admin', 'GET', '/api/contacts?leastRecentlyUsed=3&onlyFree=false');
  assert.deepEqual(lru.body.items.map((c: { id: number }) => c.id).sort(), extra.sort(), 'never-used contacts come first');
  assert.equal((await ctx.api('admin', 'GET', '/api/contacts/count?leastRecentlyUsed=3&onlyFree=false')).body.count, 3);
});

test('bad assignment input is refused with the field', async () => {
  assert.equal((await ctx.api('manager', 'POST', '/api/assignments', { campaignId: 1, filter: {} })).body.field, 'campaignId');
  assert.equal((await ctx.api('manager', 'POST', '/api/assignments', { campaignId: campaignA, filter: {}, limit: 0 })).body.field, 'limit');
  assert.equal((await ctx.api('manager', 'POST', '/api/assignments', { campaignId: campaignA, filter: { colour: 'red' } })).status, 400);
  assert.equal((await ctx.api('supervisor', 'POST', '/api/assignments', { campaignId: campaignA, filter: {} })).status, 403);
});

test('CT-8: ending a campaign frees its contacts and rolls back last used for the unused ones', async () => {
  const c = (await ctx.api('manager', 'POST', '/api/campaigns', { name: 'Krótka', agentIds: [ctx.users.agent] })).body.id;
  assert.equal((await ctx.api('manager', 'POST', `/api/campaigns/${c}/state`, { state: 'running' })).status, 200);
  const contact = (await ctx.api('manager', 'POST', '/api/contacts', { lastName: 'Rollback', phone1: '500300400' })).body.id;
  const other = (await ctx.api('manager', 'POST', '/api/contacts', { lastName: 'Used', phone1: '500300401' })).body.id;
  // an earlier campaign used it a week ago
  const weekAgo = new Date(ctx.clock.now().getTime() - 7 * 86_400_000);
  await ctx.db.execute(sql`update contacts set last_used_at = ${weekAgo} where id in (${contact}, ${other})`);
  await ctx.api('manager', 'POST', '/api/assignments', { campaignId: c, filter: { ids: [contact, other] } });
  assert.equal((await ctx.api('admin', 'GET', `/api/contacts/${contact}`)).body.lastUsedAt, ctx.clock.now().toISOString());
  // a call happened with one of them (an attempt marks its case used)
  await ctx.db.execute(sql`update cases set used = true where contact_id = ${other}`);
  ctx.clock.advance(3_600_000);
  const stopped = await ctx.api('manager', 'PATCH', `/api/campaigns/${c}`, { state: 'stopped' });
  assert.equal(stopped.body.state, 'stopped');
  const back = (await ctx.api('admin', 'GET', `/api/contacts/${contact}`)).body;
  assert.equal(back.inCampaignId, null, 'free again');
  assert.equal(back.lastUsedAt, weekAgo.toISOString(), 'rolled back to the previous use');
  const used = (await ctx.api('admin', 'GET', `/api/contacts/${other}`)).body;
  assert.equal(used.inCampaignId, null);
  assert.equal(used.lastUsedAt, new Date(ctx.clock.now().getTime() - 3_600_000).toISOString(), 'a used contact keeps its date');
  const counts = (await ctx.api('manager', 'GET', `/api/campaigns/${c}`)).body;
  assert.deepEqual([counts.total, counts.unused], [2, 0]);
  const t = (await ctx.api('manager', 'GET', `/api/contacts/${contact}/timeline`)).body;
  assert.equal(t[0].kind, 'released');
});
