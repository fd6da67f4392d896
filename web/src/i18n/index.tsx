// English, Polish and Czech. One dictionary per language with the same keys (en.ts is the
// reference; pl.ts and cs.ts are typed against it, and test-browser/i18n.test.ts checks them).
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import type { Language } from '../api.ts';
import { cs } from './cs.ts';
import { en } from './en.ts';
import { pl } from './pl.ts';

export type Key = keyof typeof en;
export type Dict = Record<Key, string>;
export const dictionaries: Record<Language, Dict> = { en, pl, cs };
export const languages: Language[] = ['en', 'pl', 'cs'];
const locales: Record<Language, string> = { en: 'en-GB', pl: 'pl-PL', cs: 'cs-CZ' };

export type Vars = Record<string, string | number>;

export interface I18n {
  lang: Language;
  locale: string;
  setLang(lang: Language): void;
  /** the text of a key, with {placeholders} filled in */
  t(key: Key, vars?: Vars): string;
  /** a key built at run time (a field name, an error code…); the fallback when it is unknown */
  tk(key: string, fallback: string, vars?: Vars): string;
  num(n: number): string;
  date(iso: string | null | undefined): string;
}

const fill = (text: string, vars?: Vars) => (vars ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : text);

export function initialLanguage(): Language {
  const saved = localStorage.getItem('parley.lang');
  if (saved === 'en' || saved === 'pl' || saved === 'cs') return saved;
  const nav = navigator.language.slice(0, 2);
  return nav === 'pl' || nav === 'cs' ? nav : 'en';
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(initialLanguage);
  const setLang = useCallback((l: Language) => {
    localStorage.setItem('parley.lang', l);
    document.documentElement.lang = l;
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(() => {
    const dict = dictionaries[lang];
    const locale = locales[lang];
    const nf = new Intl.NumberFormat(locale);
    const df = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    document.documentElement.lang = lang;
    return {
      lang,
      locale,
      setLang,
      t: (key, vars) => fill(dict[key] ?? en[key] ?? key, vars),
      tk: (key, fallback, vars) => fill(key in dict ? dict[key as Key] : fallback, vars),
      num: (n) => nf.format(n),
      date: (iso) => (iso ? df.format(new Date(iso)) : ''),
    };
  }, [lang, setLang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
