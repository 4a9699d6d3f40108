// /ops/products: every product, active or not, searchable by title or id and by category.
import type { Product } from '../../../shared/schemas';
import { moneyIn } from '../../../shared/i18n';
import { useLang, useT } from '../i18n';
import type { Meta } from '../layout';
import { Notice, OpsShell } from './shell';

export interface ProductListView {
  items: Product[];
  categories: string[];
  q: string;
  category: string;
  page: number;
  hasMore: boolean;
}

const pageHref = (v: ProductListView, page: number) => {
  const p = new URLSearchParams();
  if (v.q) p.set('q', v.q);
  if (v.category) p.set('category', v.category);
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return `/ops/products${s ? `?${s}` : ''}`;
};

export function OpsProductsPage(props: { meta: Meta; view: ProductListView; error?: string }) {
  const t = useT().opsConsole.products;
  const lang = useLang();
  const v = props.view;
  return (
    <OpsShell meta={props.meta} current="products">
      <div class="row" style="justify-content:space-between">
        <h1>{t.title}</h1>
        <a class="btn primary" href="/ops/products/new">
          {t.newProduct}
        </a>
      </div>
      <Notice error={props.error} />
      <form class="panel form filters" method="get" action="/ops/products" role="search">
        <div class="full">
          <label for="pq">{t.search}</label>
          <input id="pq" type="search" name="q" value={v.q} maxlength={200} />
        </div>
        <div>
          <label for="pc">{t.category}</label>
          <select id="pc" name="category">
            <option value="">{t.allCategories}</option>
            {v.categories.map((c) => (
              <option value={c} selected={c === v.category}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <div style="align-self:end">
          <button class="btn dark" type="submit" style="width:100%">
            {t.filter}
          </button>
        </div>
      </form>
      <div class="panel scroll">
        {v.items.length === 0 ? (
          <div class="empty">{t.none}</div>
        ) : (
          <table class="list">
            <thead>
              <tr>
                <th scope="col">{useT().opsConsole.form.title}</th>
                <th scope="col">{t.price}</th>
                <th scope="col">{t.stock}</th>
                <th scope="col">{t.group}</th>
                <th scope="col">{t.status}</th>
              </tr>
            </thead>
            <tbody>
              {v.items.map((p) => (
                <tr data-product={p.id}>
                  <td class="wrap">
                    <a class="link" href={`/ops/products/${p.id}`}>
                      {p.title}
                    </a>
                    <div class="muted">
                      {p.category} · {p.id}
                    </div>
                  </td>
                  <td>{moneyIn(lang, p.price)}</td>
                  <td>{p.stock}</td>
                  <td>{p.groupBuy ? `${t.groupOf(p.groupBuy.size)} · ${moneyIn(lang, p.groupBuy.price)}` : t.noGroup}</td>
                  <td>{p.active ? t.onSale : t.offSale}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <nav class="pager" aria-label={t.title}>
        {v.page > 1 ? <a class="link" href={pageHref(v, v.page - 1)}>{t.prev}</a> : <span />}
        {v.hasMore ? <a class="link" href={pageHref(v, v.page + 1)}>{t.next}</a> : <span />}
      </nav>
    </OpsShell>
  );
}
