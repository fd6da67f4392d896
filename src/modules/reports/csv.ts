// The report's CSV: ";"-separated with a decimal comma (what Excel expects in Polish and Czech
// settings), UTF-8 with a BOM so Excel reads the diacritics, CRLF line ends, RFC 4180 quoting.
export type Cell = string | number | null;

const cell = (v: Cell): string => {
  if (v === null) return '';
  const s = typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2).replace('.', ',')) : v;
  return /[";\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function toCsv(columns: string[], rows: Cell[][]): string {
  return `\uFEFF${[columns, ...rows].map((r) => r.map(cell).join(';')).join('\r\n')}\r\n`;
}
