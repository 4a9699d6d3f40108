import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { barChartSvg } from '../../shared/charts';
import { formatMoney, type Money } from '../../shared/money';
import type { Link, Network, Product, Stats } from '../../shared/schemas';
import { Avatar } from './components';
import { Layout, type Meta } from './layout';

const CSS = `
.form label{display:block;font-size:14px;margin:10px 0 4px}
.form input[type=text],.form input[type=email],.form input[type=password],.form input[type=url],.form textarea,.form select{width:100%;padding:10px;border:1px solid #ddd;border-radius:8px;font-size:16px;background:#fff}
.form .btn{width:100%;margin-top:14px}
.alert{background:#fff0f0;color:#b00020;border-radius:8px;padding:10px;margin:8px 0}
.tiles{display:grid;grid-template-columns:repeat(2,1fr);gap:8px}@media(min-width:640px){.tiles{grid-template-columns:repeat(3,1fr)}}
.tile{background:#fff;border-radius:12px;padding:10px}.tile .v{font-size:20px;font-weight:700}.tile .k{color:#888;font-size:12px}
.copyrow{display:flex;gap:6px;align-items:center;margin-top:6px}.copyrow input{flex:1;min-width:0;padding:8px;border:1px solid #eee;border-radius:8px;font-size:13px;color:#555}
.copyrow .btn{padding:6px 12px;font-size:13px}
.links .link{display:flex;gap:10px;align-items:center;border-top:1px solid #f0f0f0;padding:10px 0}.links .link:first-child{border-top:0}
.links .link img{width:72px;height:72px;flex:none}.links .link .info{flex:1;min-width:0}
table.list{width:100%;border-collapse:collapse;font-size:13px}table.list td,table.list th{padding:6px 4px;border-top:1px solid #f0f0f0;text-align:left}
.tree{list-style:none;padding:0;margin:0}.tree li{padding:3px 0}
.picks label{display:flex;gap:8px;align-items:center;margin:6px 0;font-size:14px}
.inline{display:inline}
`;

function Shell(props: { meta: Meta; children: Child; scripts?: string[] }) {
  return (
    <Layout meta={props.meta} css={CSS} scripts={props.scripts}>
      {props.children}
    </Layout>
  );
}

function Alert(props: { error?: string }) {
  return props.error ? (
    <div class="alert" role="alert">
      {props.error}
    </div>
  ) : null;
}

export function LoginPage(props: { meta: Meta; error?: string; email?: string }) {
  return (
    <Shell meta={props.meta}>
      <div class="panel">
        <h1>卖家登录 · Seller sign in</h1>
        <Alert error={props.error} />
        <form class="form" method="post" action="/login">
          <label for="email">邮箱 · Email</label>
          <input id="email" type="email" name="email" required autocomplete="username" value={props.email ?? ''} />
          <label for="password">密码 · Password</label>
          <input id="password" type="password" name="password" required autocomplete="current-password" />
          <button class="btn primary" type="submit">
            登录 · Sign in
          </button>
        </form>
        <p class="muted">
          还没有账号？ No account yet? <a href="/signup">注册 · Sign up</a>
        </p>
      </div>
    </Shell>
  );
}

export interface SignupForm {
  email?: string;
  handle?: string;
  displayName?: string;
  inviteCode?: string;
}

export function SignupPage(props: { meta: Meta; error?: string; form: SignupForm }) {
  const f = props.form;
  return (
    <Shell meta={props.meta}>
      <div class="panel">
        <h1>成为卖家 · Become a seller</h1>
        <Alert error={props.error} />
        <form class="form" method="post" action="/signup">
          <label for="email">邮箱 · Email</label>
          <input id="email" type="email" name="email" required autocomplete="username" value={f.email ?? ''} />
          <label for="password">密码（至少 8 位）· Password (8+ characters)</label>
          <input id="password" type="password" name="password" required minlength={8} autocomplete="new-password" />
          <label for="handle">店铺名 · Handle (a-z, 0-9, _)</label>
          <input id="handle" type="text" name="handle" required pattern="[a-z0-9_]{3,30}" value={f.handle ?? ''} />
          <label for="displayName">昵称 · Display name</label>
          <input id="displayName" type="text" name="displayName" required maxlength={60} value={f.displayName ?? ''} />
          <label for="inviteCode">邀请码（可选）· Invite code (optional)</label>
          <input id="inviteCode" type="text" name="inviteCode" value={f.inviteCode ?? ''} />
          <button class="btn primary" type="submit">
            注册 · Sign up
          </button>
        </form>
        <p class="muted">
          已有账号？ Have an account? <a href="/login">登录 · Sign in</a>
        </p>
      </div>
    </Shell>
  );
}

