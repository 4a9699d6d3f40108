import type { Product } from '../../shared/schemas';
import { ProductGrid } from './components';
import { Layout, type Meta } from './layout';

export function HomePage(props: { meta: Meta; sections: { category: string; products: Product[] }[] }) {
  return (
    <Layout meta={props.meta}>
      <h1>今日好物 · Today's picks</h1>
      <p class="muted">拼团更便宜：邀请好友一起买。Group buys are cheaper: invite friends to buy together.</p>
      {props.sections.length === 0 && <div class="empty">商品即将上架 · Products are on their way</div>}
      {props.sections.map((s) => (
        <section>
          <h2>{s.category}</h2>
          <ProductGrid products={s.products} hrefFor={(p) => `/p/${p.id}`} />
        </section>
      ))}
    </Layout>
  );
}
