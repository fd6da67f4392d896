// Closed-loop load of simulated clients sharing one pg.Pool: per-call latency, split into the
// time spent waiting for a pool connection and the rest (statements and Node), statements per
// call, completions per time window, and machine / Node CPU over the run.
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import fs from 'node:fs';
import pg from 'pg';
import { percentile, round } from './common.ts';

interface CallStats {
  waitMs: number;
  statements: number;
}
const current = new AsyncLocalStorage<CallStats>();

let statementsCounted = false;
/** Counts every statement sent by any pg.Client to the call it belongs to. */
function countStatements() {
  if (statementsCounted) return;
  statementsCounted = true;
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const s = current.getStore();
    if (s) s.statements++;
    return original.apply(this, args);
  };
}

/** Measures the wait for a connection of `pool` (pool.query and transactions both go through connect). */
export function probePool(pool: pg.Pool) {
  countStatements();
  const connect = pool.connect.bind(pool) as (cb?: (err: Error | undefined, client: pg.PoolClient, done: () => void) => void) => unknown;
  (pool as unknown as { connect: unknown }).connect = (cb?: (err: Error | undefined, client: pg.PoolClient, done: () => void) => void) => {
    const s = current.getStore();
    const started = performance.now();
    const took = () => {
      if (s) s.waitMs += performance.now() - started;
    };
    // the pool hands a freed connection over in the releasing caller's context: restore ours
    if (cb)
      return connect(
        AsyncResource.bind((err: Error | undefined, client: pg.PoolClient, done: () => void) => {
          took();
          cb(err, client, done);
        }),
      );
    return (connect() as Promise<pg.PoolClient>).then((client) => {
      took();
      return client;
    });
  };
}

/** The latencies of one kind of call. */
export class Series {
  ms: number[] = [];
  waitMs: number[] = [];
  statements = 0;
  errors = new Map<string, number>();

  async measure<T>(fn: () => Promise<T>): Promise<T> {
    const stats: CallStats = { waitMs: 0, statements: 0 };
    const started = performance.now();
    try {
      return await current.run(stats, fn);
    } catch (err) {
      const code = (err as { code?: string }).code ?? (err as Error).name;
      this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
      throw err;
    } finally {
      this.ms.push(performance.now() - started);
      this.waitMs.push(stats.waitMs);
      this.statements += stats.statements;
    }
  }

  summary() {
    const n = this.ms.length;
    const service = this.ms.map((ms, i) => ms - this.waitMs[i]);
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
    return {
      calls: n,
      p50Ms: round(percentile(this.ms, 50)),
      p99Ms: round(percentile(this.ms, 99)),
      maxMs: round(n ? this.ms.reduce((a, b) => Math.max(a, b), 0) : Number.NaN),
      meanMs: round(mean(this.ms)),
      /** the part of the latency spent waiting for a pool connection */
      poolWaitMeanMs: round(mean(this.waitMs)),
      /** latency minus pool wait: statements on the server, the network and Node */
      serviceP50Ms: round(percentile(service, 50)),
      serviceP99Ms: round(percentile(service, 99)),
      statementsPerCall: round(this.statements / Math.max(1, n), 1),
      errors: Object.fromEntries(this.errors),
    };
  }
}

/** Runs `clients` loops until `seconds` have passed; each loop finishes the cycle it is in. */
export async function runClients(clients: number, seconds: number, cycle: (client: number, until: number) => Promise<void>) {
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      while (performance.now() < until) await cycle(i, until);
    }),
  );
}

/** CPU seconds used so far by the live processes named `postgres` (server backends and workers). */
function postgresCpuSeconds(): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(pid), (Number(f[11]) + Number(f[12])) / 100); // utime + stime, in clock ticks of 10 ms
    } catch {
      // the process ended
    }
  }
  return out;
}

/** Busy share of the whole machine, this process's CPU and the PostgreSQL server's between two calls. */
export function cpuMeter() {
  const machine = () => {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3] + (f[4] ?? 0);
    return { idle, total: f.reduce((a, b) => a + b, 0) };
  };
  const m0 = machine();
  const elu0 = performance.eventLoopUtilization();
  const c0 = process.cpuUsage();
  const p0 = postgresCpuSeconds();
  const t0 = performance.now();
  return () => {
    const m1 = machine();
    const c = process.cpuUsage(c0);
    let pg = 0;
    for (const [pid, s] of postgresCpuSeconds()) pg += s - (p0.get(pid) ?? 0);
    const wall = (performance.now() - t0) / 1000;
    return {
      machineBusy: round(1 - (m1.idle - m0.idle) / Math.max(1, m1.total - m0.total)),
      nodeCpuSeconds: round((c.user + c.system) / 1e6, 1),
      nodeCpuShareOfOneCore: round((c.user + c.system) / 1e6 / wall),
      /** share of the time Node's event loop was busy: near 1, Node itself is the bottleneck */
      nodeEventLoopUtilization: round(performance.eventLoopUtilization(elu0).utilization),
      /** every postgres process of the server (other databases' work included; backends that ended are missed) */
      postgresCpuSeconds: round(pg, 1),
    };
  };
}