function CopyRow(props: { value: string; label: string }) {
  return (
    <div class="copyrow">
      <input readonly value={props.value} aria-label={props.label} />
      <button type="button" class="btn ghost" data-copy={props.value} hidden>
        复制 · Copy
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
  seller: { handle: string; displayName: string; avatarUrl: string | null; bio: string; inviteCode: string };
  origin: string;
  stats: Stats & { followers?: number };
  links: Link[];
  network: Network;
  commissions: CommissionItem[];
  payouts: PayoutItem[];
  products: Product[];
  error?: string;
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

const KIND_LABEL: Record<string, string> = {
  accrue: '计入 · Accrued',
  release: '可提现 · Released',
  reverse: '冲回 · Reversed',
  payout: '已付 · Paid out',
  clawback: '追回 · Clawback',
};

const day = (iso: string) => iso.slice(0, 10);

export function DashboardPage(props: { meta: Meta; data: DashboardData }) {
  const { seller, stats, links, network, commissions, payouts, products, origin } = props.data;
  const invite = `${origin}/signup?invite=${encodeURIComponent(seller.inviteCode)}`;
  const storefrontUrl = `${origin}/@${seller.handle}`;
  const daily = barChartSvg(
    stats.byDay.map((d) => ({ label: d.day.slice(5), value: d.clicks })),
    { title: 'Clicks by day · 每日点击', labelEvery: Math.max(1, Math.ceil(stats.byDay.length / 6)) },
  );
  const channels = barChartSvg(
    stats.byChannel.map((c) => ({ label: c.channel, value: c.clicks })),
    { title: 'Clicks by channel · 渠道点击', color: '#f39c12' },
  );
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
              <a href={`/@${seller.handle}`}>@{seller.handle}</a> · <a href="/me/storefront">编辑店铺 · Edit storefront</a>
            </div>
          </div>
          <form method="post" action="/logout" class="inline">
            <button class="btn ghost" type="submit">
              退出 · Sign out
            </button>
          </form>
        </div>
        {stats.followers !== undefined && (
          <div class="muted" style="margin-top:10px" data-followers={stats.followers}>
            粉丝 · Followers: <b>{stats.followers}</b>
          </div>
        )}
        <div class="muted" style="margin-top:10px">我的店铺 · My storefront</div>
        <CopyRow value={storefrontUrl} label="Storefront link" />
        <div class="muted" style="margin-top:10px">邀请链接 · Invite link</div>
        <CopyRow value={invite} label="Invite link" />
      </div>

      <h2>数据 · Numbers</h2>
      <div class="tiles">
        <Tile testid="clicks" k="点击 · Clicks" v={String(stats.clicks)} />
        <Tile testid="visitors" k="访客 · Unique visitors" v={String(stats.uniqueVisitors)} />
        <Tile testid="orders" k="订单 · Orders" v={String(stats.orders)} />
        <Tile testid="conversion" k="转化率 · Conversion" v={`${(stats.conversionRate * 100).toFixed(1)}%`} />
        <Tile testid="pending" k="待结算 · Pending" v={formatMoney(stats.earnings.pending)} />
        <Tile testid="available" k="可提现 · Available" v={formatMoney(stats.earnings.available)} />
        <Tile testid="paid" k="已付 · Paid" v={formatMoney(stats.earnings.paid)} />
        <Tile testid="reversed" k="已冲回 · Reversed" v={formatMoney(stats.earnings.reversed)} />
      </div>

      <div class="panel">
        <div class="muted">每日点击（近 {stats.byDay.length} 天）· Clicks by day</div>
        {stats.clicks === 0 ? <div class="empty">还没有点击 · No clicks yet — share a link to get started</div> : <div class="chart">{raw(daily)}</div>}
      </div>
      <div class="panel">
        <div class="muted">渠道 · By channel</div>
        {stats.byChannel.length === 0 ? <div class="empty">还没有渠道数据 · No channel data yet</div> : <div class="chart">{raw(channels)}</div>}
      </div>

      <h2>我的链接 · My links</h2>
      <div class="panel">
        <form class="form" method="post" action="/me/links">
          <label for="productId">商品 · Product (留空为店铺 · empty = storefront)</label>
          <select id="productId" name="productId">
            <option value="">我的店铺 · My storefront</option>
            {products.map((p) => (
              <option value={p.id}>{p.title}</option>
            ))}
          </select>
          <label for="channel">渠道 · Channel (e.g. wechat)</label>
          <input id="channel" type="text" name="channel" maxlength={32} />
          <button class="btn primary" type="submit">
            新建链接 · New link
          </button>
        </form>
        <Alert error={props.data.error} />
      </div>
      <div class="panel links">
        {links.length === 0 ? (
          <div class="empty">还没有链接 · No links yet — create your first one</div>
        ) : (
          links.map((l) => (
            <div class="link" data-link={l.code}>
              <img src={`/r/${l.code}/qr.svg`} alt={`QR ${l.code}`} width="72" height="72" loading="lazy" />
              <div class="info">
                <div>
                  {l.kind === 'product' ? productTitle.get(l.productId ?? '') ?? l.productId : l.kind === 'group' ? `拼团 · Group ${l.groupId}` : '店铺 · Storefront'}
                  {l.channel && <span class="badge" style="margin-left:6px">{l.channel}</span>}
                </div>
                <div class="muted">
                  {l.clicks} 点击 clicks · {l.uniqueVisitors} 访客 visitors{l.active ? '' : ' · 已停用 inactive'}
                </div>
                <CopyRow value={l.url} label={`Link ${l.code}`} />
              </div>
            </div>
          ))
        )}
      </div>

      <h2>邀请网络 · My network</h2>
      <div class="panel">
        {tree.length === 0 ? (
          <div class="empty">还没有邀请 · No invitees yet — share your invite link</div>
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
        title="佣金 · Commissions"
        empty="还没有佣金 · No commissions yet"
        rows={commissions.map((e) => [day(e.createdAt), KIND_LABEL[e.kind] ?? e.kind, e.level ? `L${e.level}` : '', <span class="price">{formatMoney(e.amount)}</span>])}
      />
      <TablePanel
        title="打款 · Payouts"
        empty="还没有打款 · No payouts yet"
        rows={payouts.map((p) => [day(p.createdAt), p.status === 'paid' ? '已到账 · Paid' : '处理中 · Sending', <span class="price">{formatMoney(p.amount)}</span>])}
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
  return (
    <Shell meta={props.meta}>
      <div class="panel">
        <h1>编辑店铺 · Edit storefront</h1>
        <div class="muted">
          <a href="/me">← 返回 · Back to dashboard</a>
        </div>
        <Alert error={props.error} />
        <form class="form" method="post" action="/me/storefront">
          <label for="displayName">昵称 · Display name</label>
          <input id="displayName" type="text" name="displayName" required maxlength={60} value={f.displayName} />
          <label for="bio">简介 · Bio</label>
          <textarea id="bio" name="bio" rows={3} maxlength={500}>
            {f.bio}
          </textarea>
          <label for="avatarUrl">头像链接 · Avatar URL (https://)</label>
          <input id="avatarUrl" type="text" name="avatarUrl" value={f.avatarUrl ?? ''} />
          <label for="focusCategory">主营类目 · Focus category</label>
          <input id="focusCategory" type="text" name="focusCategory" maxlength={60} value={f.focusCategory ?? ''} />
          <label>精选商品 · Products</label>
          <div class="picks">
            {props.products.length === 0 ? (
              <div class="muted">暂无商品 · No products on sale yet</div>
            ) : (
              props.products.map((p) => (
                <>
                  <label>
                    <input type="checkbox" name="productIds" value={p.id} checked={picked.has(p.id)} />
                    <span>
                      {p.title} <span class="muted">{formatMoney(p.price)}</span>
                    </span>
                  </label>
                  <textarea name={`note_${p.id}`} rows={2} maxlength={500} placeholder="体验分享（可选） · Your experience (optional)" aria-label={`体验分享 ${p.title}`}>
                    {f.notes?.[p.id] ?? ''}
                  </textarea>
                </>
              ))
            )}
          </div>
          <button class="btn primary" type="submit">
            保存 · Save
          </button>
        </form>
      </div>
    </Shell>
  );
}
