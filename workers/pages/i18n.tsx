// The page's language travels down the component tree in a JSX context, so a component
// deep in a page (a product card, the share sheet) speaks it without a prop on every level.
import type { Child } from 'hono/jsx';
import { createContext, useContext } from 'hono/jsx';
import { DEFAULT_LOCALE, messagesFor, type Locale, type Messages } from '../../shared/i18n';

interface PageLang {
  lang: Locale;
  /** Path and query of this request, for the language switch; unset on cached pages. */
  here?: string;
}

const LangContext = createContext<PageLang>({ lang: DEFAULT_LOCALE });

/** Renders `children` in `lang`; routes wrap every page in it. */
export function InLang(props: PageLang & { children: Child }) {
  return <LangContext.Provider value={{ lang: props.lang, here: props.here }}>{props.children}</LangContext.Provider>;
}

export const useLang = (): Locale => useContext(LangContext).lang;
export const useHere = (): string | undefined => useContext(LangContext).here;
export const useT = (): Messages => messagesFor(useContext(LangContext).lang);
