import { FollowForm, PickNotes } from './reviews';
import type { Product, StorefrontSnapshot } from '../../../shared/schemas';
import { Avatar, ProductGrid, ShareSheet, type ShareInfo } from '../components';
import { useT } from '../i18n';
import { Layout, type Meta } from '../layout';

export function StorefrontPage(props: { meta: Meta; storefront: StorefrontSnapshot; products: Product[]; share?: ShareInfo }) {
  const s = props.storefront;
  const t = useT().catalog;
  return (
    <Layout meta={props.meta} scripts={props.share ? ['/js/share.js'] : undefined}>
      <div class="panel persona">
        <Avatar name={s.displayName} url={s.avatarUrl} />
        <div>
          <h1 style="margin:0">{s.displayName}</h1>
          <div class="muted">
            @{s.handle}
            {s.focusCategory && ` · ${t.focus(s.focusCategory)}`}
          </div>
          {s.bio && <p style="margin:6px 0 0">{s.bio}</p>}
        </div>
      </div>
      <h2>{t.curatedPicks}</h2>
      <ProductGrid products={props.products} hrefFor={(p) => `/@${s.handle}/p/${p.id}`} empty={t.storefrontEmpty} />
      <PickNotes storefront={s} products={props.products} />
      <FollowForm handle={props.storefront.handle} followers={props.storefront.followers} />
      {props.share && <ShareSheet share={props.share} />}
    </Layout>
  );
}
