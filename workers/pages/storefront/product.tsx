import { moneyIn } from '../../../shared/i18n';
import type { Product } from '../../../shared/schemas';
import { Avatar, ShareSheet, type ShareInfo } from '../components';
import type { OpenGroupListing } from '../../../shared/groups/group-display';
import { GROUP_CSS, GroupOffer } from './group';
import { BargainOffer } from './bargain';
import { PICKER_CSS, priceFromText } from './variant-picker';
import { useLang, useT } from '../i18n';
import { Layout, type Meta } from '../layout';
import { ReviewsPanel, SellerNote } from './reviews';
import type { ReviewPage } from '../../../shared/buyers/buyer-schemas';

export interface SellerPersona {
  handle: string;
  displayName: string;
  avatarUrl: string | null;
  bio: string;
  note?: string;
}

export function ProductPage(props: {
  meta: Meta;
  product: Product;
  seller?: SellerPersona;
  share?: ShareInfo;
  openGroups?: OpenGroupListing[];
  ref?: string;
  now?: number;
  reviews?: ReviewPage;
}) {
  const p = props.product;
  const soldOut = p.stockAvailable <= 0;
  const lang = useLang();
  const t = useT().product;
  const formatMoney = (m: Product['price']) => moneyIn(lang, m);
  const hasOptions = (p.options?.length ?? 0) > 0;
  const from = priceFromText(lang, t.priceFrom, p);
  // With variants the group price is a range too: the lowest, with 起 when they differ.
  const groupAmounts = hasOptions ? p.variants.flatMap((v) => (v.groupPrice ? [v.groupPrice.amount] : [])) : [];
  const groupFrom =
    groupAmounts.length > 0
      ? priceFromText(lang, t.priceFrom, { price: { amount: Math.min(...groupAmounts), currency: 'CNY' }, priceRange: { min: { amount: Math.min(...groupAmounts), currency: 'CNY' }, max: { amount: Math.max(...groupAmounts), currency: 'CNY' } } })
      : p.groupBuy && formatMoney(p.groupBuy.price);
  // 团长价: the offer's, or the lowest a variant's leader pays.
  const leaderAmounts = p.groupBuy ? [p.groupBuy.leaderPrice?.amount, ...p.variants.map((v) => v.leaderPrice?.amount)].filter((a): a is number => a !== undefined) : [];
  const leaderFrom = leaderAmounts.length > 0 ? formatMoney({ amount: Math.min(...leaderAmounts), currency: 'CNY' }) : null;
  const scripts = [...(props.share ? ['/js/share.js'] : []), '/js/countdown.js', ...(hasOptions ? ['/js/variant-picker.js'] : [])];
  return (
    <Layout meta={props.meta} scripts={scripts} css={hasOptions ? GROUP_CSS + PICKER_CSS : GROUP_CSS}>
      {props.seller && (
        <a class="panel persona" href={`/@${props.seller.handle}`}>
          <Avatar name={props.seller.displayName} url={props.seller.avatarUrl} />
          <div>
            <div>
              <b>{props.seller.displayName}</b> {t.recommends}
            </div>
            <div class="muted">@{props.seller.handle}</div>
          </div>
        </a>
      )}
      {props.seller?.note && <SellerNote name={props.seller.displayName} note={props.seller.note} />}
      <div class="card">
        <div class="img">{p.images[0] && <img src={p.images[0]} alt={p.title} width="800" height="800" data-variant-image />}</div>
        <div class="body">
          <h1>{p.title}</h1>
          {p.groupBuy ? (
            <div>
              <span class="price" style="font-size:24px" data-price data-group>
                {groupFrom}
              </span>
              <span class="muted"> {t.groupPrice(p.groupBuy.size)}</span>
              {leaderFrom && (
                <div class="muted" data-leader-price>
                  {t.leaderPrice(leaderFrom)}
                </div>
              )}
              <div class="muted" data-alone-price>
                {t.buyAloneAt(from)}
              </div>
            </div>
          ) : (
            <span class="price" style="font-size:24px" data-price>
              {from}
            </span>
          )}
          {p.limits && (p.limits.perOrder || p.limits.perBuyer) && (
            <p class="muted" data-limits>
              {t.limits(p.limits.perOrder, p.limits.perBuyer)}
            </p>
          )}
          <p class="muted" data-stock={p.stockAvailable}>
            {soldOut ? t.soldOut : t.inStock(p.stockAvailable)}
          </p>
        </div>
      </div>
      <GroupOffer product={p} openGroups={props.openGroups ?? []} ref={props.ref} now={props.now ?? Date.now()} />
      <BargainOffer product={p} ref={props.ref} />
      <div class="panel">
        <h2 style="margin-top:0">{t.details}</h2>
        <p style="white-space:pre-line">{p.description}</p>
      </div>
      <ReviewsPanel reviews={props.reviews} />
      {props.share && <ShareSheet share={props.share} />}
    </Layout>
  );
}
