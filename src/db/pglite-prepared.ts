// PGlite answers a parameterised query with six trips into WASM (parse, describe, bind, describe,
// execute, sync) and plans it afresh each time. Here every SQL text becomes a named prepared
// statement once; after that a query is one trip (bind, execute, sync) on a cached plan. The
// values are serialised by PGlite's own serialisers and each column parsed by its own parsers, so
// the results are the ones `query` gives; the reply itself is read here, straight from its bytes
// (PGlite's message parser allocates an object per message and was a tenth of a simulated day).
// Measured here: a primary-key update 536 → 226 µs.
import { parse, type PGlite, protocol, type QueryOptions, type Results, type Transaction } from '@electric-sql/pglite';
import { query as templated } from '@electric-sql/pglite/template';

type Message = Parameters<typeof parse.parseResults>[0][number];
type RowDescription = { fields: { name: string; dataTypeID: number }[] };
interface Prepared {
  name: string;
  paramTypes: number[];
  /** what the statement returns (RowDescription), or null when it returns no rows */
  rowDescription: Message | null;
}

const { serialize } = protocol;
const utf8 = new TextDecoder();

/** A column's text: short ASCII (ids, dates, names) without a TextDecoder call. */
function decodeText(buf: Uint8Array, start: number, end: number): string {
  if (end - start > 48) return utf8.decode(buf.subarray(start, end));
  let out = '';
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c > 127) return utf8.decode(buf.subarray(start, end));
    out += String.fromCharCode(c);
  }
  return out;
}

interface Reply {
  rows: (string | null)[][];
  /** the last command tag's first word (COMMIT answers ROLLBACK when the transaction had failed) */
  command: string;
  affectedRows: number;
  notifications: { channel: string; payload: string }[];
  failed: boolean;
}

/** The backend's reply to bind/execute/sync: data rows, the command tag's count, NOTIFYs, and whether it holds an error. */
function readReply(buf: Uint8Array): Reply {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const reply: Reply = { rows: [], command: '', affectedRows: 0, notifications: [], failed: false };
  const cstring = (from: number) => {
    let end = from;
    while (buf[end] !== 0) end++;
    return [decodeText(buf, from, end), end + 1] as const;
  };
  for (let at = 0; at + 5 <= buf.length; ) {
    const type = buf[at];
    const end = at + 1 + view.getInt32(at + 1);
    let p = at + 5;
    if (type === 0x44) {
      // D: a data row
      const row = new Array<string | null>(view.getInt16(p));
      p += 2;
      for (let i = 0; i < row.length; i++) {
        const len = view.getInt32(p);
        p += 4;
        row[i] = len < 0 ? null : decodeText(buf, p, p + len);
        if (len > 0) p += len;
      }
      reply.rows.push(row);
    } else if (type === 0x43) {
      // C: command complete, "UPDATE 3"
      const parts = cstring(p)[0].split(' ');
      reply.command = parts[0];
      if (['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE'].includes(parts[0])) reply.affectedRows += Number.parseInt(parts[parts.length - 1], 10);
    } else if (type === 0x41) {
      // A: a NOTIFY delivered with this reply
      const [channel, next] = cstring(p + 4);
      reply.notifications.push({ channel, payload: cstring(next)[0] });
    } else if (type === 0x45) reply.failed = true;
    at = end;
  }
  return reply;
}
const encoder = new TextEncoder();
let scratch = new Uint8Array(64 * 1024);
const EXECUTE_SYNC = new Uint8Array([0x45, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0x53, 0, 0, 0, 4]);

/** milliseconds from 1970 to 2000, PostgreSQL's epoch */
const PG_EPOCH_MS = 946_684_800_000;
/** the OID of timestamptz */
const TIMESTAMPTZ = 1184;

/** A timestamptz in PostgreSQL's binary form: microseconds since 2000-01-01 UTC, 64 bits big-endian. */
function writeTimestamp(view: DataView, at: number, d: Date) {
  const micros = (d.getTime() - PG_EPOCH_MS) * 1000;
  const high = Math.floor(micros / 2 ** 32);
  view.setInt32(at, high);
  view.setUint32(at + 4, micros - high * 2 ** 32);
}
export function timestampBytes(d: Date): Uint8Array {
  const out = new Uint8Array(8);
  writeTimestamp(new DataView(out.buffer), 0, d);
  return out;
}

