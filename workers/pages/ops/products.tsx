// /ops/products: every product, active or not, searchable by title or id and by category.
import type { Product } from '../../../shared/schemas';
import { moneyIn } from '../../../shared/i18n';
import { useLang, useT } from '../i18n';
import type { Meta } from '../layout';
import { DataTable } from './data-table';
import { FilterForm } from './filter-bar';
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
      <FilterForm
        action="/ops/products"
        submit={t.filter}
        submitBeside
        fields={[
          { kind: 'search', id: 'pq', name: 'q', label: t.search, value: v.q, maxlength: 200, full: true },
          { kind: 'select', id: 'pc', name: 'category', label: t.category, value: v.category, any: t.allCategories, options: v.categories.map((c) => ({ value: c, label: c })) },
        ]}
      />
      <DataTable
        rows={v.items}
        rowAttrs={(p) => ({ 'data-product': p.id })}
        empty={t.none}
        columns={[
          {
            label: useT().opsConsole.form.title,
            wrap: true,
            cell: (p) => (
              <>
                <a class="link" href={`/ops/products/${p.id}`}>
                  {p.title}
                </a>
                <div class="muted">
                  {p.category} · {p.id}
                </div>
              </>
            ),
          },
          { label: t.price, cell: (p) => moneyIn(lang, p.price) },
          { label: t.stock, cell: (p) => p.stock },
          { label: t.group, cell: (p) => (p.groupBuy ? `${t.groupOf(p.groupBuy.size)} · ${moneyIn(lang, p.groupBuy.price)}` : t.noGroup) },
          { label: t.status, cell: (p) => (p.active ? t.onSale : t.offSale) },
        ]}
      />
      <nav class="pager" aria-label={t.title}>
        {v.page > 1 ? <a class="link" href={pageHref(v, v.page - 1)}>{t.prev}</a> : <span />}
        {v.hasMore ? <a class="link" href={pageHref(v, v.page + 1)}>{t.next}</a> : <span />}
      </nav>
    </OpsShell>
  );
}
