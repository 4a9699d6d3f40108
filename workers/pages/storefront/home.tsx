import type { Product } from '../../../shared/schemas';
import { ProductGrid } from '../components';
import { useT } from '../i18n';
import { Layout, type Meta } from '../layout';

export function HomePage(props: { meta: Meta; sections: { category: string; products: Product[] }[] }) {
  const t = useT().home;
  return (
    <Layout meta={props.meta}>
      <h1>{t.heading}</h1>
      <p class="muted">{t.lead}</p>
      {props.sections.length === 0 && <div class="empty">{t.empty}</div>}
      {props.sections.map((s) => (
        <section>
          <h2>{s.category}</h2>
          <ProductGrid products={s.products} hrefFor={(p) => `/p/${p.id}`} />
        </section>
      ))}
    </Layout>
  );
}
