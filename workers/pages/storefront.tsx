import { FollowForm, PickNotes } from './reviews';
import type { Product } from '../../shared/schemas';
import type { StorefrontSnapshot } from '../services/storefronts';
import { Avatar, ProductGrid, ShareSheet, type ShareInfo } from './components';
import { Layout, type Meta } from './layout';

export function StorefrontPage(props: { meta: Meta; storefront: StorefrontSnapshot; products: Product[]; share?: ShareInfo }) {
  const s = props.storefront;
  return (
    <Layout meta={props.meta} scripts={props.share ? ['/js/share.js'] : undefined}>
      <div class="panel persona">
        <Avatar name={s.displayName} url={s.avatarUrl} />
        <div>
          <h1 style="margin:0">{s.displayName}</h1>
          <div class="muted">
            @{s.handle}
            {s.focusCategory && ` · 专注 ${s.focusCategory}`}
          </div>
          {s.bio && <p style="margin:6px 0 0">{s.bio}</p>}
        </div>
      </div>
      <h2>精选好物 · Curated picks</h2>
      <ProductGrid products={props.products} hrefFor={(p) => `/@${s.handle}/p/${p.id}`} empty="店主还在挑选商品 · This seller hasn't picked products yet" />
      <PickNotes storefront={s} products={props.products} />
      <FollowForm handle={props.storefront.handle} followers={props.storefront.followers} />
      {props.share && <ShareSheet share={props.share} />}
    </Layout>
  );
}
