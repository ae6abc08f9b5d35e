import { createContext, useContext } from 'react';
import { label, options, type Lang } from './labels.ts';
import { deptName, MORE_ROLES } from './labels-actors.ts';
import { CASE_LABELS } from './labels-case.ts';
import { clockRuleLabel, STAGE_LABELS } from './labels-clocks.ts';

export interface I18n {
  lang: Lang;
  setLang: (l: Lang) => void;
  /** t('中文', 'English') */
  t: (zh: string, en: string) => string;
  l: (group: string, code: string | null | undefined) => string;
  opts: (group: string) => { value: string; label: string }[];
  dept: (d: string | null | undefined) => string;
  /** A statutory clock's name from its rule id (the server's zh label if the console does not know the id). */
  clock: (ruleId: string, serverLabel?: string) => string;
}

/** Label groups kept outside labels.ts (added while it was being split), consulted first. */
const MORE: Record<string, Record<string, readonly [string, string]>> = {
  role: MORE_ROLES,
  caseStage: STAGE_LABELS,
  ...CASE_LABELS,
};

export function makeI18n(lang: Lang, setLang: (l: Lang) => void): I18n {
  return {
    lang,
    setLang,
    t: (zh, en) => (lang === 'zh' ? zh : en),
    l: (g, c) => {
      const more = c ? MORE[g]?.[c] : undefined;
      return more ? more[lang === 'zh' ? 0 : 1] : label(g, c, lang);
    },
    opts: (g) => options(g, lang),
    dept: (d) => deptName(d, lang),
    clock: (ruleId, serverLabel) => clockRuleLabel(ruleId, lang, serverLabel),
  };
}

export const I18nContext = createContext<I18n>(makeI18n('zh', () => {}));
export const useI18n = () => useContext(I18nContext);
