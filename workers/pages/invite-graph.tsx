// The invitation graph on /me and /ops/sellers/:id: one server-rendered SVG picture (hover a
// node for its numbers), and under it a list of the same numbers that opens with a tap, so a
// phone or a screen reader gets them without a script.
import { raw } from 'hono/html';
import { moneyIn } from '../../shared/i18n';
import { money } from '../../shared/money';
import { inviteGraphSvg, layoutInviteGraph, type GraphSeller } from '../../shared/program/invite-graph';
import { useLang, useT } from './i18n';

export function InviteGraph(props: { root: GraphSeller; linkTo?: (id: string) => string }) {
  const lang = useLang();
  const t = useT().standing;
  const root = props.root;
  if (root.below === 0) return <div class="empty">{useT().dash.noInvitees}</div>;
  const g = layoutInviteGraph(root);
  const earned = (fen: number) => moneyIn(lang, money(fen, 'CNY'));
  const svg = inviteGraphSvg(g, {
    label: t.graphLabel(root.handle, g.nodes.length - 1, root.below),
    desc: t.graphDesc,
    nodeTitle: (n) => t.nodeTitle(n.handle, n.below, earned(n.earnings)),
  });
  return (
    <div class="invite-graph" data-graph-nodes={String(g.nodes.length)} data-graph-below={String(root.below)}>
      {raw(svg)}
      <details style="margin-top:8px">
        <summary>{t.numbers}</summary>
        <table class="list">
          <thead>
            <tr>
              <th scope="col">{t.seller}</th>
              <th scope="col">{t.below}</th>
              <th scope="col">{t.earned}</th>
            </tr>
          </thead>
          <tbody>
            {g.nodes.map((n) => (
              <tr>
                <td style={`padding-left:${6 + n.depth * 14}px`}>
                  {props.linkTo ? <a class="link" href={props.linkTo(n.id)}>@{n.handle}</a> : `@${n.handle}`} <span class="muted">{t.level(n.depth)}</span>
                </td>
                <td>{n.below}</td>
                <td>{earned(n.earnings)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