/**
 * Bind (results in text), Execute and Sync of a prepared statement as one message, the bytes
 * PGlite's serialisers make, written straight into one buffer (those serialisers build each
 * message through a growing writer: a visible share of a statement-heavy day). Parameters go as
 * text, except a Date for a timestamptz parameter: it goes in binary, 8 bytes PostgreSQL reads
 * as they are, instead of an ISO string to format here and parse there (timestamptz_in was a
 * fiftieth of a simulated day). Undefined when a value is neither (PGlite's serialisers take it).
 */
export function bindExecuteSync(statement: string, values: unknown[]): Uint8Array | undefined {
  let max = 32 + statement.length * 3 + values.length * 6;
  for (const v of values) {
    if (typeof v === 'string') max += v.length * 3;
    else if (v instanceof Date) max += 8;
    else if (v !== null) return undefined;
  }
  if (scratch.length < max) scratch = new Uint8Array(max * 2);
  const buf = scratch;
  const view = new DataView(buf.buffer);
  buf[0] = 0x42; // B, its length at 1 once known
  buf[5] = 0; // the unnamed portal
  let p = 6 + encoder.encodeInto(statement, buf.subarray(6)).written;
  buf[p++] = 0;
  view.setInt16(p, values.length);
  p += 2;
  for (const v of values) {
    view.setInt16(p, v instanceof Date ? 1 : 0); // binary or text
    p += 2;
  }
  view.setInt16(p, values.length);
  p += 2;
  for (const v of values) {
    if (v instanceof Date) {
      view.setInt32(p, 8);
      writeTimestamp(view, p + 4, v);
      p += 12;
      continue;
    }
    const length = v === null ? -1 : encoder.encodeInto(v as string, buf.subarray(p + 4)).written;
    view.setInt32(p, length);
    p += 4 + Math.max(length, 0);
  }
  view.setInt16(p, 0); // every result column in text format
  p += 2;
  view.setInt32(1, p - 1);
  buf.set(EXECUTE_SYNC, p);
  return buf.slice(0, p + EXECUTE_SYNC.length);
}

/** PostgreSQL's error in a reply, as PGlite's own parser builds it */
function errorIn(bytes: Uint8Array): Error & { code?: string } {
  let error: Error | undefined;
  new protocol.Parser().parse(bytes, (m) => {
    if (m instanceof Error && !error) error = m;
  });
  return error as Error & { code?: string };
}

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

/**
 * Makes `client.query` and transactions run on named prepared statements (at most `max` kept,
 * least recently used dropped). For PGlite on Node (memory:// or a folder), whose file systems'
 * syncToFs does nothing: a statement that nothing else is waiting on runs synchronously, without
 * PGlite's two locks and the promise hops they cost (a twentieth of a simulated day); it cannot
 * interleave with anything, since no other JavaScript runs meanwhile.
 */
