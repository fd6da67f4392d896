// A real SMTP server on 127.0.0.1 for tests: every mail it receives is parsed with mailparser
// and kept, with the envelope. Recipients listed in `refuse` get a 550 (a permanent failure).
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SunkMail {
  envelopeFrom: string;
  envelopeTo: string[];
  parsed: ParsedMail;
}

/** `port` 0 (the default) picks a free one; a fixed port lets a test stop the server and bring it back. */
export async function startSmtpSink(opts: { refuse?: string[]; port?: number } = {}) {
  const mails: SunkMail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(_auth, _session, cb) {
      cb(null, { user: 'test' });
    },
    onRcptTo(address, _session, cb) {
      if (opts.refuse?.includes(address.address)) {
        const err = Object.assign(new Error(`No such user ${address.address}`), { responseCode: 550 });
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      simpleParser(stream)
        .then((parsed) => {
          mails.push({
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            parsed,
          });
          for (const w of waiters.splice(0)) w();
          cb();
        })
        .catch((err) => cb(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    /** resolves once `n` mails arrived in total */
    async waitFor(n: number, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (mails.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} mails, got ${mails.length}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
      }
      return mails;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
