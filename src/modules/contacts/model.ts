// The contact's standard fields (CT-1), the input schema, and the validation shared by the
// form, the API and the CSV import.
import { Type, type Static } from 'typebox';
import type { contacts } from '../../db/schema.ts';
import { standardFields } from '../../shared/contact-fields.ts';
import { normalizePhone } from './phone.ts';

export { type StandardField, standardFields } from '../../shared/contact-fields.ts';

const Text = (max = 300) => Type.Optional(Type.Union([Type.String({ maxLength: max }), Type.Null()]));

export const ContactInput = Type.Object(
  {
    name: Text(),
    firstName: Text(),
    lastName: Text(),
    street: Text(),
    houseNumber: Text(30),
    city: Text(),
    postalCode: Text(20),
    region: Text(),
    county: Text(),
    commune: Text(),
    phone1: Text(50),
    phone2: Text(50),
    email: Text(320),
    custom: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]))),
  },
  { additionalProperties: false },
);
export type ContactInput = Static<typeof ContactInput>;

export type CustomFieldDef = { key: string; type: 'text' | 'number' | 'date' | 'boolean' };
export type FieldProblem = { field: string; reason: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Turns raw input into column values, or lists every problem (the import reports them per line). */
export function validateContact(
  input: ContactInput,
  opts: { defaultCountry: string; customFields: CustomFieldDef[]; requirePhone: boolean },
): { ok: true; values: Partial<typeof contacts.$inferInsert> } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const values: Partial<typeof contacts.$inferInsert> = {};
  for (const f of standardFields) {
    if (f === 'phone1' || f === 'phone2' || !(f in input)) continue;
    const v = input[f]?.trim();
    values[f] = v ? v : null;
  }
  for (const f of ['phone1', 'phone2'] as const) {
    if (!(f in input)) continue;
    const raw = input[f]?.trim();
    values[`${f}Raw`] = raw || null;
    values[f] = null;
    if (!raw) continue;
    const r = normalizePhone(raw, opts.defaultCountry);
    if (r.ok) values[f] = r.e164;
    else problems.push({ field: f, reason: r.reason });
  }
  if (values.email && !EMAIL.test(values.email)) problems.push({ field: 'email', reason: `"${values.email}" is not an e-mail address` });
  if (opts.requirePhone && !values.phone1 && !values.phone2 && !problems.some((p) => p.field.startsWith('phone'))) {
    problems.push({ field: 'phone1', reason: 'no phone number' });
  }
  if (input.custom) {
    const custom: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(input.custom)) {
      const def = opts.customFields.find((d) => d.key === key);
      if (!def) {
        problems.push({ field: `custom.${key}`, reason: `unknown custom field "${key}"` });
        continue;
      }
      const r = coerceCustom(def, raw);
      if (r.ok) custom[key] = r.value;
      else problems.push({ field: `custom.${key}`, reason: r.reason });
    }
    values.custom = custom;
  }
  return problems.length ? { ok: false, problems } : { ok: true, values };
}

function coerceCustom(def: CustomFieldDef, raw: unknown): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (raw === null || raw === undefined || raw === '') return { ok: true, value: null };
  const s = String(raw).trim();
  switch (def.type) {
    case 'text':
      return s.length <= 1000 ? { ok: true, value: s } : { ok: false, reason: 'longer than 1000 characters' };
    case 'number': {
      const n = typeof raw === 'number' ? raw : Number(s.replace(',', '.'));
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, reason: `"${s}" is not a number` };
    }
    case 'boolean': {
      const t = ['true', '1', 'yes', 'tak', 'ano', 't', 'y'];
      const f = ['false', '0', 'no', 'nie', 'ne', 'f', 'n'];
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      if (t.includes(s.toLowerCase())) return { ok: true, value: true };
      if (f.includes(s.toLowerCase())) return { ok: true, value: false };
      return { ok: false, reason: `"${s}" is not yes/no` };
    }
    case 'date': {
      const m = s.match(/^(\d{4})-(\d{2})-(\d{2})$/) ?? s.match(/^(\d{2})\.(\d{2})\.(\d{4})$/);
      if (!m) return { ok: false, reason: `"${s}" is not a date (YYYY-MM-DD or DD.MM.YYYY)` };
      const [y, mo, d] = m[1].length === 4 ? [m[1], m[2], m[3]] : [m[3], m[2], m[1]];
      const iso = `${y}-${mo}-${d}`;
      const date = new Date(`${iso}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? { ok: true, value: iso } : { ok: false, reason: `"${s}" is not a date` };
    }
  }
}
