// AC-1 "the case as an XML attachment": one well-formed document with the case, the contact
// (standard and custom fields), script answers, attempts and history. Text is escaped; characters
// XML 1.0 forbids are dropped.
import type { CaseData } from './case-data.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters XML 1.0 forbids
const INVALID_XML_CHARS = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
export const xmlText = (s: string) =>
  s.replace(INVALID_XML_CHARS, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);

const iso = (d: Date | null) => (d ? d.toISOString() : '');
const el = (name: string, value: string | number | boolean | null, attrs = '') =>
  value === null || value === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${xmlText(String(value))}</${name}>`;
const answerText = (v: unknown) =>
  Array.isArray(v) ? v.join(', ') : v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);

export function caseXml(d: CaseData, generatedAt: Date): string {
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', `<case id="${d.case.id}" generated="${iso(generatedAt)}">`];
  lines.push(`  <campaign id="${d.case.campaignId}">${xmlText(d.case.campaign)}</campaign>`);
  lines.push(`  ${el('status', d.case.status)}`);
  lines.push(`  ${el('attempts', d.case.attempts)}`);
  lines.push(`  ${el('callbackAt', iso(d.case.callbackAt))}`);
  lines.push(`  ${el('success', d.case.success)}`);
  lines.push(`  ${el('createdAt', iso(d.case.createdAt))}`);
  if (d.agent) lines.push(`  <agent username="${xmlText(d.agent.username)}">${xmlText(d.agent.name)}</agent>`);
  lines.push(`  <contact id="${xmlText(d.contact.id)}">`);
  const custom = new Set(d.customFields.map((f) => f.key));
  for (const [k, v] of Object.entries(d.contact)) if (k !== 'id' && !custom.has(k)) lines.push(`    ${el(k, v)}`);
  lines.push('    <customFields>');
  for (const f of d.customFields) lines.push(`      ${el('field', d.contact[f.key] ?? null, ` key="${xmlText(f.key)}" label="${xmlText(f.label)}"`)}`);
  lines.push('    </customFields>');
  lines.push('  </contact>');
  lines.push('  <answers>');
  for (const [k, v] of Object.entries(d.case.answers)) lines.push(`    ${el('answer', answerText(v), ` field="${xmlText(k)}"`)}`);
  lines.push('  </answers>');
  lines.push('  <attemptList>');
  for (const a of d.attempts) {
    lines.push(`    <attempt at="${iso(a.at)}" outcome="${xmlText(a.outcome)}">`);
    lines.push(`      ${el('agent', a.agent)}`, `      ${el('phone', a.phone)}`, `      ${el('status', a.status)}`, `      ${el('note', a.note)}`);
    lines.push('    </attempt>');
  }
  lines.push('  </attemptList>');
  lines.push('  <history>');
  for (const h of d.history) {
    lines.push(`    <change at="${iso(h.at)}" source="${xmlText(h.source)}">`);
    lines.push(`      ${el('from', h.from)}`, `      ${el('to', h.to)}`, `      ${el('by', h.by)}`, `      ${el('note', h.note)}`);
    lines.push('    </change>');
  }
  lines.push('  </history>');
  lines.push('</case>');
  return `${lines.join('\n')}\n`;
}

/** The plain-text body of "e-mail with the case data": every case and contact field, one a line. */
export function caseText(d: CaseData, labels: { caseTitle: string }): string {
  const out = [`${labels.caseTitle} #${d.case.id}`, ''];
  const row = (k: string, v: string | number | null) => out.push(`${k}: ${v ?? ''}`);
  row('Campaign', d.case.campaign);
  row('Status', d.case.status);
  row('Attempts', d.case.attempts);
  row('Callback at', iso(d.case.callbackAt));
  row('Success', d.case.success ? 'yes' : 'no');
  row('Agent', d.agent ? `${d.agent.name} (${d.agent.username})` : '');
  out.push('', 'Contact');
  const labelOf = new Map(d.customFields.map((f) => [f.key, f.label]));
  for (const [k, v] of Object.entries(d.contact)) row(labelOf.get(k) ?? k, v);
  if (Object.keys(d.case.answers).length) {
    out.push('', 'Script answers');
    for (const [k, v] of Object.entries(d.case.answers)) row(k, answerText(v));
  }
  if (d.history.length) {
    out.push('', 'History');
    for (const h of d.history) out.push(`${iso(h.at)}  ${h.from ?? '—'} → ${h.to ?? '—'}  (${h.by ?? h.source})${h.note ? `  ${h.note}` : ''}`);
  }
  return `${out.join('\n')}\n`;
}
