// npm run bench:claim [-- --seconds N] [--cases N] [--agents N] [--pool N] [--reference-seconds N] [--out file.json] [--keep]
//
// The hopper under load: N cases (default 1 000 000) in one running campaign, open all week, and
// A simulated agents (default 500) sharing one pg.Pool, each looping "next case" → "save result"
// through the engine's own code (takeNextCase and saveResult of src/modules/agents/work.ts, i.e.
// claimNext and transitionCase) for S seconds. The reference, in the same run and on the same
// table (reloaded), is a bare UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED LIMIT 1) claim
// plus a bare release UPDATE, with the same agents and pool. PostgreSQL only: the run creates its
// own database on the server of PG_ADMIN_URL and drops it at the end. One JSON object on stdout.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { type SQL, sql } from 'drizzle-orm';
import type pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { rows } from '../src/db/query.ts';
import { saveResult, takeNextCase, loginToCampaigns, type WorkDeps } from '../src/modules/agents/work.ts';
import { changeState, createCampaign } from '../src/modules/campaigns/repo.ts';
import { caseDefaults } from '../src/modules/cases/case-defaults.ts';
import { createJobRunner } from '../src/modules/jobs/runner.ts';
import { campaignStatusRows, ensureDefaultStatuses } from '../src/modules/statuses/repo.ts';
import { systemClock } from '../src/shared/clock.ts';
import { createEventBus } from '../src/shared/events.ts';
import { seededRandom } from '../src/shared/random.ts';
import { log, round, seconds, writeResult } from './lib/common.ts';
import { cpuMeter, probePool, runClients, Series } from './lib/load.ts';
import { createFreshDatabase, openPool } from './lib/pg-fresh.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    cases: { type: 'string', default: '1000000' },
    agents: { type: 'string', default: '500' },
    pool: { type: 'string', default: '10' },
    'reference-seconds': { type: 'string' },
    window: { type: 'string', default: '30' },
    'call-share': { type: 'string', default: '0.7' },
    /** each agent waits about this long after a save before taking the next case (0 = closed loop at full speed) */
    'think-ms': { type: 'string', default: '0' },
    seed: { type: 'string', default: '2028' },
    'no-reference': { type: 'boolean', default: false },
    /** extra SQL run after the set-up (and after each reload), e.g. a proposed index or storage setting */
    sql: { type: 'string', multiple: true, default: [] },
    /** VACUUM cases every S seconds during the timed phases: what autovacuum would do (it is off on the CI server) */
    'vacuum-every': { type: 'string', default: '0' },
    /** self-test of the double-claim checks: a deliberately racy claim instead of the engine's */
    'broken-claim': { type: 'boolean', default: false },
    out: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const SECONDS = Number(args.seconds);
const CASES = Number(args.cases);
const AGENTS = Number(args.agents);
const POOL = Number(args.pool);
const WINDOW_S = Number(args.window);
const CALL_SHARE = Number(args['call-share']);
const THINK_MS = Number(args['think-ms']);
const VACUUM_EVERY_S = Number(args['vacuum-every']);
const SEED = Number(args.seed);
// the reference consumes fresh cases several times faster: past a minute it could run the table dry
const REF_SECONDS = args['reference-seconds'] ? Number(args['reference-seconds']) : Math.min(SECONDS, 60);
const TARGETS = { p99Ms: 20, claimsPerSecond: 2000, ratio: 0.3, decayAtLeast: 0.9 };
const CAMPAIGN = 10001;

const fresh = await createFreshDatabase('parley_bench_claim');
let failed = false;
try {
  await main();
} catch (err) {
  failed = true;
  log(`failed: ${(err as Error).stack ?? err}`);
} finally {
  await fresh.drop({ keep: args.keep }).catch((err) => log(`drop failed: ${err}`));
}
process.exit(failed ? 1 : 0);

