// /login and /signup: plain HTML forms over the same verbs as /api/auth/*.
import { Alert, Shell } from './dashboard-shell';
import { useT } from '../i18n';
import type { Meta } from '../layout';

export function LoginPage(props: { meta: Meta; error?: string; email?: string; next?: string }) {
  const t = useT().dash;
  return (
    <Shell meta={props.meta}>
      <div class="panel">
        <h1>{t.sellerSignIn}</h1>
        <Alert error={props.error} />
        <form class="form" method="post" action="/login">
          {props.next && <input type="hidden" name="next" value={props.next} />}
          <label for="email">{t.email}</label>
          <input id="email" type="email" name="email" required autocomplete="username" value={props.email ?? ''} />
          <label for="password">{t.password}</label>
          <input id="password" type="password" name="password" required autocomplete="current-password" />
          <button class="btn primary" type="submit">
            {t.signIn}
          </button>
        </form>
        <p class="muted">
          {t.noAccount} <a href="/signup">{t.signUp}</a>
        </p>
      </div>
    </Shell>
  );
}

export interface SignupForm {
  email?: string;
  handle?: string;
  displayName?: string;
  inviteCode?: string;
}

export function SignupPage(props: { meta: Meta; error?: string; form: SignupForm }) {
  const f = props.form;
  const t = useT().dash;
  return (
    <Shell meta={props.meta}>
      <div class="panel">
        <h1>{t.becomeSeller}</h1>
        <Alert error={props.error} />
        <form class="form" method="post" action="/signup">
          <label for="email">{t.email}</label>
          <input id="email" type="email" name="email" required autocomplete="username" value={f.email ?? ''} />
          <label for="password">{t.passwordHint}</label>
          <input id="password" type="password" name="password" required minlength={8} autocomplete="new-password" />
          <label for="handle">{t.handle}</label>
          <input id="handle" type="text" name="handle" required pattern="[a-z0-9_]{3,30}" value={f.handle ?? ''} />
          <label for="displayName">{t.displayName}</label>
          <input id="displayName" type="text" name="displayName" required maxlength={60} value={f.displayName ?? ''} />
          <label for="inviteCode">{t.inviteCode}</label>
          <input id="inviteCode" type="text" name="inviteCode" value={f.inviteCode ?? ''} />
          <button class="btn primary" type="submit">
            {t.signUp}
          </button>
        </form>
        <p class="muted">
          {t.haveAccount} <a href="/login">{t.signIn}</a>
        </p>
      </div>
    </Shell>
  );
}
