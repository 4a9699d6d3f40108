// Live group counter on /g/:id, fed by the group's socket or polling (lib/live-feed.ts). The
// countdown ticks locally from expiresAt.
import { formatCountdown, seatsNeeded } from '../../shared/groups/group-display';
import type { GroupSnapshot } from '../../shared/groups/group-state';
import { pageMessages } from './lang';
import { startLiveFeed } from './lib/live-feed';

const t = pageMessages().group;

function setup(root: HTMLElement) {
  const id = root.dataset.groupId!;
  const seatsEl = root.querySelector<HTMLElement>('[data-seats]');
  const initials: string[] = JSON.parse(seatsEl?.dataset.initials ?? '[]');
  let current: GroupSnapshot | undefined;
  let expiresAt = Date.parse(root.dataset.expiresAt ?? '');
  let stopPolling = () => {};

  const set = (sel: string, text: string) => root.querySelectorAll<HTMLElement>(sel).forEach((el) => (el.textContent = text));

  function render(g: GroupSnapshot) {
    current = g;
    expiresAt = Date.parse(g.expiresAt);
    root.dataset.status = g.status;
    set('[data-members]', String(g.members));
    set('[data-held]', String(g.held));
    const n = seatsNeeded(g);
    set('[data-status-line]', g.status === 'succeeded' ? t.complete : g.status === 'failed' ? t.failed : t.moreNeeded(n));
    if (seatsEl) {
      seatsEl.querySelectorAll<HTMLElement>('[data-seat]').forEach((el, i) => {
        const state = i < g.members ? 'paid' : i < g.members + g.held ? 'held' : 'free';
        el.className = `seat ${state}`;
        el.dataset.seat = state;
        el.textContent = state === 'paid' ? (initials[i] ?? '✓') : state === 'held' ? '…' : '?';
      });
    }
    const joinable = g.status === 'open' && expiresAt > Date.now() && g.members + g.held < g.size;
    root.querySelectorAll<HTMLElement>('[data-join]').forEach((el) => (el.hidden = !joinable));
    root.querySelectorAll<HTMLElement>('[data-countdown-row]').forEach((el) => (el.hidden = g.status !== 'open'));
    if (g.status !== 'open') stopPolling();
  }

  function tick() {
    set('[data-countdown]', formatCountdown(expiresAt - Date.now(), t.days));
  }

  tick();
  window.setInterval(tick, 1000);
  stopPolling = startLiveFeed<GroupSnapshot>({
    root,
    api: `/api/groups/${encodeURIComponent(id)}`,
    pick: (body) => (body as { group: GroupSnapshot }).group,
    render,
    done: () => current?.status === 'succeeded' || current?.status === 'failed',
  });
}

document.querySelectorAll<HTMLElement>('[data-group-live]').forEach(setup);
