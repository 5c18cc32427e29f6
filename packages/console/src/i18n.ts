// Chinese first, English on request; the choice is kept in localStorage. Texts are written where
// they are used as pairs, t('中文', 'English'), so a page reads in both languages at once.
export type Lang = 'zh' | 'en';
export interface Text {
  zh: string;
  en: string;
}

const KEY = 'fenji.console.lang';
let current: Lang = 'zh';
const listeners = new Set<() => void>();

function stored(): Lang {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function initLang(): Lang {
  current = stored();
  document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
  return current;
}

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  current = next;
  try {
    localStorage.setItem(KEY, next);
  } catch {
    // Private mode without storage: the choice lasts for the page.
  }
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  for (const l of listeners) l();
}

export function onLang(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function t(zh: string, en: string): string {
  return current === 'zh' ? zh : en;
}

export function tx(text: Text): string {
  return current === 'zh' ? text.zh : text.en;
}

/** The locale of numbers and instants. */
export function locale(): string {
  return current === 'zh' ? 'zh-CN' : 'en-GB';
}
