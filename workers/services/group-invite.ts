// The invite loop after paying for a group that is not full: the order page shows the group's
// share sheet ("还差 N 人") with its card, link, poster and the system share sheet.
import type { AppEnv } from '../env';
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

export async function groupInvite(env: Pick<AppEnv, 'GROUP_BUY'>, groupId: string, origin: string): Promise<GroupInvite | undefined> {
  const view = await getGroupPageView(env, groupId);
  if (!view || view.group.status !== 'open') return undefined;
  const g = view.group;
  const need = g.size - g.members;
  if (need <= 0) return undefined;
  const path = `/g/${g.id}`;
  return {
    path,
    url: `${origin}${path}`,
    title: `还差 ${need} 人成团 · ${need} more to go`,
    text: '一起拼团更便宜，点开参团 · Join my group, it is cheaper together',
    posterUrl: `/g/${g.id}/poster.png`,
    headline: `还差 ${need} 人成团，邀请好友一起拼 · ${need} more to go: invite friends`,
  };
}
