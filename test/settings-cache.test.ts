// Kept settings and writes without a transaction (the dialer's unanswered outcomes). Invariants:
// a kept campaign row and status list are never used after any write to campaigns, statuses,
// campaign_statuses or processes; a write from a row read earlier happens only while that row
// and the settings are unchanged, and otherwise leaves nothing behind (no attempt, no history).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { eq, type SQL, sql } from 'drizzle-orm';
import { createTestContext } from './harness.ts';
import { mapRow, rows } from '../src/db/query.ts';
import { cases } from '../src/db/schema.ts';
import { getCampaign } from '../src/modules/campaigns/repo.ts';
import { campaignSettings, keptSettings, lockCaseWithSettings } from '../src/modules/campaigns/settings-cache.ts';
import { claimedCase, claimTierSql, claimTiers } from '../src/modules/cases/hopper.ts';
import { transitionIfUnchanged } from '../src/modules/cases/transition.ts';

const ctx = await createTestContext({ PARLEY_SYNC_ASSIGN_LIMIT: '100000' });
after(() => ctx.close());

const version = async () => (await rows<{ v: string | null }>(ctx.db, sql`select v from settings_version`))[0]?.v ?? null;
const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));

async function runningCampaign(name: string, contacts: number) {
  for (let i = 0; i < contacts; i++) {
    const r = await ctx.api('manager', 'POST', '/api/contacts', {
      lastName: `S${i}`,
      city: name,
      phone1: `+4861${String(name.length).padStart(2, '0')}${String(i).padStart(5, '0')}`,
    });
    assert.equal(r.status, 201, r.res.body);
  }
  const c = await ctx.api('manager', 'POST', '/api/campaigns', { name, mode: 'predictive', workingHours: allDay, agentIds: [ctx.users.agent] });
  assert.equal(c.status, 201, c.res.body);
  assert.equal((await ctx.api('manager', 'POST', '/api/assignments', { campaignId: c.body.id, filter: { city: name } })).status, 200);
  const s = await ctx.api('manager', 'POST', `/api/campaigns/${c.body.id}/state`, { state: 'running' });
  assert.equal(s.status, 200, s.res.body);
  return getCampaign(ctx.db, c.body.id);
}

test('kept settings: the same object while nothing changed, read again after any write to what they are made of (a truncated version keeps nothing)', async () => {
  const campaign = await runningCampaign('Keptville', 1);
  const first = await campaignSettings(ctx.db, campaign.id, await version());
  assert.equal(await campaignSettings(ctx.db, campaign.id, await version()), first, 'kept while unchanged');
  const writes: SQL[] = [
    sql`update campaigns set description = 'edited' where id = ${campaign.id}`,
    sql`update statuses set name = name || '.' where id = (select min(id) from statuses)`,
    sql`delete from campaign_statuses where campaign_id = -1`, // no row: the statement still counts
    sql`update processes set name = name where false`,
  ];
  let before = first;
  for (const w of writes) {
    await ctx.db.execute(w);
    const now = await campaignSettings(ctx.db, campaign.id, await version());
    assert.notEqual(now, before, `read again after: ${w.queryChunks.map(String).join('').slice(0, 40)}`);
    before = now;
  }
  assert.equal((await campaignSettings(ctx.db, campaign.id, await version())).campaign.description, 'edited');
  // a write rolled back leaves the version as it was: what was kept stays valid
  await ctx.db
    .transaction(async (tx) => {
      await tx.execute(sql`update campaigns set description = 'never' where id = ${campaign.id}`);
      await campaignSettings(tx, campaign.id, (await rows<{ v: string }>(tx, sql`select v from settings_version`))[0].v);
      tx.rollback();
    })
    .catch(() => undefined);
  assert.equal((await campaignSettings(ctx.db, campaign.id, await version())).campaign.description, 'edited');
  // emptied (as a test harness does): nothing is kept until a settings write brings a version back
  await ctx.db.execute(sql`delete from settings_version`);
  const unversioned = await campaignSettings(ctx.db, campaign.id, await version());
  assert.notEqual(await campaignSettings(ctx.db, campaign.id, await version()), unversioned);
  await ctx.db.execute(sql`update campaigns set description = 'back' where id = ${campaign.id}`);
  assert.ok(await version(), 'the next settings write restores the row');
  const [k] = await rows<{ id: string }>(ctx.db, sql`select id from cases where campaign_id = ${campaign.id}`);
  const locked = await ctx.db.transaction((tx) => lockCaseWithSettings(tx, Number(k.id)));
  assert.equal(locked.settings.campaign.description, 'back', 'the lock reads the version with the case');
});

