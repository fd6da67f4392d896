// Phones are stored as E.164 and shown as entered. Invalid numbers are reported, never dropped.
import { type CountryCode, getCountryCallingCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: string };

const ALLOWED = /^[+\d\s\-().\/]+$/;

export function normalizePhone(raw: string, defaultCountry: string): PhoneResult {
  const text = raw.trim();
  if (!ALLOWED.test(text)) return { ok: false, reason: `"${text}" is not a phone number (unexpected characters)` };
  const intl = text.replace(/^00/, '+');
  const parsed = parsePhoneNumberFromString(intl, defaultCountry as CountryCode);
  if (!parsed) return { ok: false, reason: `"${text}" is not a phone number` };
  if (!parsed.isValid()) return { ok: false, reason: `"${text}" is not a valid number${parsed.country ? ` in ${parsed.country}` : ''}` };
  return { ok: true, e164: parsed.number };
}

/** The digits to match a typed phone prefix against stored E.164 numbers (CT-5: prefix of phone 1). */
export function phonePrefixes(input: string, defaultCountry: string): string[] {
  const trimmed = input.trim();
  const digits = trimmed.replace(/\D/g, '').replace(/^00/, '');
  if (!digits) return [];
  if (trimmed.startsWith('+') || trimmed.startsWith('00')) return [`+${digits}`];
  const cc = getCountryCallingCode(defaultCountry as CountryCode);
  const national = digits.replace(/^0+/, '');
  return [...new Set([`+${cc}${national}`, `+${digits}`])];
}
