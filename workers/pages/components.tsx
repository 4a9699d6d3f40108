import { formatMoney } from '../../shared/money';
import type { Product } from '../../shared/schemas';

export function ProductCard(props: { product: Product; href: string }) {
  const p = props.product;
  return (
    <a class="card" href={props.href}>
      <div class="img">{p.images[0] && <img src={p.images[0]} alt={p.title} loading="lazy" width="400" height="400" />}</div>
      <div class="body">
        <div class="t">{p.title}</div>
        {p.groupBuy ? (
          <div>
            <span class="price">{formatMoney(p.groupBuy.price)}</span>
            <span class="strike">{formatMoney(p.price)}</span>
            <div class="badge">
              {p.groupBuy.size}人团 · {p.groupBuy.size}-person group
            </div>
          </div>
        ) : (
          <span class="price">{formatMoney(p.price)}</span>
        )}
      </div>
    </a>
  );
}

export function ProductGrid(props: { products: Product[]; hrefFor: (p: Product) => string; empty?: string }) {
  if (props.products.length === 0) return <div class="empty">{props.empty ?? '暂无商品 · Nothing here yet'}</div>;
  return (
    <div class="grid">
      {props.products.map((p) => (
        <ProductCard product={p} href={props.hrefFor(p)} />
      ))}
    </div>
  );
}

export function Avatar(props: { name: string; url: string | null }) {
  return <div class="avatar">{props.url ? <img src={props.url} alt={props.name} /> : Array.from(props.name)[0]}</div>;
}
