// Encoding and delimiter detection from the first bytes of an upload. Polish and Czech files
// arrive as UTF-8 (with or without BOM), windows-1250 or ISO-8859-2, separated by ; , or tab.
import iconv from 'iconv-lite';

import { csvDelimiters, csvEncodings, type Delimiter, type Encoding } from '../../shared/contact-fields.ts';

export type { Delimiter, Encoding };
export const encodings: readonly Encoding[] = csvEncodings;
export const delimiters: readonly Delimiter[] = csvDelimiters;

// symbols that sit where the other encoding has letters; rare in contact data
const UNLIKELY = new Set('±¶¼¥¹Ľľ¤»«©®ˇ˘˝§¨°´¸¦');
const POLISH_ONLY = new Set('ąęłśźżćńĄĘŁŚŹŻĆŃ');
// Polish writes no á é í ú ý: a file whose š decodes as ą while it has them is Czech read wrongly
const CZECH_ONLY = new Set('áčďéěíňřšťúůýžÁČĎÉĚÍŇŘŠŤÚŮÝŽ');
const LETTERS = new Set('ąćęłńóśźżĄĆĘŁŃÓŚŹŻáčďéěíňřšťúůýžÁČĎÉĚÍŇŘŠŤÚŮÝŽäöüÄÖÜ');

export function detectEncoding(sample: Buffer): { encoding: Encoding; bom: boolean } {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  if (isUtf8(sample)) return { encoding: 'utf-8', bom: false };
  // Bytes 0x80–0x9F are control codes in ISO-8859-2 but letters (Ś, Š, Ź, Ž, ś, š, ź, ž…) and
  // quotes in windows-1250; otherwise the two differ in where ą, Ą, ś, ź, ľ live: score both.
  const score = (enc: Encoding) => {
    let s = 0;
    let polish = 0;
    let czech = 0;
    for (const ch of iconv.decode(sample, enc)) {
      if (LETTERS.has(ch)) s += 1;
      else if (ch >= '\u0080' && ch <= '\u009f') s -= 5;
      else if (UNLIKELY.has(ch)) s -= 2;
      if (POLISH_ONLY.has(ch)) polish++;
      if (CZECH_ONLY.has(ch)) czech++;
    }
    // a file is written in one language: Polish and Czech letters mixed betray a wrong guess
    return s - 2 * Math.min(polish, czech);
  };
  return { encoding: score('windows-1250') >= score('iso-8859-2') ? 'windows-1250' : 'iso-8859-2', bom: false };
}

function isUtf8(sample: Buffer): boolean {
  // the sample may end inside a multi-byte character: drop an incomplete tail
  let end = sample.length;
  for (let i = Math.max(0, end - 3); i < end; i++) {
    const b = sample[i];
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (need > 1 && i + need > end) end = i;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/** The candidate that splits the first lines into the same, largest number of fields. */
export function detectDelimiter(text: string): Delimiter {
  const lines = text
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .slice(0, 20);
  if (lines.length > 1 && !text.endsWith('\n')) lines.pop(); // the last sampled line may be cut
  let best: Delimiter = ';';
  let bestScore = -1;
  for (const d of delimiters) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const consistent = counts.filter((c) => c === first).length / counts.length;
    const score = consistent * 100 + first;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === d && !quoted) n++;
  }
  return n;
}
