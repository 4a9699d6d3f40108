import { dateTimeIn, moneyIn } from '../../../../shared/i18n';
import { money } from '../../../../shared/money';
import { useLang, useT } from '../../i18n';
import type { Meta } from '../../layout';
import { DataTable } from '../data-table';
import { DeskPage, shortDateTime } from '../desk';
import { FilterLinks } from '../filter-bar';

export interface GroupItem {
  id: string;
  productTitle: string;
  size: number;
  members: number;
  autoFilled: number;
  status: 'open' | 'succeeded' | 'failed';
  expiresAt: string;
  priceAmount: number;
}

export function OpsGroupsPage(props: { meta: Meta; status?: GroupItem['status']; groups: GroupItem[] }) {
  const t = useT().opsDesk;
  const lang = useLang();
  const filters: [string, string | undefined][] = [
    [t.all, undefined],
    [t.status.open, 'open'],
    [t.status.succeeded, 'succeeded'],
    [t.status.failed, 'failed'],
  ];
  return (
    <DeskPage meta={props.meta} current="groups" title={t.groups}>
      <FilterLinks class="chips" label={t.filterBy} links={filters.map(([label, s]) => ({ label, href: s ? `/ops/groups?status=${s}` : '/ops/groups', current: s === props.status }))} />
      <DataTable
        rows={props.groups}
        rowAttrs={(g) => ({ 'data-group': g.id })}
        empty={t.noGroups}
        columns={[
          {
            label: t.product,
            rowHeader: true,
            wrap: true,
            cell: (g) => (
              <>
                <a class="link" href={`/g/${g.id}`}>
                  {g.productTitle}
                </a>
                <div class="sub">{moneyIn(lang, money(g.priceAmount, 'CNY'))}</div>
              </>
            ),
          },
          { label: t.seats, numeric: true, cell: (g) => `${g.members}/${g.size}` },
          {
            label: t.deadline,
            cell: (g) => (
              <time datetime={g.expiresAt} title={dateTimeIn(lang, g.expiresAt)}>
                {shortDateTime(lang, g.expiresAt)}
              </time>
            ),
          },
          { label: t.autoFilled, cellAttrs: (g) => ({ 'data-autofilled': g.autoFilled }), cell: (g) => (g.autoFilled > 0 ? t.autoFilledSeats(g.autoFilled) : t.no) },
          { label: t.statusLabel, cell: (g) => t.status[g.status] },
        ]}
      />
    </DeskPage>
  );
}
