// The page's language, as the server chose it (<html lang>), for text the islands write.
import { DEFAULT_LOCALE, messagesFor, toLocale } from '../../shared/i18n';

export const pageMessages = () => messagesFor(toLocale(document.documentElement.lang) ?? DEFAULT_LOCALE);
