// The seller's paid orders by the channel that brought them, including joins that a shared
// group page brought (group_share), so a seller sees which way of sharing sells.
import { useT } from '../i18n';

export function OrdersByChannel(props: { rows: { channel: string; orders: number }[] }) {
  const t = useT().dash;
  const name = (ch: string) => t.channelNames[ch as keyof typeof t.channelNames] ?? ch;
  return (
    <div class="panel" data-orders-by-channel>
      <div class="muted">{t.ordersByChannel}</div>
      {props.rows.length === 0 ? (
        <div class="empty">{t.noChannelOrders}</div>
      ) : (
        <table class="list">
          <tbody>
            {props.rows.map((r) => (
              <tr data-channel={r.channel}>
                <td>{name(r.channel)}</td>
                <td style="text-align:right">{t.ordersCount(r.orders)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
