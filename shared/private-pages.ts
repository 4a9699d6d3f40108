/**
 * Pages that belong to one person (a seller's, a buyer's, ops', sign-in, checkout and order pages
 * opened by a token): search engines are told not to index them, by meta tag, header and robots.txt.
 */
const PRIVATE = /^\/(?:me|account|ops|login|signup|o|pay|buy)(?:\/|$)/;

export const isPrivatePage = (pathname: string): boolean => PRIVATE.test(pathname);
