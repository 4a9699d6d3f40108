// Page sessions for the ops console tests: sign in through the /login form, as a browser does.
import { env } from 'cloudflare:workers';
import { BASE, call } from './helpers';

export const loginForm = (fields: Record<string, string>) =>
  call('/login', { method: 'POST', raw: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE } });

export function cookieOf(res: Response): string {
  const m = (res.headers.get('set-cookie') ?? '').match(/pinlink_session=([^;]+)/);
  if (!m) throw new Error('no session cookie');
  return `pinlink_session=${m[1]}`;
}

let opsCookieCache: string | undefined;
export async function opsCookie(): Promise<string> {
  return (opsCookieCache ??= cookieOf(await loginForm({ email: env.OPS_EMAIL, password: env.OPS_PASSWORD })));
}

/** A same-origin form post with the ops page session (what a browser sends without JS). */
export async function opsPost(path: string, fields: Record<string, string> = {}, headers: Record<string, string> = { origin: BASE }) {
  return call(path, {
    method: 'POST',
    raw: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: await opsCookie(), ...headers },
  });
}

export const opsGet = async (path: string, headers: Record<string, string> = {}) => call(path, { headers: { cookie: await opsCookie(), ...headers } });
