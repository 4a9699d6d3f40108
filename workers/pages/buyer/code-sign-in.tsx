// Sign-in by emailed code, as a block any page can hold: the email step posts to `action`, the
// code step to /account/login/verify, which sends the buyer back to `next` (a path on this site).
import { useT } from '../i18n';

export function CodeSignIn(props: { action: string; next?: string; email?: string; error?: string }) {
  const T = useT().account;
  return (
    <>
      {props.error && (
        <p class="price" role="alert" data-error>
          {props.error}
        </p>
      )}
      {props.email ? (
        <form method="post" action="/account/login/verify" data-code-step>
          <p class="muted">{T.codeSent(props.email)}</p>
          <input type="hidden" name="email" value={props.email} />
          {props.next && <input type="hidden" name="next" value={props.next} />}
          <label>
            {T.code}
            <input name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength={6} required style="width:100%;font-size:20px;padding:8px" />
          </label>
          <div class="actions">
            <button class="btn primary" type="submit">
              {T.signIn}
            </button>
          </div>
        </form>
      ) : (
        <form method="post" action={props.action} data-email-step>
          {props.next && <input type="hidden" name="next" value={props.next} />}
          <label>
            {T.email}
            <input name="email" type="email" autocomplete="email" required style="width:100%;font-size:16px;padding:8px" />
          </label>
          <div class="actions">
            <button class="btn primary" type="submit">
              {T.sendCode}
            </button>
          </div>
        </form>
      )}
    </>
  );
}
