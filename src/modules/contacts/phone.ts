// Phones are stored as E.164 and shown as entered. Invalid numbers are reported, never dropped.
import { type CountryCode, getCountryCallingCode, Metadata, parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: string };

const ALLOWED = /^[+\d\s\-()./]+$/;

export function normalizePhone(raw: string, defaultCountry: string): PhoneResult {
  const text = raw.trim();
  if (!ALLOWED.test(text)) return { ok: false, reason: `"${text}" is not a phone number (unexpected characters)` };
  const intl = text.replace(/^00/, '+');
  // Fast path: the common spellings of the default country's numbers, validated with
  // libphonenumber's own patterns compiled once. Anything else, and every number the fast
  // path finds invalid (for the exact message), goes through libphonenumber itself.
  const fast = fastE164(intl, defaultCountry);
  if (fast) return { ok: true, e164: fast };
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

// ---- fast path ----------------------------------------------------------------------------
// libphonenumber (max metadata) costs ~11 µs a number, mostly compiling its patterns on every
// call. For numbers written as digits in groups separated by single spaces or dashes, with an
// optional "+<calling code>" or "(+<calling code>)" and an optional "(area)", parsing reduces to
// taking the digits; validity is then libphonenumber's own rule (getNumberType: the national
// pattern, then one type pattern whose possible lengths include the length), with its patterns
// compiled once per country. Countries where parsing does more (a national prefix to strip, a
// calling code shared by several countries) have no fast path. phone.test.ts checks the fast
// path against libphonenumber on many generated numbers, valid and invalid.

interface NumberingRules {
  callingCode: string;
  nationalPattern: RegExp;
  /** the IDD prefix (e.g. 00): a national-looking number starting with it is international */
  idd: RegExp;
  /** undefined: the country has no type patterns and the national pattern decides */
  types?: { pattern: RegExp; lengths?: number[] }[];
}

interface MetadataInternals {
  selectNumberingPlan(country: string): void;
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined;
  numberingPlan: {
    callingCode(): string;
    nationalNumberPattern(): string;
    IDDPrefix(): string;
    nationalPrefixForParsing(): string | undefined;
    hasTypes(): boolean;
    type(name: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
  };
}

// the order of libphonenumber's getNumberType (any match makes the number valid)
const TYPE_NAMES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];
const rulesCache = new Map<string, NumberingRules | null>();

function numberingRules(country: string): NumberingRules | null {
  let rules = rulesCache.get(country);
  if (rules !== undefined) return rules;
  rules = null;
  try {
    const metadata = new Metadata() as unknown as MetadataInternals;
    metadata.selectNumberingPlan(country);
    const plan = metadata.numberingPlan;
    const callingCode = plan.callingCode();
    if (!plan.nationalPrefixForParsing() && metadata.getCountryCodesForCallingCode(callingCode)?.length === 1) {
      const whole = (p: string) => new RegExp(`^(?:${p})$`);
      rules = {
        callingCode,
        nationalPattern: whole(plan.nationalNumberPattern()),
        idd: new RegExp(`^(?:${plan.IDDPrefix()})`),
        types: plan.hasTypes()
          ? TYPE_NAMES.flatMap((name) => {
              const t = plan.type(name);
              const pattern = t?.pattern();
              return t && pattern ? [{ pattern: whole(pattern), lengths: t.possibleLengths() }] : [];
            })
          : undefined,
      };
    }
  } catch {
    rules = null; // unknown country: libphonenumber reports it
  }
  rulesCache.set(country, rules);
  return rules;
}

const FAST_FORMAT = /^(?:\+(\d{1,3})[ -]?|\(\+(\d{1,3})\)[ -]?)?(?:\((\d{1,5})\)[ -]?)?(\d+(?:[ -]\d+)*)$/;

/** E.164 when `intl` (trimmed, leading 00 already turned into +) is a valid number on the fast path; otherwise undefined. */
export function fastE164(intl: string, defaultCountry: string): string | undefined {
  if (intl.length > 40) return undefined;
  const m = FAST_FORMAT.exec(intl);
  if (!m) return undefined;
  const rules = numberingRules(defaultCountry);
  if (!rules) return undefined;
  const code = m[1] ?? m[2];
  const digits = (m[3] ?? '') + m[4].replace(/[ -]/g, '');
  let national: string;
  if (code !== undefined) {
    const all = code + digits; // the calling code need not be followed by a separator
    if (!all.startsWith(rules.callingCode)) return undefined;
    national = all.slice(rules.callingCode.length);
  } else {
    // a national number that starts with the calling code or the IDD prefix is reinterpreted
    if (digits.startsWith(rules.callingCode) || rules.idd.test(digits)) return undefined;
    national = digits;
  }
  if (national.length < 3 || national.length > 17) return undefined;
  if (!rules.nationalPattern.test(national)) return undefined;
  if (rules.types) {
    const n = national.length;
    if (!rules.types.some((t) => (!t.lengths || t.lengths.includes(n)) && t.pattern.test(national))) return undefined;
  }
  return `+${rules.callingCode}${national}`;
}