export function preparePgliteStatements(
  client: PGlite,
  max = 400,
  onNotification?: (channel: string, payload: string) => void,
  {
    between,
  }: {
    /** called after a statement that ran on its own (no transaction, no lock held): it may run statements itself, at once (autovacuum) */
    between?: (runNow: <T>(text: string) => T[]) => void;
  } = {},
) {
  const cache = new Map<string, Prepared>(); // insertion order: least recently used first
  const toClose: string[] = [];
  let seq = 0;
  /** PGlite calls holding or waiting for its locks (transactions among them): while any is, a statement outside them queues too */
  let locking = 0;

  const withClosing = (message: Uint8Array) =>
    toClose.length ? concat([...toClose.splice(0).map((name) => serialize.close({ type: 'S', name })), message]) : message;
  /**
   * One exchange with the backend, synchronously: execProtocolRawStream runs the backend before
   * its first await (its execProtocolRawSync sibling would also pass every reply through PGlite's
   * message parser, which this path exists to avoid). The bytes come back as they are.
   */
  function exchange(message: Uint8Array): Uint8Array {
    const chunks: Uint8Array[] = [];
    client.execProtocolRawStream(withClosing(message), { syncToFs: false, onRawData: (chunk) => chunks.push(chunk.slice()) }).catch(() => {});
    // every reply ends with ReadyForQuery: none at all means the backend failed (or was closed) and threw
    if (!chunks.length) throw new Error('PGlite gave no reply: the database failed or is closed');
    return chunks.length === 1 ? chunks[0] : concat(chunks);
  }
  /** a reply as PGlite's parser reads it (prepare, exec): NOTIFYs handed over, PostgreSQL's error thrown */
  function messagesOf(bytes: Uint8Array, text: string, options?: QueryOptions): Message[] {
    const messages: Message[] = [];
    new protocol.Parser().parse(bytes, (m) => messages.push(m as Message));
    for (const m of messages) {
      if (m.name !== 'notification') continue;
      const { channel, payload } = m as unknown as { channel: string; payload: string };
      onNotification?.(channel, payload);
    }
    const failed = messages.find((m): m is Message & Error => m instanceof Error);
    if (failed) throw Object.assign(failed, { query: text, queryOptions: options });
    return messages;
  }
  function prepare(text: string, options?: QueryOptions): Prepared {
    const name = `parley_${++seq}`;
    const messages = messagesOf(
      exchange(concat([serialize.parse({ name, text, types: options?.paramTypes }), serialize.describe({ type: 'S', name }), serialize.sync()])),
      text,
      options,
    );
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
  /** binds and executes the statement of `text` (prepared first if need be): its row description and the reply */
  function execute(text: string, params: unknown[], options: QueryOptions | undefined, retry: boolean): { description: Message | null; reply: Reply } {
    let p = cache.get(text);
    if (p) {
      cache.delete(text); // most recently used goes last
      cache.set(text, p);
    } else p = prepare(text, options);
    const prepared = p;
    const values = params.map((v, i) => {
      if (v === null || v === undefined) return null;
      const oid = prepared.paramTypes[i];
      if (oid === TIMESTAMPTZ && v instanceof Date && Number.isFinite(v.getTime()) && !options?.serializers?.[oid]) return v; // binary
      const serializer = options?.serializers?.[oid] ?? client.serializers[oid];
      return serializer ? serializer(v) : String(v);
    });
    const message =
      bindExecuteSync(prepared.name, values) ??
      concat([
        serialize.bind({ statement: prepared.name, values: values.map((v) => (v instanceof Date ? timestampBytes(v) : v)) }),
        serialize.execute({}),
        serialize.sync(),
      ]);
    const bytes = exchange(message);
    const reply = readReply(bytes);
    for (const n of reply.notifications) onNotification?.(n.channel, n.payload);
    if (reply.failed) {
      const err = errorIn(bytes);
      if (err.code === PLAN_CHANGED) {
        cache.delete(text);
        toClose.push(prepared.name);
        if (retry) return execute(text, params, options, false);
      }
      throw Object.assign(err, { query: text, params, queryOptions: options });
    }
    return { description: prepared.rowDescription, reply };
  }
  function run<T>(text: string, params: unknown[], options: QueryOptions | undefined, retry: boolean): Results<T> {
    const { description, reply } = execute(text, params, options, retry);
    return toResults<T>(description, reply, options);
  }
  /**
   * PGlite's parseResults, for one statement: it copies the whole parser table (hundreds of
   * array types) whenever the caller overrides a parser, as Drizzle does on every query — that
   * copy was the single largest cost of a simulated day. Here each column looks its parser up once.
   */
  function toResults<T>(description: Message | null, reply: Reply, options?: QueryOptions): Results<T> {
    const fields = description ? (description as unknown as RowDescription).fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })) : [];
    const parsers = fields.map((f) => options?.parsers?.[f.dataTypeID] ?? client.parsers[f.dataTypeID]);
    const asArray = options?.rowMode === 'array';
    const rows = reply.rows.map((raw) => {
      const values = raw.map((x, i) => (x === null ? null : parsers[i] ? parsers[i](x, fields[i].dataTypeID) : x));
      if (asArray) return values;
      const row: Record<string, unknown> = {};
      for (let i = 0; i < values.length; i++) row[fields[i].name] = values[i];
      return row;
    });
    return { rows: rows as T[], fields, affectedRows: reply.affectedRows };
  }

  const runNow = <T>(text: string) => run<T>(text, [], undefined, false).rows;
  /** a PGlite call that takes its locks: counted while it holds or waits for them */
  const counted =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      locking++;
      try {
        return await fn(...args);
      } finally {
        locking--;
      }
    };
  for (const method of ['exec', 'describeQuery', 'listen', 'unlisten', 'dumpDataDir', 'close'] as const) {
    (client as unknown as Record<string, unknown>)[method] = counted((client[method] as (...a: unknown[]) => Promise<unknown>).bind(client));
  }
  const original = counted(client.query.bind(client));
  // outside a transaction: PGlite's two locks, as its own query takes them, and the file sync after
  const locked = counted(<T>(text: string, params: unknown[], options?: QueryOptions) =>
    client._runExclusiveTransaction(() =>
      client._runExclusiveQuery(async () => {
        const r = run<T>(text, params, options, true);
        await client.syncToFs();
        return r;
      }),
    ),
  );
  client.query = (async <T>(text: string, params: unknown[] = [], options?: QueryOptions) => {
    if (options?.blob) return original<T>(text, params, options);
    if (locking === 0 && client.ready && !client.closed) {
      const result = run<T>(text, params, options, true);
      try {
        between?.(runNow);
      } catch {
        // maintenance that failed is tried again at its next turn; the statement itself succeeded
      }
      return result;
    }
    return locked<T>(text, params, options);
  }) as typeof client.query;
  /** BEGIN, COMMIT or ROLLBACK as a prepared statement: the command tag the backend answered with */
  const control = (text: string) => execute(text, [], undefined, false).reply.command;
  /** a transaction's `exec` (several statements in one text): the simple query protocol, parsed as PGlite parses it */
  const execText = (text: string, options?: QueryOptions): Results[] =>
    parse.parseResults(messagesOf(exchange(serialize.query(text)), text, options), client.parsers, options);
  /**
   * A transaction: BEGIN and COMMIT are prepared statements too, under
   * PGlite's transaction lock as its own transaction takes it. PGlite's own sends them as text
   * through its full message parser, and cost as much again as a one-statement transaction's
   * statement.
   */
  client.transaction = counted(async <T>(fn: (tx: Transaction) => Promise<T>): Promise<T> => {
    await client._checkReady();
    return client._runExclusiveTransaction(async () => {
      control('BEGIN');
      let closed = false;
      const open = () => {
        if (closed) throw new Error('Transaction is closed');
      };
      const tx: Transaction = {
        query: async <R>(text: string, params: unknown[] = [], options?: QueryOptions) => {
          open();
          if (options?.blob) throw new Error('COPY with a blob runs outside a transaction');
          // an error aborts the transaction: no second try after a plan change
          return run<R>(text, params, options, false);
        },
        sql: async <R>(strings: TemplateStringsArray, ...params: unknown[]) => {
          open();
          const q = templated(strings, ...params);
          return run<R>(q.query, q.params, undefined, false);
        },
        exec: async (text: string, options?: QueryOptions) => {
          open();
          return execText(text, options);
        },
        rollback: async () => {
          open();
          closed = true;
          control('ROLLBACK');
        },
        listen: async (channel: string, callback: (payload: string) => void) => {
          open();
          return client.listen(channel, callback, tx);
        },
        get closed() {
          return closed;
        },
      };
      try {
        const result = await fn(tx);
        if (!closed) {
          closed = true;
          // a statement failed and the caller went on: PostgreSQL rolled it all back
          if (control('COMMIT') === 'ROLLBACK') throw new Error('The transaction was rolled back: a statement in it had failed');
        }
        return result;
      } catch (err) {
        if (!closed) {
          closed = true;
          try {
            control('ROLLBACK');
          } catch {
            // the database is gone: the error that got here says why
          }
        }
        throw err;
      }
    });
  });
}