async function main() {
  const handle = await openDatabase({ url: fresh.url, dataDir: '' });
  const { db } = handle; // set-up, checks and statistics (the server's own pool of 10)
  const q = <T>(query: SQL) => rows<T>(db, query);
  await migrate(handle);
  const [pgInfo] = await q<Record<string, string>>(sql`select version() as version, current_setting('shared_buffers') as shared_buffers,
    current_setting('autovacuum') as autovacuum, current_setting('synchronous_commit') as synchronous_commit,
    current_setting('max_wal_size') as max_wal_size, current_setting('max_connections') as max_connections`);
  log(`${fresh.name} on ${pgInfo.version.split(' on ')[0]}; autovacuum ${pgInfo.autovacuum}`);

  // ---- set-up: agents, statuses, the campaign, contacts and cases ---------------------------
  const setup: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    setup[name] = seconds(performance.now() - t);
    log(`  ${name}: ${setup[name]} s`);
    t = performance.now();
  };
  const now = new Date();
  const agentIds = (
    await q<{ id: number }>(sql`insert into users (username, display_name, role, password_hash, created_at)
      select 'agent' || i, 'Agent ' || i, 'agent', 'x', ${now} from generate_series(1, ${AGENTS}) i returning id`)
  ).map((r) => Number(r.id));
  await ensureDefaultStatuses(db, 'en', now);
  const allDay: [string, string][] = [['00:00', '24:00']];
  await createCampaign(
    db,
    {
      id: CAMPAIGN,
      name: 'Benchmark: claim',
      workingHours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
      localWindow: { start: '00:00', end: '24:00' },
      agentIds,
    },
    now,
  );
  const statuses = await campaignStatusRows(db, CAMPAIGN);
  const callStatus = statuses.find((s) => s.systemStatus === 'to_call');
  const doNotCallStatus = statuses.find((s) => s.systemStatus === 'do_not_call');
  if (!callStatus || !doNotCallStatus) throw new Error('the default statuses "Call" and "Do not call" are missing');
  const [campaignRow] = await q<{ retry_delay_minutes: number }>(sql`select retry_delay_minutes from campaigns where id = ${CAMPAIGN}`);

  // contacts: bulk insert with the secondary indexes dropped, then rebuilt from their own definitions
  const contactIndexes = await secondaryIndexes('contacts');
  for (const i of contactIndexes) await db.execute(sql.raw(`drop index ${i.name}`));
  await db.execute(sql`insert into contacts (first_name, last_name, city, phone1, phone1_raw, source, created_at, updated_at)
    select 'Anna', 'Kowalska ' || i, 'Miasto ' || (i % 97), '+48' || (500000000 + i), (500000000 + i)::text, 'import', ${now}, ${now}
    from generate_series(1, ${CASES}) i`);
  for (const i of contactIndexes) await db.execute(sql.raw(i.def));
  lap('contactsSeconds');
  const caseIndexes = await secondaryIndexes('cases');
  const defaults = await caseDefaults(db, CAMPAIGN);
  /** (re)loads the campaign's cases as the assignment makes them: status, time zone, assignment order */
  const loadCases = async () => {
    await db.execute(sql`truncate attempts, case_history, cases`);
    for (const i of caseIndexes) await db.execute(sql.raw(`drop index ${i.name}`));
    await db.execute(sql`insert into cases (campaign_id, contact_id, created_at, status_id, tz)
      select ${CAMPAIGN}, c.id, ${now}, ${defaults.initialStatusId}::int, ${defaults.zone} from contacts c order by c.id`);
    for (const i of caseIndexes) await db.execute(sql.raw(i.def));
    await db.execute(sql`vacuum analyze cases`); // what autovacuum does after a bulk load
    await db.execute(sql`update agent_states set current_case_id = null, state = 'ready'`);
    for (const statement of args.sql) await db.execute(sql.raw(statement));
  };
  await loadCases();
  await db.execute(sql`vacuum analyze contacts`);
  await db.execute(sql`analyze`);
  lap('casesSeconds');
  await changeState(db, CAMPAIGN, 'running', now);

  // ---- the agents' pool and the engine's dependencies ----------------------------------------
  const config = loadConfig({ PARLEY_DATA_DIR: os.tmpdir(), LOG_LEVEL: 'silent', DATABASE_URL: fresh.url });
  const { db: agentDb, pool } = openPool(fresh.url, POOL);
  probePool(pool);
  const events = createEventBus();
  const jobs = createJobRunner({ db: agentDb, clock: systemClock, random: seededRandom(SEED), events, workerId: 'bench', soleProcess: false });
  const deps: WorkDeps = { db: agentDb, events, jobs, leaseMinutes: config.caseLeaseMinutes };
  for (const id of agentIds) await loginToCampaigns(deps, id, [CAMPAIGN], now);
  lap('loginSeconds');

  // ---- statistics of the cases table over the run ---------------------------------------------
  const tableStats = async () => {
    const [s] = await q<Record<string, string>>(sql`select n_dead_tup, vacuum_count, autovacuum_count,
      pg_relation_size('cases') as heap, pg_relation_size('cases_hopper_fresh') as fresh_idx, pg_relation_size('cases_hopper_retry') as retry_idx,
      pg_relation_size('cases_hopper_timed') as timed_idx, pg_relation_size('cases_locked_idx') as locked_idx, pg_indexes_size('cases') as all_idx
      from pg_stat_user_tables where relname = 'cases'`);
    // pages one claim's index walk reads: it steps over the entries of claimed rows until vacuum removes them
    const [plan] = await q<{ 'QUERY PLAN': [{ Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number } }] }>(
      sql`explain (analyze, buffers, format json) select id from cases where campaign_id = ${CAMPAIGN} and queue = 'fresh'
        and locked_by is null and released_at is null order by priority desc nulls last, id limit 1`,
    );
    const scan = plan['QUERY PLAN'][0].Plan;
    const mb = (x: string) => round(Number(x) / 2 ** 20, 1);
    return {
      claimScanPages: scan['Shared Hit Blocks'] + scan['Shared Read Blocks'],
      deadTuples: Number(s.n_dead_tup),
      vacuums: Number(s.vacuum_count) + Number(s.autovacuum_count),
      heapMb: mb(s.heap),
      freshIndexMb: mb(s.fresh_idx),
      retryIndexMb: mb(s.retry_idx),
      timedIndexMb: mb(s.timed_idx),
      lockedIndexMb: mb(s.locked_idx),
      allIndexesMb: mb(s.all_idx),
    };
  };

  /** One timed phase: `clients` loops of claim → release, windows sampled with table statistics. */
  async function phase(
    name: string,
    secs: number,
    claim: (agent: number) => Promise<number | null>,
    release: (agent: number, caseId: number, rnd: () => number) => Promise<unknown>,
  ) {
    await db.execute(sql`checkpoint`);
    const started = performance.now();
    const claims = new Series();
    const releases = new Series();
    const claimedAt: number[] = []; // ms since the start, per case handed out
    const held = new Map<number, number>(); // case → agent holding it now
    const claimLog: number[] = []; // case, agent, case, agent…
    let collisions = 0;
    let empty = 0;
    const randoms = agentIds.map((_, i) => seededRandom(SEED + i).next);
    // think time: uniform in [0.5, 1.5] × --think-ms, and a first one uniform in [0, 1] × it, so the agents do not move in step
    const thinking = agentIds.map((_, i) => seededRandom(SEED + 100_000 + i).next);
    const think = (i: number, first = false) => new Promise((r) => setTimeout(r, THINK_MS * (first ? thinking[i]() : 0.5 + thinking[i]())));
    const begun = new Set<number>();
    const samples: Awaited<ReturnType<typeof tableStats>>[] = [];
    const poolWaiting: number[] = [];
    const sampler = setInterval(() => {
      poolWaiting.push(pool.waitingCount);
    }, 100);
    let stopSampling = false;
    const statsLoop = (async () => {
      let next = started;
      while (!stopSampling) {
        samples.push(await tableStats());
        next += WINDOW_S * 1000;
        while (!stopSampling && performance.now() < next) await new Promise((r) => setTimeout(r, 200));
      }
    })();
    const vacuumSeconds: number[] = [];
    const vacuumLoop = (async () => {
      if (!VACUUM_EVERY_S) return;
      let next = started + VACUUM_EVERY_S * 1000;
      while (!stopSampling) {
        while (!stopSampling && performance.now() < next) await new Promise((r) => setTimeout(r, 200));
        if (stopSampling) break;
        const v = performance.now();
        await db.execute(sql`vacuum cases`);
        vacuumSeconds.push(seconds(performance.now() - v));
        next += VACUUM_EVERY_S * 1000;
      }
    })();
    const cpu = cpuMeter();
    log(`${name}: ${AGENTS} agents, pool ${POOL}, ${secs} s…`);
    const progress = setInterval(
      () => log(`  ${name}: ${claimedAt.length} claims, ${round(claimedAt.length / ((performance.now() - started) / 1000))}/s`),
      10_000,
    );
    await runClients(AGENTS, secs, async (i) => {
      const agent = agentIds[i];
      if (THINK_MS && !begun.has(i)) {
        begun.add(i);
        await think(i, true);
      }
      let caseId: number | null;
      try {
        caseId = await claims.measure(() => claim(agent));
      } catch {
        return;
      }
      if (caseId === null) {
        empty++;
        await new Promise((r) => setTimeout(r, 50));
        return;
      }
      if (held.has(caseId)) collisions++;
      held.set(caseId, agent);
      claimLog.push(caseId, agent);
      claimedAt.push(performance.now() - started);
      try {
        await releases.measure(() => release(agent, caseId, randoms[i]));
      } catch {
        // counted by the series; the check below finds what it left behind
      } finally {
        if (held.get(caseId) === agent) held.delete(caseId);
      }
      if (THINK_MS) await think(i);
    });
    const wall = (performance.now() - started) / 1000;
    const cpuUse = cpu();
    clearInterval(progress);
    clearInterval(sampler);
    stopSampling = true;
    await statsLoop;
    await vacuumLoop;
    samples.push(await tableStats());
    // claims/s over the phase and per full window (a claim counts when it returned a case; the
    // cycles still running at the end finish but are left out of the rates)
    const within = (from: number, to: number) => claimedAt.filter((x) => x >= from * 1000 && x < to * 1000).length;
    const windows = Array.from({ length: Math.floor(secs / WINDOW_S) }, (_, w) => ({
      fromSecond: w * WINDOW_S,
      claimsPerSecond: round(within(w * WINDOW_S, (w + 1) * WINDOW_S) / WINDOW_S),
      table: samples[w + 1],
    }));
    const rates = windows.map((w) => w.claimsPerSecond);
    const result = {
      seconds: round(wall),
      claims: claimedAt.length,
      claimsPerSecond: round(within(0, secs) / secs),
      claim: claims.summary(),
      setStatus: releases.summary(),
      windows,
      decay: rates.length >= 2 ? round(rates[rates.length - 1] / rates[0]) : null,
      emptyClaims: empty,
      ...(VACUUM_EVERY_S ? { vacuumSeconds } : {}),
      poolWaitingMean: round(poolWaiting.reduce((a, b) => a + b, 0) / Math.max(1, poolWaiting.length)),
      cpu: cpuUse,
      tableAtStart: samples[0],
      tableAtEnd: samples[samples.length - 1],
    };
    log(`${name}: ${result.claimsPerSecond} claims/s, claim p50/p99 ${result.claim.p50Ms}/${result.claim.p99Ms} ms, decay ${result.decay}`);
    return { result, collisions, claimLog };
  }

  // ---- Parley: the engine's own claim and save paths -------------------------------------------
  const brokenClaim = async (agent: number) => {
    // self-test only: read, then write — two agents can take the same case
    const [r] = await rows<{ id: string }>(
      agentDb,
      sql`select id from cases where campaign_id = ${CAMPAIGN} and queue = 'fresh' and locked_by is null and released_at is null order by priority desc, id limit 1`,
    );
    if (!r) return null;
    await agentDb.execute(sql`update cases set locked_by = ${agent}, locked_until = now() + interval '1 hour' where id = ${r.id}`);
    await agentDb.execute(sql`update agent_states set state = 'preview', since = now(), current_case_id = ${r.id} where user_id = ${agent}`);
    return Number(r.id);
  };
  const parley = await phase(
    'parley',
    SECONDS,
    async (agent) => (args['broken-claim'] ? brokenClaim(agent) : ((await takeNextCase(deps, agent, new Date())).caseId ?? null)),
    (agent, caseId, rnd) => {
      const call = rnd() < CALL_SHARE;
      return saveResult(deps, agent, caseId, { outcome: call ? 'no_answer' : 'answered', statusId: call ? callStatus.id : doNotCallStatus.id }, new Date());
    },
  );

  // ---- double claims, from the tables the engine wrote ---------------------------------------
  log('checking double claims…');
  await db.execute(sql`create table claim_log (case_id bigint not null, agent_id int not null)`);
  const logRows = parley.claimLog;
  for (let i = 0; i < logRows.length; i += 200_000) {
    const chunk: string[] = [];
    for (let j = i; j < Math.min(logRows.length, i + 200_000); j += 2) chunk.push(`${logRows[j]}\t${logRows[j + 1]}`);
    await handle.copyText('claim_log', ['case_id', 'agent_id'], `${chunk.join('\n')}\n`);
  }
  await db.execute(sql`create index on claim_log (case_id, agent_id)`);
  await db.execute(sql`analyze claim_log`);
  const [checks] = await q<Record<string, string>>(sql`select
    -- two agents' attempts on one case overlapping in time (claim → save)
    (select count(*) from attempts a join attempts b on b.case_id = a.case_id and b.id > a.id
       and b.agent_id <> a.agent_id and b.started_at < a.ended_at and a.started_at < b.ended_at) as overlapping_attempts,
    -- a case handed out twice during the run (its retry is an hour away and the lease an hour long)
    (select count(*) from (select case_id from claim_log group by 1 having count(*) > 1) x) as cases_claimed_twice,
    -- a claim the engine returned that did not end in that agent's attempt on that case
    (select count(*) from claim_log l where not exists (select 1 from attempts a where a.case_id = l.case_id and a.agent_id = l.agent_id)) as claims_without_own_attempt,
    -- an attempt on a case the agent was never handed
    (select count(*) from attempts a where not exists (select 1 from claim_log l where l.case_id = a.case_id and l.agent_id = a.agent_id)) as attempts_without_claim,
    -- every attempt has exactly one history row, by the same agent
    (select count(*) from attempts a full join (select attempt_id, requester_id, count(*) as n from case_history where attempt_id is not null group by 1, 2) h
       on h.attempt_id = a.id and h.requester_id = a.agent_id where h.n is distinct from 1 or a.id is null) as attempts_without_one_history_row,
    (select count(*) from attempts) as attempts,
    (select count(*) from cases where locked_by is not null) as left_locked,
    (select count(*) from cases where queue = 'fresh' and locked_by is null) as fresh_left`);
  const n = (k: string) => Number(checks[k]);
  const caseLockedErrors = parley.result.setStatus.errors.case_locked ?? 0;
  const doubleClaims = {
    inMemoryCollisions: parley.collisions,
    overlappingAttempts: n('overlapping_attempts'),
    casesClaimedTwice: n('cases_claimed_twice'),
    claimsWithoutOwnAttempt: n('claims_without_own_attempt'),
    attemptsWithoutClaim: n('attempts_without_claim'),
    attemptsWithoutOneHistoryRow: n('attempts_without_one_history_row'),
    caseLockedErrorsOnSave: caseLockedErrors,
    total: parley.collisions + n('overlapping_attempts') + n('cases_claimed_twice') + n('claims_without_own_attempt') + n('attempts_without_claim'),
  };
  log(`double claims: ${JSON.stringify(doubleClaims)}`);
  const parleyChecks = { attempts: n('attempts'), leftLocked: n('left_locked'), freshLeft: n('fresh_left') };

  // ---- the reference: bare SKIP LOCKED claim and release on the same (reloaded) table ---------
  let reference: Awaited<ReturnType<typeof phase>>['result'] | null = null;
  if (!args['no-reference']) {
    t = performance.now();
    await loadCases();
    lap('reloadSeconds');
    const claimSql = `update cases set locked_by = $1, locked_until = $2 where id = (select id from cases where campaign_id = $3 and queue = 'fresh'
      and locked_by is null and released_at is null order by priority desc nulls last, id limit 1 for update skip locked) returning id`;
    // the release takes the case out of the fresh queue as the engine's "Call" does (retry, later)
    const releaseSql = `update cases set locked_by = null, locked_until = null, queue = 'retry', callable_at = $2 where id = $1`;
    const leaseMs = config.caseLeaseMinutes * 60_000;
    const retryMs = campaignRow.retry_delay_minutes * 60_000;
    const ref = await phase(
      'reference',
      REF_SECONDS,
      async (agent) => {
        const r = await (pool as pg.Pool).query<{ id: string }>(claimSql, [agent, new Date(Date.now() + leaseMs), CAMPAIGN]);
        return r.rows[0] ? Number(r.rows[0].id) : null;
      },
      (_agent, caseId) => pool.query(releaseSql, [caseId, new Date(Date.now() + retryMs)]),
    );
    reference = ref.result;
    if (ref.collisions) log(`reference: ${ref.collisions} in-memory collisions`);
  }
  await pool.end();
  await handle.close();

  const p = parley.result;
  const ratio = reference ? round(p.claimsPerSecond / reference.claimsPerSecond) : null;
  const pass = {
    claimP99: p.claim.p99Ms < TARGETS.p99Ms,
    setStatusP99: p.setStatus.p99Ms < TARGETS.p99Ms,
    claimsPerSecond: p.claimsPerSecond >= TARGETS.claimsPerSecond,
    ratio: ratio !== null && ratio >= TARGETS.ratio,
    noDecay: p.decay !== null && p.decay >= TARGETS.decayAtLeast,
    noDoubleClaims: doubleClaims.total === 0 && p.setStatus.errors.case_locked === undefined,
  };
  const result = {
    benchmark: 'claim',
    engine: 'postgres',
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    postgres: pgInfo,
    config: {
      cases: CASES,
      agents: AGENTS,
      pool: POOL,
      seconds: SECONDS,
      referenceSeconds: REF_SECONDS,
      windowSeconds: WINDOW_S,
      callShare: CALL_SHARE,
      thinkMs: THINK_MS,
      vacuumEverySeconds: VACUUM_EVERY_S || null,
      extraSql: args.sql,
      seed: SEED,
      leaseMinutes: config.caseLeaseMinutes,
      retryDelayMinutes: campaignRow.retry_delay_minutes,
      statuses: { call: callStatus.name, doNotCall: doNotCallStatus.name },
      claimPath: args['broken-claim'] ? 'SELF-TEST: racy read-then-update claim' : 'takeNextCase (claimNext) → saveResult (transitionCase)',
    },
    setup,
    parley: { ...p, ...parleyChecks },
    reference,
    ratio,
    doubleClaims,
    targets: TARGETS,
    pass,
    allPass: Object.values(pass).every(Boolean),
  };
  writeResult(result, args.out);

  async function secondaryIndexes(table: string) {
    return q<{ name: string; def: string }>(sql`select i.relname as name, pg_get_indexdef(i.oid) as def
      from pg_index x join pg_class i on i.oid = x.indexrelid
      where x.indrelid = ${table}::regclass and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)`);
  }
}
