// PR-4e: the SMTP listener Parley runs for replies from contacts (PARLEY_SMTP_INBOUND_PORT).
// No authentication (it is an MX for Parley's reply address); mail over the size limit, without
// a sender or that does not parse is refused with an SMTP error, never half-stored.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { InboundMail } from './inbound.ts';
import { senderAddress } from './inbound.ts';

export interface InboundSmtp {
  port: number;
  close(): Promise<void>;
}

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

export async function startInboundSmtp(opts: {
  port: number;
  host: string;
  maxBytes: number;
  receive: (mail: InboundMail) => Promise<unknown>;
  log?: { warn(obj: unknown, msg?: string): void };
}): Promise<InboundSmtp> {
  const server = new SMTPServer({
    name: 'parley',
    banner: 'Parley inbound mail',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: opts.maxBytes,
    logger: false,
    onData(stream, session, cb) {
      simpleParser(stream, { skipHtmlToText: false, skipImageLinks: true })
        .then(async (parsed) => {
          if (stream.sizeExceeded) throw smtpError(552, `Message larger than ${opts.maxBytes} bytes`);
          const from = parsed.from?.value[0]?.address || (session.envelope.mailFrom ? session.envelope.mailFrom.address : '');
          if (!senderAddress(from ?? '')) throw smtpError(550, 'No sender address');
          const to = session.envelope.rcptTo.map((r) => r.address).join(', ');
          await opts.receive({
            via: 'smtp',
            from: from as string,
            to,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            messageId: parsed.messageId ?? null,
          });
          cb();
        })
        .catch((err: Error & { responseCode?: number }) => {
          opts.log?.warn({ err }, 'inbound mail refused');
          cb(err.responseCode ? err : smtpError(451, 'Could not store the message, try again later'));
        });
    },
  });
  server.on('error', (err) => opts.log?.warn({ err }, 'inbound SMTP error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
