// Shared by the server and the web app: the contact's standard fields (CT-1) and the CSV
// formats the import understands. Plain data, no dependencies, so the browser bundle stays small.
export const standardFields = [
  'name',
  'firstName',
  'lastName',
  'street',
  'houseNumber',
  'city',
  'postalCode',
  'region',
  'county',
  'commune',
  'phone1',
  'phone2',
  'email',
] as const;
export type StandardField = (typeof standardFields)[number];

export const csvEncodings = ['utf-8', 'windows-1250', 'iso-8859-2'] as const;
export type Encoding = (typeof csvEncodings)[number];
export const csvDelimiters = [';', ',', '\t'] as const;
export type Delimiter = (typeof csvDelimiters)[number];
