import type { GraphSeller } from '../../../../shared/program/invite-graph';
import { InviteGraph } from '../../invite-graph';
import { dateTimeIn, moneyIn, numberIn } from '../../../../shared/i18n';
import { money } from '../../../../shared/money';
import { useLang, useT } from '../../i18n';
import type { Meta } from '../../layout';
import { DataTable } from '../data-table';
import { DeskPage } from '../desk';
import { FilterLinks } from '../filter-bar';

export interface SellerItem {
  id: string;
  handle: string;
  displayName: string;
  depth: number;
  suspendedAt: string | null;
  approval: 'approved' | 'pending' | 'rejected';
  clicks: number;
  orders: number;
  earnings: number;
  invitees: number;
}

export interface TreeNode {
  id: string;
  handle: string;
  children: TreeNode[];
}

export function OpsSellersPage(props: { meta: Meta; sellers: SellerItem[]; pendingOnly?: boolean }) {
  const t = useT().opsDesk;
  const tw = useT().withdraw;
  const lang = useLang();
  return (
    <DeskPage meta={props.meta} current="sellers" title={t.sellers}>
      <FilterLinks
        class="chips"
        label={t.sellers}
        links={[
          { href: '/ops/sellers', label: tw.allSellers, current: !props.pendingOnly },
          { href: '/ops/sellers?approval=pending', label: tw.onlyPending, current: !!props.pendingOnly },
        ]}
      />
      <DataTable
        rows={props.sellers}
        rowAttrs={(s) => ({ 'data-seller': s.id, 'data-approval': s.approval })}
        empty={props.pendingOnly ? tw.noPending : t.noSellers}
        columns={[
          {
            label: t.seller,
            rowHeader: true,
            wrap: true,
            cell: (s) => (
              <>
                <a class="link" href={`/ops/sellers/${s.id}`}>
                  @{s.handle}
                </a>{' '}
                {s.suspendedAt && <span class="tag">{t.suspendedBadge}</span>}
                {s.approval !== 'approved' && <span class="tag">{s.approval === 'pending' ? tw.pending : tw.rejected}</span>}
                <div class="sub">{s.displayName}</div>
                {s.approval !== 'approved' && <ApprovalButtons id={s.id} approval={s.approval} />}
              </>
            ),
          },
          { label: t.clicks, numeric: true, cell: (s) => numberIn(lang, s.clicks) },
          { label: t.orders, numeric: true, cell: (s) => numberIn(lang, s.orders) },
          { label: t.earnings, numeric: true, cell: (s) => moneyIn(lang, money(s.earnings, 'CNY')) },
          { label: t.invitees, numeric: true, cell: (s) => numberIn(lang, s.invitees) },
        ]}
      />
    </DeskPage>
  );
}

/** Approve (a pending or rejected seller) and reject (a pending one): two small forms. */
function ApprovalButtons(props: { id: string; approval: 'pending' | 'rejected' }) {
  const tw = useT().withdraw;
  return (
    <div style="display:flex;gap:8px;flex-wrap:wrap;margin-top:6px">
      <form method="post" action={`/ops/sellers/${props.id}/approve`}>
        <button type="submit" class="dbtn">
          {tw.approveSeller}
        </button>
      </form>
      {props.approval === 'pending' && (
        <form method="post" action={`/ops/sellers/${props.id}/reject`}>
          <button type="submit" class="dbtn ghost">
            {tw.rejectSeller}
          </button>
        </form>
      )}
    </div>
  );
}

/** The invitation tree as nested lists: readable without CSS, by screen readers and at any width. */
function Tree(props: { node: TreeNode }) {
  const n = props.node;
  return (
    <li data-node={n.id}>
      <a class="link" href={`/ops/sellers/${n.id}`}>
        @{n.handle}
      </a>
      {n.children.length > 0 && (
        <ul>
          {n.children.map((c) => (
            <Tree node={c} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function OpsSellerPage(props: {
  meta: Meta;
  seller: SellerItem;
  upline: { id: string; handle: string }[];
  tree: TreeNode;
  graph: GraphSeller;
  size: number;
  truncated: boolean;
  notice?: { text: string; warn?: boolean };
}) {
  const t = useT().opsDesk;
  const tw = useT().withdraw;
  const lang = useLang();
  const s = props.seller;
  return (
    <DeskPage meta={props.meta} current="sellers" title={`@${s.handle}`} notice={props.notice}>
      <div class="panel">
        <p>
          <strong>{s.displayName}</strong> {s.suspendedAt && <span class="tag">{t.suspendedBadge}</span>}
        </p>
        <p class="sub">
          {t.clicks} {numberIn(lang, s.clicks)} · {t.orders} {numberIn(lang, s.orders)} · {t.earnings} {moneyIn(lang, money(s.earnings, 'CNY'))} · {t.invitees}{' '}
          {numberIn(lang, s.invitees)}
        </p>
        {s.suspendedAt && <p class="sub">{t.suspendedSince(dateTimeIn(lang, s.suspendedAt))}</p>}
        {s.approval !== 'approved' && (
          <>
            <p>
              <span class="tag">{s.approval === 'pending' ? tw.pending : tw.rejected}</span>
            </p>
            <p class="sub">{tw.approvalHelp}</p>
            <ApprovalButtons id={s.id} approval={s.approval} />
          </>
        )}
        <form method="post" action={`/ops/sellers/${s.id}/${s.suspendedAt ? 'unsuspend' : 'suspend'}`}>
          <p class="sub" id="suspend-help">
            {t.suspendHelp}
          </p>
          <button type="submit" class={s.suspendedAt ? 'dbtn ghost' : 'dbtn'} aria-describedby="suspend-help">
            {s.suspendedAt ? t.unsuspend : t.suspend}
          </button>
        </form>
      </div>
      <h2>{t.upline}</h2>
      <div class="panel">
        {props.upline.length === 0 ? (
          <p class="sub">{t.noUpline}</p>
        ) : (
          <ol>
            {props.upline.map((u) => (
              <li>
                <a class="link" href={`/ops/sellers/${u.id}`}>
                  @{u.handle}
                </a>
              </li>
            ))}
          </ol>
        )}
      </div>
      <h2 id="network">{t.networkOf(s.handle)}</h2>
      <div class="panel">
        <InviteGraph root={props.graph} linkTo={(id) => `/ops/sellers/${id}`} />
        <details style="margin-top:8px">
          <summary>{t.networkSize(props.size)}</summary>
          {props.truncated && <p class="notice warn">{t.truncated}</p>}
          <ul class="tree" aria-labelledby="network">
            <Tree node={props.tree} />
          </ul>
        </details>
      </div>
    </DeskPage>
  );
}
