// The invite loop after paying for a group that is not full: the order page shows the group's
// share sheet ("还差 N 人") with its card, link, poster and the system share sheet.
import type { Messages } from '../../../shared/i18n';
import type { AppEnv } from '../../env';
import { getGroupPageView } from './groups';

/** The share sheet's fields (pages/components ShareInfo has the same shape). */
export interface GroupInvite {
  path: string;
  url: string;
  title: string;
  text: string;
  posterUrl: string;
  headline: string;
}

export async function groupInvite(env: Pick<AppEnv, 'GROUP_BUY'>, groupId: string, origin: string, t: Messages['share']): Promise<GroupInvite | undefined> {
  const view = await getGroupPageView(env, groupId);
  if (!view || view.group.status !== 'open') return undefined;
  const g = view.group;
  const need = g.size - g.members;
  if (need <= 0) return undefined;
  const path = `/g/${g.id}`;
  return {
    path,
    url: `${origin}${path}`,
    title: t.inviteTitle(need),
    text: t.inviteText,
    posterUrl: `/g/${g.id}/poster.png`,
    headline: t.inviteHeadline(need),
  };
}
