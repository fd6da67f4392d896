// AC-1: the three e-mail actions, handed to the actions runtime through the ActionHandlers
// contract. Each send is logged under the action's idempotency key, so a retry never sends twice.
// A bad address or an unknown template is an ActionFailure; SMTP connection trouble is retried.
import type { ActionContext, ActionHandlers, ActionOutcome } from '../actions/handler.ts';
import { ActionFailure } from '../actions/handler.ts';
import { AppError } from '../../shared/errors.ts';
import { accountFor } from './accounts.ts';
import { loadCaseData } from './case-data.ts';
import { caseText, caseXml } from './case-xml.ts';
import { type Mailer, type OutgoingMail, PermanentMailError, parseRecipients } from './mailer.ts';
import { sendLogged } from './send.ts';
import { getTemplate } from './templates.ts';
import { caseValues, renderTemplate } from './template.ts';

export function mailActionHandlers(deps: { mailer: Mailer }): ActionHandlers {
  async function send(ctx: ActionContext, accountId: number | null, mail: OutgoingMail): Promise<ActionOutcome> {
    const account = await accountFor(ctx.db, accountId);
    try {
      const r = await sendLogged(
        { db: ctx.db, mailer: deps.mailer, now: () => ctx.now },
        { idempotencyKey: `action:${ctx.idempotencyKey}`, account, mail, caseId: ctx.caseId },
      );
      return { detail: `${r.alreadySent ? 'already sent' : 'sent'} to ${mail.to.join(', ')}` };
    } catch (err) {
      if (err instanceof PermanentMailError) throw new ActionFailure(err.message);
      throw err;
    }
  }

  const recipients = (param: string) => {
    try {
      return parseRecipients(param);
    } catch (err) {
      throw new ActionFailure((err as Error).message);
    }
  };

  async function caseMail(ctx: ActionContext, withXml: boolean) {
    const to = recipients(ctx.param);
    const data = await loadCaseData(ctx.db, ctx.caseId);
    const name = [data.contact.firstName, data.contact.lastName].filter(Boolean).join(' ') || data.contact.name || `#${data.contact.id}`;
    return send(ctx, null, {
      to,
      subject: `Case ${data.case.id}: ${name} (${data.case.campaign}, ${data.case.status})`,
      text: caseText(data, { caseTitle: 'Case' }),
      attachments: withXml
        ? [{ filename: `case-${data.case.id}.xml`, content: caseXml(data, ctx.now), contentType: 'application/xml; charset=utf-8' }]
        : undefined,
    });
  }

  return {
    email_case: (ctx) => caseMail(ctx, false),
    email_case_xml: (ctx) => caseMail(ctx, true),
    async email_template(ctx) {
      const id = Number(ctx.param);
      if (!Number.isInteger(id) || id < 1) throw new ActionFailure(`"${ctx.param}" is not a template id`);
      const template = await getTemplate(ctx.db, id).catch((err) => {
        throw err instanceof AppError && err.code === 'not_found' ? new ActionFailure(`Template ${id} does not exist`) : err;
      });
      const m = renderTemplate(template, caseValues(await loadCaseData(ctx.db, ctx.caseId)));
      return send(ctx, template.accountId, { to: recipients(m.to), subject: m.subject, text: m.text, html: m.html });
    },
  };
}
