import { dateTimeIn, moneyIn } from '../../../shared/i18n';
import { money } from '../../../shared/money';
import { useLang, useT } from '../i18n';
import type { Meta } from '../layout';
import { DeskPage, shortDateTime } from './desk';

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
      <nav class="chips" aria-label={t.filterBy}>
        {filters.map(([label, s]) => (
          <a href={s ? `/ops/groups?status=${s}` : '/ops/groups'} aria-current={s === props.status ? 'page' : undefined}>
            {label}
          </a>
        ))}
      </nav>
      <div class="panel scroll">
        {props.groups.length === 0 ? (
          <div class="empty">{t.noGroups}</div>
        ) : (
          <table class="list">
            <thead>
              <tr>
                <th scope="col">{t.product}</th>
                <th scope="col">{t.seats}</th>
                <th scope="col">{t.deadline}</th>
                <th scope="col">{t.autoFilled}</th>
                <th scope="col">{t.statusLabel}</th>
              </tr>
            </thead>
            <tbody>
              {props.groups.map((g) => (
                <tr data-group={g.id}>
                  <th scope="row" class="wrap">
                    <a class="link" href={`/g/${g.id}`}>
                      {g.productTitle}
                    </a>
                    <div class="sub">{moneyIn(lang, money(g.priceAmount, 'CNY'))}</div>
                  </th>
                  <td class="num">
                    {g.members}/{g.size}
                  </td>
                  <td>
                    <time datetime={g.expiresAt} title={dateTimeIn(lang, g.expiresAt)}>
                      {shortDateTime(lang, g.expiresAt)}
                    </time>
                  </td>
                  <td data-autofilled={g.autoFilled}>{g.autoFilled > 0 ? t.autoFilledSeats(g.autoFilled) : t.no}</td>
                  <td>{t.status[g.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </DeskPage>
  );
}
