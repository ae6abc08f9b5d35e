import { createContext, useContext } from 'react';
import { deptLabel, label, options, type Lang } from './labels.ts';

export interface I18n {
  lang: Lang;
  setLang: (l: Lang) => void;
  /** t('中文', 'English') */
  t: (zh: string, en: string) => string;
  l: (group: string, code: string | null | undefined) => string;
  opts: (group: string) => { value: string; label: string }[];
  dept: (d: string | null | undefined) => string;
}

export function makeI18n(lang: Lang, setLang: (l: Lang) => void): I18n {
  return {
    lang,
    setLang,
    t: (zh, en) => (lang === 'zh' ? zh : en),
    l: (g, c) => label(g, c, lang),
    opts: (g) => options(g, lang),
    dept: (d) => deptLabel(d, lang),
  };
}

export const I18nContext = createContext<I18n>(makeI18n('zh', () => {}));
export const useI18n = () => useContext(I18nContext);
