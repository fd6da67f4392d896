// {{placeholders}} in templates: the catalogue (for the editor and the check at save), the values a
// case gives them, and rendering to text and HTML (values escaped in HTML).
import { standardFields } from '../../shared/contact-fields.ts';
import type { CaseData } from './case-data.ts';

const PLACEHOLDER = /\{\{\s*([\w.-]+)\s*\}\}/g;

export const caseKeys = ['case.id', 'case.campaign', 'case.campaignId', 'case.status', 'case.attempts', 'case.callbackAt', 'case.createdAt', 'case.success'];
export const agentKeys = ['agent.name', 'agent.username'];
/** what a report's template may say besides the case-free fields */
export const reportKeys = ['report.name', 'report.kind', 'report.period', 'report.process', 'report.campaigns'];
/** case.answers.<script field> — any field of a call script */
export const answersPrefix = 'case.answers.';

export function placeholderCatalogue(customFieldKeys: string[]) {
  return {
    contact: ['contact.id', ...standardFields.map((f) => `contact.${f}`), ...customFieldKeys.map((k) => `contact.${k}`)],
    case: [...caseKeys, `${answersPrefix}<field>`],
    agent: agentKeys,
    report: reportKeys,
  };
}

export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** The placeholders of `texts` that no case, contact, agent or report gives a value. */
export function unknownPlaceholders(texts: string[], customFieldKeys: string[]): string[] {
  const c = placeholderCatalogue(customFieldKeys);
  const known = new Set([...c.contact, ...caseKeys, ...agentKeys, ...reportKeys]);
  return [...new Set(texts.flatMap(placeholdersIn))].filter((p) => !known.has(p) && !(p.startsWith(answersPrefix) && p.length > answersPrefix.length));
}

export const formatTime = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '');

const show = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(show).join(', ');
  if (v instanceof Date) return formatTime(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
};

export function caseValues(d: CaseData): Record<string, string> {
  const v: Record<string, string> = {
    'case.id': String(d.case.id),
    'case.campaign': d.case.campaign,
    'case.campaignId': String(d.case.campaignId),
    'case.status': d.case.status,
    'case.attempts': String(d.case.attempts),
    'case.callbackAt': formatTime(d.case.callbackAt),
    'case.createdAt': formatTime(d.case.createdAt),
    'case.success': d.case.success ? 'yes' : 'no',
    'agent.name': d.agent?.name ?? '',
    'agent.username': d.agent?.username ?? '',
  };
  for (const [k, val] of Object.entries(d.contact)) v[`contact.${k}`] = show(val);
  for (const [k, val] of Object.entries(d.case.answers)) v[`${answersPrefix}${k}`] = show(val);
  return v;
}

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** Fills the placeholders; one no value exists for becomes empty. */
export function render(text: string, values: Record<string, string>, opts: { html?: boolean } = {}): string {
  return text.replace(PLACEHOLDER, (_m, key: string) => {
    const v = values[key] ?? '';
    return opts.html ? escapeHtml(v) : v;
  });
}

/** Plain text as simple HTML: escaped, paragraphs on blank lines, line breaks kept. */
export function textToHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

export interface RenderedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export function renderTemplate(
  t: { recipient: string; subject: string; bodyText: string; bodyHtml: string | null },
  values: Record<string, string>,
): RenderedMail {
  const text = render(t.bodyText, values);
  return {
    to: render(t.recipient, values).trim(),
    // a header line: no line breaks from a value
    subject: render(t.subject, values)
      .replace(/[\r\n]+/g, ' ')
      .trim(),
    text,
    html: t.bodyHtml ? render(t.bodyHtml, values, { html: true }) : textToHtml(text),
  };
}
