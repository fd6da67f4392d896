// PGlite answers a parameterised query with six trips into WASM (parse, describe, bind, describe,
// execute, sync) and plans it afresh each time. Here every SQL text becomes a named prepared
// statement once; after that a query is one trip (bind, execute, sync) on a cached plan. The
// values are serialised by PGlite's own serialisers and the rows parsed by its own parser, so the
// results are the ones `query` gives. Measured here: a primary-key update 536 → 226 µs.
import { parse, type PGlite, protocol, type QueryOptions, type Results, type Transaction } from '@electric-sql/pglite';

type Message = Parameters<typeof parse.parseResults>[0][number];
type RowDescription = { fields: { name: string; dataTypeID: number }[] };
interface Prepared {
  name: string;
  paramTypes: number[];
  /** what the statement returns (RowDescription), or null when it returns no rows */
  rowDescription: Message | null;
}

const { serialize } = protocol;
const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
/** the error PostgreSQL gives when a cached plan's result columns changed (ALTER TABLE): prepare again */
const PLAN_CHANGED = '0A000';

/** Makes `client.query` and the transactions' `query` run on named prepared statements (at most `max` kept, least recently used dropped). */
export function usePreparedStatements(client: PGlite, max = 400) {
  const cache = new Map<string, Prepared>(); // insertion order: least recently used first
  const toClose: string[] = [];
  let seq = 0;

  async function send(message: Uint8Array) {
    const closing = toClose.splice(0).map((name) => serialize.close({ type: 'S', name }));
    return (await client.execProtocol(concat([...closing, message]), { syncToFs: false })).messages as Message[];
  }
  async function prepare(text: string, options?: QueryOptions): Promise<Prepared> {
    const name = `parley_${++seq}`;
    const messages = await send(concat([serialize.parse({ name, text, types: options?.paramTypes }), serialize.describe({ type: 'S', name }), serialize.sync()]));
    const prepared: Prepared = {
      name,
      paramTypes: parse.parseDescribeStatementResults(messages),
      rowDescription: messages.find((m) => m.name === 'rowDescription') ?? null,
    };
    cache.set(text, prepared);
    if (cache.size > max) {
      const [oldest, p] = cache.entries().next().value as [string, Prepared];
      cache.delete(oldest);
      toClose.push(p.name);
    }
    return prepared;
  }
  async function run<T>(text: string, params: unknown[], options: QueryOptions | undefined, retry: boolean): Promise<Results<T>> {
    let p = cache.get(text);
    if (p) {
      cache.delete(text); // most recently used goes last
      cache.set(text, p);
    } else p = await prepare(text, options);
    const prepared = p;
    const values = params.map((v, i) => {
      if (v === null || v === undefined) return null;
      const oid = prepared.paramTypes[i];
      const serializer = options?.serializers?.[oid] ?? client.serializers[oid];
      return serializer ? serializer(v) : String(v);
    });
    let messages: Message[];
    try {
      messages = await send(concat([serialize.bind({ statement: prepared.name, values }), serialize.execute({}), serialize.sync()]));
    } catch (err) {
      if ((err as { code?: string }).code === PLAN_CHANGED) {
        cache.delete(text);
        toClose.push(prepared.name);
        if (retry) return run(text, params, options, false);
      }
      throw Object.assign(err as object, { query: text, params, queryOptions: options });
    }
    return toResults<T>(prepared.rowDescription, messages, options);
  }
  /**
   * PGlite's parseResults, for one statement: it copies the whole parser table (hundreds of
   * array types) whenever the caller overrides a parser, as Drizzle does on every query — that
   * copy was the single largest cost of a simulated day. Here each column looks its parser up once.
   */
  function toResults<T>(description: Message | null, messages: Message[], options?: QueryOptions): Results<T> {
    const fields = description ? (description as unknown as RowDescription).fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })) : [];
    const parsers = fields.map((f) => options?.parsers?.[f.dataTypeID] ?? client.parsers[f.dataTypeID]);
    const asArray = options?.rowMode === 'array';
    const rows: unknown[] = [];
    let affectedRows = 0;
    for (const m of messages) {
      if (m.name === 'dataRow') {
        const values = (m as unknown as { fields: (string | null)[] }).fields.map((x, i) => (x === null ? null : parsers[i] ? parsers[i](x, fields[i].dataTypeID) : x));
        rows.push(asArray ? values : Object.fromEntries(values.map((v, i) => [fields[i].name, v])));
      } else if (m.name === 'commandComplete') {
        const parts = (m as unknown as { text: string }).text.split(' ');
        if (['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE'].includes(parts[0])) affectedRows += Number.parseInt(parts[parts.length - 1], 10);
      }
    }
    return { rows: rows as T[], fields, affectedRows };
  }

  const original = client.query.bind(client);
  // outside a transaction: PGlite's two locks, as its own query takes them, and the file sync after
  client.query = (async <T>(text: string, params: unknown[] = [], options?: QueryOptions) => {
    if (options?.blob) return original<T>(text, params, options);
    return client._runExclusiveTransaction(() =>
      client._runExclusiveQuery(async () => {
        const r = await run<T>(text, params, options, true);
        await client.syncToFs();
        return r;
      }),
    );
  }) as typeof client.query;
  const transaction = client.transaction.bind(client);
  // inside one: the query lock only (the transaction holds the other); an error in one statement
  // aborts the transaction, so no retry there
  client.transaction = (<T>(fn: (tx: Transaction) => Promise<T>) =>
    transaction((tx) => {
      const txQuery = tx.query.bind(tx);
      tx.query = (async <R>(text: string, params: unknown[] = [], options?: QueryOptions) => {
        if (tx.closed || options?.blob) return txQuery<R>(text, params, options);
        return client._runExclusiveQuery(() => run<R>(text, params, options, false));
      }) as typeof tx.query;
      return fn(tx);
    })) as typeof client.transaction;
}
