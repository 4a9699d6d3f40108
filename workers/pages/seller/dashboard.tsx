import type { Child } from 'hono/jsx';
import { PosterButton } from '../share-poster';
import { moneyIn, percentIn, dateIn } from '../../../shared/i18n';
import { money, type Money } from '../../../shared/money';
import { shownBalance } from '../../../shared/program/withdrawal-state';
import type { Link, Network, Product, Stats } from '../../../shared/schemas';
import { BarChart } from '../chart';
import { Avatar } from '../components';
import { useLang, useT } from '../i18n';
import { Alert, Shell } from './dashboard-shell';
import { OrdersByChannel } from './orders-by-channel';
import { ProgramPanels, type ProgramPanelData } from './program-panels';
import { RankPanel } from './rank-panel';
import { InviteGraph } from '../invite-graph';
import type { GraphSeller } from '../../../shared/program/invite-graph';
import type { MyLeaderboard } from '../../../shared/program/leaderboard-schemas';
import type { Meta } from '../layout';

function CopyRow(props: { value: string; label: string }) {
  return (
    <div class="copyrow">
      <input readonly value={props.value} aria-label={props.label} />
      <button type="button" class="btn ghost" data-copy={props.value} hidden>
        {useT().dash.copy}
      </button>
    </div>
  );
}

function Tile(props: { k: string; v: string; testid: string }) {
  return (
    <div class="tile" data-tile={props.testid}>
      <div class="v">{props.v}</div>
      <div class="k">{props.k}</div>
    </div>
  );
}

export interface CommissionItem {
  kind: string;
  orderId: string | null;
  level: number | null;
  amount: Money;
  createdAt: string;
}
export interface PayoutItem {
  payoutId: string;
  amount: Money;
  status: string;
  createdAt: string;
}

export interface DashboardData {
  seller: { handle: string; displayName: string; avatarUrl: string | null; bio: string; inviteCode: string; approval?: string };
  origin: string;
  stats: Stats & { followers?: number };
  links: Link[];
  network: Network;
  commissions: CommissionItem[];
  payouts: PayoutItem[];
  products: Product[];
  /** The invitation graph (two levels drawn) and the seller's leaderboard standing (null: unavailable). */
  graph?: GraphSeller;
  standing?: MyLeaderboard | null;
  error?: string;
  program?: ProgramPanelData;
}

/** Depth-first order of the invitation subtree, so an indented list reads as a tree. */
export function treeOrder(network: Network): { id: string; handle: string; depth: number }[] {
  const children = new Map<string, string[]>();
  for (const e of network.edges) children.set(e.from, [...(children.get(e.from) ?? []), e.to]);
  const byId = new Map(network.nodes.map((n) => [n.id, n]));
  const root = network.nodes.find((n) => n.depth === 0);
  const out: { id: string; handle: string; depth: number }[] = [];
  const seen = new Set<string>();
  const walk = (id: string) => {
    const n = byId.get(id);
    if (!n || seen.has(id)) return;
    seen.add(id);
    out.push(n);
    for (const c of children.get(id) ?? []) walk(c);
  };
  if (root) walk(root.id);
  return out;
}


