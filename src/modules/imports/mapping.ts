// Column mapping: file column → contact field (standard or custom). Suggested from the header
// in Polish, Czech or English; the user confirms or changes it in the wizard.
import { type StandardField, standardFields } from '../contacts/model.ts';

export type MappingTarget = StandardField | `custom.${string}`;
/** column index (as a string) → target; unmapped columns are ignored */
export type Mapping = Record<string, MappingTarget>;

const synonyms: Record<StandardField, string[]> = {
  name: ['nazwa', 'name', 'nazev', 'firma', 'company', 'nazwafirmy', 'fullname', 'imieinazwisko', 'jmenoaprijmeni'],
  firstName: ['imie', 'firstname', 'jmeno', 'krestnijmeno', 'first'],
  lastName: ['nazwisko', 'lastname', 'surname', 'prijmeni', 'last'],
  street: ['adres', 'ulica', 'address', 'street', 'ulice', 'adresa', 'ul'],
  houseNumber: ['numer', 'nr', 'nrdomu', 'numerdomu', 'housenumber', 'cislo', 'cislopopisne', 'number'],
  city: ['miasto', 'miejscowosc', 'city', 'town', 'mesto'],
  postalCode: ['kodpocztowy', 'kod', 'postalcode', 'zip', 'zipcode', 'psc', 'postcode'],
  region: ['region', 'wojewodztwo', 'kraj', 'state', 'province'],
  county: ['powiat', 'county', 'okres', 'district'],
  commune: ['gmina', 'commune', 'municipality', 'obec'],
  phone1: ['telefon', 'telefon1', 'tel', 'tel1', 'phone', 'phone1', 'mobile', 'komorka', 'telefonnicislo', 'cislotelefonu', 'numertelefonu'],
  phone2: ['telefon2', 'tel2', 'phone2', 'telefon2cislo', 'telefondodatkowy'],
  email: ['email', 'mail', 'adresemail', 'emailaddress'],
};

export const normalizeHeader = (h: string) =>
  h
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

export function suggestMapping(headers: string[], customFields: { key: string; label: string }[]): Mapping {
  const mapping: Mapping = {};
  const used = new Set<string>();
  headers.forEach((h, i) => {
    const n = normalizeHeader(h);
    const custom = customFields.find((f) => normalizeHeader(f.key) === n || normalizeHeader(f.label) === n);
    const target: MappingTarget | undefined = custom ? `custom.${custom.key}` : standardFields.find((f) => normalizeHeader(f) === n || synonyms[f].includes(n));
    if (target && !used.has(target)) {
      mapping[String(i)] = target;
      used.add(target);
    }
  });
  return mapping;
}

export function validateMapping(mapping: Mapping, columnCount: number, customKeys: string[]): string | undefined {
  const seen = new Set<string>();
  for (const [col, target] of Object.entries(mapping)) {
    const i = Number(col);
    if (!Number.isInteger(i) || i < 0 || i >= columnCount) return `column ${col} does not exist in the file`;
    const known = (standardFields as readonly string[]).includes(target) || (target.startsWith('custom.') && customKeys.includes(target.slice(7)));
    if (!known) return `unknown field "${target}"`;
    if (seen.has(target)) return `field "${target}" is mapped twice`;
    seen.add(target);
  }
  if (!seen.has('phone1') && !seen.has('phone2')) return 'map a column to phone 1 or phone 2';
  return undefined;
}