test('an unanswered outcome written from the claimed row: only while the case and the settings are unchanged, and nothing is left when not', async () => {
  ctx.clock.set('2026-03-02T09:00:00Z');
  const campaign = await runningCampaign('Claimtown', 3);
  const now = ctx.clock.now();
  const opts = { agentId: 0, now, leaseMinutes: 60 };
  const claimed = await claimTiers(campaign, 3, ['fresh'], now, async (tier, limit) =>
    (await rows<Record<string, unknown>>(ctx.db, claimTierSql(tier, campaign, opts, limit))).map(claimedCase),
  );
  assert.equal(claimed.length, 3);
  assert.ok(claimed.every((x) => x.row.lockedBy === 0 && /^\d+$/.test(x.xmin)));
  const settings = await campaignSettings(ctx.db, campaign.id, await version());
  const noAnswer = settings.statuses.find((s) => s.active && s.qualifier === 'call_again');
  assert.ok(noAnswer, 'a status to set');
  const write = (i: number, v = settings.version) =>
    transitionIfUnchanged(
      ctx.db,
      claimed[i].row,
      {
        campaign: settings.campaign,
        status: noAnswer,
        statuses: settings.statuses,
        actorId: null,
        source: 'dialer',
        attempt: { agentId: null, outcome: 'no_answer', phone: null, startedAt: now, answers: {}, call: undefined },
        now,
      },
      { xmin: claimed[i].xmin, settingsVersion: v },
    );
  const traces = async (caseId: number) =>
    (
      await rows<{ n: number }>(
        ctx.db,
        sql`select (select count(*) from attempts where case_id = ${caseId}) + (select count(*) from case_history where case_id = ${caseId}) as n`,
      )
    )[0].n;

  // unchanged: written, the lock released, one attempt and one history row
  const done = await write(0);
  assert.ok(done, 'written');
  const [k0] = await rows<{ locked_by: number | null; attempts: number; status_id: number }>(
    ctx.db,
    sql`select locked_by, attempts, status_id from cases where id = ${claimed[0].row.id}`,
  );
  assert.deepEqual(k0, { locked_by: null, attempts: 1, status_id: noAnswer.id });
  assert.equal(Number(await traces(claimed[0].row.id)), 2);
  assert.equal(await write(0), null, 'a second write from the same row finds it changed (by the first)');

  // the case changed meanwhile (a supervisor, a block, anything): nothing written
  await ctx.db.execute(sql`update cases set priority = 5 where id = ${claimed[1].row.id}`);
  assert.equal(await write(1), null);
  assert.equal(Number(await traces(claimed[1].row.id)), 0);
  const [k1] = await rows<{ locked_by: number | null }>(ctx.db, sql`select locked_by from cases where id = ${claimed[1].row.id}`);
  assert.equal(k1.locked_by, 0, 'still the dialer’s: the locking path decides');

  // the settings changed meanwhile: nothing written, and the kept ones are not current any more
  await ctx.db.execute(sql`update statuses set name = name where id = ${noAnswer.id}`);
  assert.equal(await write(2), null);
  assert.equal(Number(await traces(claimed[2].row.id)), 0);
  assert.equal(keptSettings(campaign.id)?.version, settings.version, 'kept until the next read, which reads again');
  assert.notEqual((await campaignSettings(ctx.db, campaign.id, await version())).version, settings.version);
});

test('mapRow reads a raw `returning *` row as Drizzle’s own select does (dates, bigints, JSON, nulls)', async () => {
  for (const where of [sql`attempts > 0`, sql`attempts = 0`]) {
    const [raw] = await rows<Record<string, unknown>>(ctx.db, sql`select * from cases where ${where} order by id limit 1`);
    assert.ok(raw, 'a case to compare');
    const [drizzled] = await ctx.db
      .select()
      .from(cases)
      .where(eq(cases.id, Number(raw.id)));
    assert.deepEqual(mapRow(cases, raw), drizzled);
  }
});
