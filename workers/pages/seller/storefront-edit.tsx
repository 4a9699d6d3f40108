// /me/storefront: the seller edits their persona, picks and experience notes.
import { moneyIn } from '../../../shared/i18n';
import type { Product } from '../../../shared/schemas';
import { Alert, Shell } from './dashboard-shell';
import { useLang, useT } from '../i18n';
import type { Meta } from '../layout';

export interface StorefrontFormData {
  handle: string;
  displayName: string;
  bio: string;
  avatarUrl: string | null;
  focusCategory: string | null;
  productIds: string[];
  notes?: Record<string, string>;
}

export function StorefrontEditPage(props: { meta: Meta; form: StorefrontFormData; products: Product[]; error?: string }) {
  const f = props.form;
  const picked = new Set(f.productIds);
  const lang = useLang();
  const t = useT().dash;
  return (
    <Shell meta={props.meta}>
      <div class="panel">
        <h1>{t.editStorefront}</h1>
        <div class="muted">
          <a href="/me">{t.back}</a>
        </div>
        <Alert error={props.error} />
        <form class="form" method="post" action="/me/storefront">
          <label for="displayName">{t.displayName}</label>
          <input id="displayName" type="text" name="displayName" required maxlength={60} value={f.displayName} />
          <label for="bio">{t.bio}</label>
          <textarea id="bio" name="bio" rows={3} maxlength={500}>
            {f.bio}
          </textarea>
          <label for="avatarUrl">{t.avatarUrl}</label>
          <input id="avatarUrl" type="text" name="avatarUrl" value={f.avatarUrl ?? ''} />
          <label for="focusCategory">{t.focusCategory}</label>
          <input id="focusCategory" type="text" name="focusCategory" maxlength={60} value={f.focusCategory ?? ''} />
          <fieldset class="picks" style="border:0;padding:0;margin:10px 0 0">
            <legend style="font-size:14px;padding:0">{t.products}</legend>
            {props.products.length === 0 ? (
              <div class="muted">{t.noProducts}</div>
            ) : (
              props.products.map((p) => (
                <>
                  <label>
                    <input type="checkbox" name="productIds" value={p.id} checked={picked.has(p.id)} />
                    <span>
                      {p.title} <span class="muted">{moneyIn(lang, p.price)}</span>
                    </span>
                  </label>
                  <textarea name={`note_${p.id}`} rows={2} maxlength={500} placeholder={t.notePlaceholder} aria-label={`${t.noteLabel} ${p.title}`}>
                    {f.notes?.[p.id] ?? ''}
                  </textarea>
                </>
              ))
            )}
          </fieldset>
          <button class="btn primary" type="submit">
            {t.save}
          </button>
        </form>
      </div>
    </Shell>
  );
}
