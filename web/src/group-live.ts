// Live group counter on /g/:id: a WebSocket to /api/groups/:id/live pushes the group on every
// change; if sockets fail (some in-app browsers and proxies), it polls GET /api/groups/:id.
// The countdown ticks locally from expiresAt.
import { formatCountdown, seatsNeeded } from '../../shared/groups/group-display';
import type { GroupSnapshot } from '../../shared/groups/group-state';
import { pageMessages } from './lang';

const t = pageMessages().group;

const POLL_MS = 4000;

function setup(root: HTMLElement) {
  const id = root.dataset.groupId!;
  const seatsEl = root.querySelector<HTMLElement>('[data-seats]');
  const initials: string[] = JSON.parse(seatsEl?.dataset.initials ?? '[]');
  let current: GroupSnapshot | undefined;
  let expiresAt = Date.parse(root.dataset.expiresAt ?? '');
  let pollTimer: number | undefined;

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

  async function poll() {
    try {
      const res = await fetch(`/api/groups/${encodeURIComponent(id)}`, { headers: { accept: 'application/json' } });
      if (res.ok) render(((await res.json()) as { group: GroupSnapshot }).group);
    } catch {
      // offline for a moment; the next poll tries again
    }
  }

  function startPolling() {
    if (pollTimer !== undefined || current?.status === 'succeeded' || current?.status === 'failed') return;
    root.dataset.live = 'polling';
    void poll();
    pollTimer = window.setInterval(poll, POLL_MS);
  }

  function stopPolling() {
    if (pollTimer !== undefined) window.clearInterval(pollTimer);
    pollTimer = undefined;
  }

  function connect() {
    if (!('WebSocket' in window)) return startPolling();
    let ws: WebSocket;
    try {
      ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/groups/${encodeURIComponent(id)}/live`);
    } catch {
      return startPolling();
    }
    ws.onopen = () => {
      root.dataset.live = 'socket';
      stopPolling();
    };
    ws.onmessage = (e) => {
      try {
        render(JSON.parse(String(e.data)) as GroupSnapshot);
      } catch {
        // ignore a malformed frame
      }
    };
    ws.onclose = () => {
      if (current?.status === 'succeeded' || current?.status === 'failed') return;
      startPolling();
      // Try the socket again later; polling covers the gap.
      window.setTimeout(connect, 30_000);
    };
  }

  tick();
  window.setInterval(tick, 1000);
  connect();
}

document.querySelectorAll<HTMLElement>('[data-group-live]').forEach(setup);