export function DashboardPage(props: { meta: Meta; data: DashboardData }) {
  const { seller, stats, links, network, commissions, payouts, products, origin } = props.data;
  const invite = `${origin}/signup?invite=${encodeURIComponent(seller.inviteCode)}`;
  const storefrontUrl = `${origin}/@${seller.handle}`;
  const lang = useLang();
  const t = useT().dash;
  const tw = useT().withdraw;
  // The ledger's available may be negative (a clawback owed): shown as zero here, owed on /me/withdrawals.
  const shown = shownBalance(stats.earnings.available.amount);
  const formatMoney = (m: Money) => moneyIn(lang, m);
  const day = (iso: string) => dateIn(lang, iso);
  const tree = treeOrder(network).filter((n) => n.depth > 0);
  const productTitle = new Map(products.map((p) => [p.id, p.title]));
  return (
    <Shell meta={props.meta} scripts={['/js/copy.js']}>
      <div class="panel">
        <div class="persona">
          <Avatar name={seller.displayName} url={seller.avatarUrl} />
          <div style="flex:1;min-width:0">
            <h1>{seller.displayName}</h1>
            <div class="muted">
              <a href={`/@${seller.handle}`}>@{seller.handle}</a> · <a href="/me/storefront">{t.editStorefront}</a> · <a href="/me/withdrawals">{tw.link}</a>
            </div>
          </div>
          <form method="post" action="/logout" class="inline">
            <button class="btn ghost" type="submit">
              {t.signOut}
            </button>
          </form>
        </div>
        {seller.approval && seller.approval !== 'approved' && (
          <p class="alert" role="status" data-approval={seller.approval}>
            {seller.approval === 'pending' ? tw.pendingNote : tw.rejectedNote}
          </p>
        )}
        {stats.followers !== undefined && (
          <div class="muted" style="margin-top:10px" data-followers={stats.followers}>
            {t.followers}: <b>{stats.followers}</b>
          </div>
        )}
        <div class="muted" style="margin-top:10px">{t.myStorefront}</div>
        <CopyRow value={storefrontUrl} label={t.storefrontLink} />
        <div class="muted" style="margin-top:10px">{t.inviteLink}</div>
        <CopyRow value={invite} label={t.inviteLink} />
      </div>

      <h2>{t.numbers}</h2>
      <div class="tiles">
        <Tile testid="clicks" k={t.clicks} v={String(stats.clicks)} />
        <Tile testid="visitors" k={t.visitors} v={String(stats.uniqueVisitors)} />
        <Tile testid="orders" k={t.orders} v={String(stats.orders)} />
        <Tile testid="conversion" k={t.conversion} v={percentIn(lang, stats.conversionRate)} />
        <Tile testid="pending" k={t.pending} v={formatMoney(stats.earnings.pending)} />
        <Tile testid="available" k={t.available} v={formatMoney(money(shown.available, stats.earnings.available.currency))} />
        {shown.owed > 0 && <Tile testid="owed" k={tw.owed} v={formatMoney(money(shown.owed, stats.earnings.available.currency))} />}
        <Tile testid="paid" k={t.paid} v={formatMoney(stats.earnings.paid)} />
        <Tile testid="reversed" k={t.reversed} v={formatMoney(stats.earnings.reversed)} />
      </div>

      <div class="panel">
        <div class="muted">{t.clicksByDay(stats.byDay.length)}</div>
        {stats.clicks === 0 ? <div class="empty">{t.noClicks}</div> : (
          <BarChart
            series={stats.byDay.map((d) => ({ label: d.day.slice(5), value: d.clicks }))}
            title={t.clicksByDayChart}
            labelEvery={Math.max(1, Math.ceil(stats.byDay.length / 6))}
          />
        )}
      </div>
      <div class="panel">
        <div class="muted">{t.byChannel}</div>
        {stats.byChannel.length === 0 ? <div class="empty">{t.noChannels}</div> : (
          <BarChart series={stats.byChannel.map((c) => ({ label: c.channel, value: c.clicks }))} title={t.byChannelChart} color="var(--chart-channel)" />
        )}
      </div>
      <OrdersByChannel rows={stats.ordersByChannel} />
      {props.data.program && <ProgramPanels data={props.data.program} />}

      <h2>{t.myLinks}</h2>
      <div class="panel">
        <form class="form" method="post" action="/me/links">
          <label for="productId">{t.productOrStorefront}</label>
          <select id="productId" name="productId">
            <option value="">{t.myStorefront}</option>
            {products.map((p) => (
              <option value={p.id}>{p.title}</option>
            ))}
          </select>
          <label for="channel">{t.channel}</label>
          <input id="channel" type="text" name="channel" maxlength={32} />
          <button class="btn primary" type="submit">
            {t.newLink}
          </button>
        </form>
        <Alert error={props.data.error} />
      </div>
      <div class="panel links">
        {links.length === 0 ? (
          <div class="empty">{t.noLinks}</div>
        ) : (
          links.map((l) => (
            <div class="link" data-link={l.code}>
              <img src={`/r/${l.code}/qr.svg`} alt={`QR ${l.code}`} width="72" height="72" loading="lazy" />
              <div class="info">
                <div>
                  {l.kind === 'product' ? productTitle.get(l.productId ?? '') ?? l.productId : l.kind === 'group' ? t.groupLink(l.groupId ?? '') : t.storefront}
                  {l.channel && <span class="badge" style="margin-left:6px">{l.channel}</span>}
                </div>
                <div class="muted">
                  {t.linkStats(l.clicks, l.uniqueVisitors)}
                  {l.active ? '' : ` · ${t.inactive}`}
                </div>
                <CopyRow value={l.url} label={t.link(l.code)} />
                <PosterButton url={`/r/${l.code}/poster.png`} />
              </div>
            </div>
          ))
        )}
      </div>

      {props.data.standing !== undefined && <RankPanel standing={props.data.standing} />}

      <h2>{t.network}</h2>
      <div class="panel">
        {props.data.graph ? (
          <InviteGraph root={props.data.graph} />
        ) : tree.length === 0 ? (
          <div class="empty">{t.noInvitees}</div>
        ) : (
          <ul class="tree">
            {tree.map((n) => (
              <li style={`padding-left:${(n.depth - 1) * 18}px`} data-depth={String(n.depth)}>
                {n.depth > 1 ? '└ ' : ''}
                <a href={`/@${n.handle}`}>@{n.handle}</a> <span class="muted">L{n.depth}</span>
              </li>
            ))}
            {network.truncated && <li class="muted">…</li>}
          </ul>
        )}
      </div>

      <TablePanel
        title={t.commissions}
        empty={t.noCommissions}
        rows={commissions.map((e) => [day(e.createdAt), t.kind[e.kind] ?? e.kind, e.level ? `L${e.level}` : '', <span class="price">{formatMoney(e.amount)}</span>])}
      />
      <TablePanel
        title={t.payouts}
        empty={t.noPayouts}
        rows={payouts.map((p) => [day(p.createdAt), p.status === 'paid' ? t.payoutPaid : t.payoutSending, <span class="price">{formatMoney(p.amount)}</span>])}
      />
    </Shell>
  );
}

/** A titled panel holding a simple table, or its empty state. */
function TablePanel(props: { title: string; empty: string; rows: Child[][] }) {
  return (
    <>
      <h2>{props.title}</h2>
      <div class="panel">
        {props.rows.length === 0 ? (
          <div class="empty">{props.empty}</div>
        ) : (
          <table class="list">
            <tbody>
              {props.rows.map((cells) => (
                <tr>
                  {cells.map((cell) => (
                    <td>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}
