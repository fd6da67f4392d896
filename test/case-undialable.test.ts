// cases.undialable (kept by triggers, migration 0014) keeps blocked cases out of the hopper
// indexes. Invariant: after any sequence of blocking, unblocking, block-list and number edits and
// a campaign switching the number it dials, the flag equals what it stands for on every case —
// so it can neither let a blocked number into the hopper index nor hide a callable case.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { createTestContext } from './harness.ts';
import { rows } from '../src/db/query.ts';

const ctx = await createTestContext({ PARLEY_SYNC_ASSIGN_LIMIT: '100000' });
after(() => ctx.close());

const phone = (i: number) => `+4860000${String(i).padStart(4, '0')}`;

/** cases whose flag disagrees with the truth: the contact blocked, no number, or the number on the list */
async function disagreeing(): Promise<string[]> {
  const r = await rows<{ id: string }>(
    ctx.db,
    sql`select k.id from cases k join contacts ct on ct.id = k.contact_id join campaigns c on c.id = k.campaign_id
      cross join lateral (select case when c.phone_column = 'phone2' then ct.phone2 else ct.phone1 end as phone) n
      where k.undialable <> (ct.blocked or n.phone is null or exists (select 1 from blocked_numbers b where b.phone = n.phone))`,
  );
  return r.map((x) => x.id);
}

test('cases.undialable follows blocking, the block list, number edits and the campaign\'s dialed number, and keeps cases out of the hopper', async () => {
  ctx.clock.set('2026-03-02T09:00:00Z');
  const contactIds: number[] = [];
  for (let i = 0; i < 6; i++) {
    const r = await ctx.api('manager', 'POST', '/api/contacts', { lastName: `U${i}`, city: 'Undialtown', phone1: phone(i), phone2: phone(100 + i) });
    assert.equal(r.status, 201, r.res.body);
    contactIds.push(r.body.id);
  }
  // a number on the list whose contact is not marked blocked (a bulk load by plain SQL): its new case arrives undialable
  await ctx.db.execute(sql`insert into blocked_numbers (phone, created_at) values (${phone(5)}, now())`);
  const c = await ctx.api('manager', 'POST', '/api/campaigns', { name: 'Undialable flag', agentIds: [ctx.users.agent] });
  assert.equal(c.status, 201, c.res.body);
  const campaignId = c.body.id;
  assert.equal((await ctx.api('manager', 'POST', '/api/assignments', { campaignId, filter: { city: 'Undialtown' } })).status, 200);
  const flagged = await rows<{ id: string }>(ctx.db, sql`select k.id from cases k where k.campaign_id = ${campaignId} and k.undialable`);
  assert.equal(flagged.length, 1, 'the case of the number blocked before assignment');
  assert.deepEqual(await disagreeing(), []);

  const ops = fc.oneof(
    fc.record({ kind: fc.constant('list' as const), i: fc.integer({ min: 0, max: 5 }), second: fc.boolean() }),
    fc.record({ kind: fc.constant('unlist' as const), i: fc.integer({ min: 0, max: 5 }), second: fc.boolean() }),
    fc.record({ kind: fc.constant('block' as const), i: fc.integer({ min: 0, max: 5 }), on: fc.boolean() }),
    fc.record({ kind: fc.constant('edit' as const), i: fc.integer({ min: 0, max: 5 }), to: fc.option(fc.integer({ min: 0, max: 7 })) }),
    fc.record({ kind: fc.constant('column' as const), second: fc.boolean() }),
    fc.record({ kind: fc.constant('sql' as const), i: fc.integer({ min: 0, max: 5 }) }),
  );
  await fc.assert(
    fc.asyncProperty(fc.array(ops, { minLength: 1, maxLength: 6 }), async (list) => {
      for (const op of list) {
        if (op.kind === 'list') await ctx.api('manager', 'POST', '/api/blocked-numbers', { phones: [phone(op.second ? 100 + op.i : op.i)] });
        if (op.kind === 'unlist') await ctx.api('manager', 'DELETE', `/api/blocked-numbers/${encodeURIComponent(phone(op.second ? 100 + op.i : op.i))}`);
        if (op.kind === 'block') await ctx.api('manager', 'POST', `/api/contacts/${op.on ? 'block' : 'unblock'}`, { filter: { ids: [contactIds[op.i]] } });
        if (op.kind === 'edit') await ctx.db.execute(sql`update contacts set phone1 = ${op.to === null ? null : phone(op.to)} where id = ${contactIds[op.i]}`);
        if (op.kind === 'column') await ctx.db.execute(sql`update campaigns set phone_column = ${op.second ? 'phone2' : 'phone1'} where id = ${campaignId}`);
        // plain SQL on the block list, as a bulk load would do it
        if (op.kind === 'sql') await ctx.db.execute(sql`insert into blocked_numbers (phone, created_at) values (${phone(op.i)}, now()) on conflict do nothing`);
        assert.deepEqual(await disagreeing(), [], `after ${JSON.stringify(op)}`);
      }
      // the hopper index holds no undialable case (the planner may use it for the claim's condition)
      const inIndex = await rows<{ n: number }>(
        ctx.db,
        sql`select count(*)::int as n from cases k where k.campaign_id = ${campaignId} and k.queue = 'fresh' and k.locked_by is null and k.released_at is null
          and not k.undialable and exists (select 1 from contacts ct where ct.id = k.contact_id and ct.blocked)`,
      );
      assert.equal(inIndex[0].n, 0);
    }),
    { numRuns: 25, seed: 11 },
  );
});
