// What the mail API returns (src/modules/mail/routes.ts, inbound-routes.ts, reports/routes.ts).
export interface SmtpAccount {
  id: number;
  name: string;
  host: string;
  port: number;
  security: 'none' | 'starttls' | 'tls';
  username: string | null;
  hasPassword: boolean;
  fromAddress: string;
  fromName: string;
  isDefault: boolean;
}
export interface MailTemplate {
  id: number;
  name: string;
  accountId: number | null;
  recipient: string;
  subject: string;
  bodyText: string;
  bodyHtml: string | null;
}
export interface Placeholders {
  contact: string[];
  case: string[];
  agent: string[];
  report: string[];
}
export interface InboundMail {
  id: number;
  receivedAt: string;
  via: string;
  fromAddress: string;
  subject: string;
  contactId: number | null;
  casesChanged: number;
}
export interface SentMail {
  id: number;
  recipient: string;
  subject: string;
  state: 'sending' | 'sent' | 'failed';
  error: string | null;
  createdAt: string;
}
export interface ReportSchedule {
  id: number;
  name: string;
  cron: string;
  timeZone: string;
  kind: 'campaign_results' | 'status_breakdown' | 'agent_results' | 'abandon_rate';
  campaignIds: number[];
  accountId: number | null;
  recipients: string[];
  templateId: number | null;
  active: boolean;
  lastSentAt: string | null;
  nextRunAt: string | null;
}
