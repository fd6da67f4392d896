// Every visible string exists in English, Polish and Czech: the three dictionaries have the same
// keys, no empty texts, and the same {placeholders} per key.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { cs } from '../web/src/i18n/cs.ts';
import { en } from '../web/src/i18n/en.ts';
import { pl } from '../web/src/i18n/pl.ts';

const dicts: Record<string, Record<string, string>> = { en, pl, cs };
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('en, pl and cs have identical key sets', () => {
  const reference = Object.keys(en).sort();
  for (const [lang, dict] of Object.entries(dicts)) {
    const keys = Object.keys(dict).sort();
    const missing = reference.filter((k) => !(k in dict));
    const extra = keys.filter((k) => !(k in en));
    assert.deepEqual({ lang, missing, extra }, { lang, missing: [], extra: [] });
  }
});

test('no text is empty and placeholders match English', () => {
  for (const [lang, dict] of Object.entries(dicts)) {
    for (const [key, text] of Object.entries(dict)) {
      assert.ok(text.trim().length > 0, `${lang}: ${key} is empty`);
      assert.deepEqual(placeholders(text), placeholders((en as Record<string, string>)[key]), `${lang}: ${key} placeholders`);
    }
  }
});

test('Polish and Czech are really translated (not copies of English)', () => {
  for (const lang of ['pl', 'cs']) {
    const same = Object.keys(en).filter((k) => dicts[lang][k] === (en as Record<string, string>)[k]);
    // proper names, codes and words shared by the languages (Import, API, E-mail, Region, …) may stay
    assert.ok(same.length / Object.keys(en).length < 0.1, `${lang}: ${same.length} texts identical to English: ${same.join(', ')}`);
  }
});

test('every key the web app uses exists in the dictionaries', () => {
  const srcDir = path.join(import.meta.dirname, '../web/src');
  const files = fs.readdirSync(srcDir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f) && !f.startsWith('i18n'));
  const used = new Set<string>();
  for (const f of files) {
    const text = fs.readFileSync(path.join(srcDir, f), 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
  }
  assert.ok(used.size > 100, `found only ${used.size} keys in use`);
  const unknown = [...used].filter((k) => !(k in en));
  assert.deepEqual(unknown, []);
});
