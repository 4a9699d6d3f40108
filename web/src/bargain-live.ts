// Live bargain on /b/:id, fed by the bargain's socket or polling (lib/live-feed.ts). The
// countdown ticks locally from expiresAt. When the bargain closes the page reloads once, so the
// server draws what this visitor can do now (buy at the floor, start again).
import { formatCountdown } from '../../shared/groups/group-display';
import { moneyIn, toLocale, DEFAULT_LOCALE } from '../../shared/i18n';
import type { BargainView } from '../../shared/promotions/bargain-schemas';
import { pageMessages } from './lang';
import { startLiveFeed } from './lib/live-feed';

const t = pageMessages().bargain;
const lang = toLocale(document.documentElement.lang) ?? DEFAULT_LOCALE;
const money = (amount: number) => moneyIn(lang, { amount, currency: 'CNY' });

function setup(root: HTMLElement) {
  const id = root.dataset.bargainId!;
  const firstStatus = root.dataset.status;
  let expiresAt = Date.parse(root.dataset.expiresAt ?? '');
  let stopPolling = () => {};
  let closed = firstStatus !== 'open';
  const set = (sel: string, text: string) => document.querySelectorAll<HTMLElement>(sel).forEach((el) => (el.textContent = text));

  function render(b: BargainView) {
    expiresAt = Date.parse(b.expiresAt);
    const span = b.startPrice.amount - b.floorPrice.amount;
    const pct = span <= 0 ? 100 : Math.round(((b.startPrice.amount - b.price.amount) / span) * 100);
    set('[data-price]', money(b.price.amount));
    set('[data-progress]', t.progress(b.helps, b.helpersNeeded));
    set('[data-cut-so-far]', t.cutSoFar(money(b.startPrice.amount - b.price.amount)));
    const bar = root.querySelector<HTMLElement>('[data-bar]');
    bar?.setAttribute('aria-valuenow', String(pct));
    bar?.setAttribute('aria-label', t.progress(b.helps, b.helpersNeeded));
    const fill = root.querySelector<HTMLElement>('[data-bar-fill]');
    if (fill) fill.style.width = `${pct}%`;
    const list = document.querySelector<HTMLElement>('[data-cuts]');
    if (list && list.children.length !== b.cuts.length) {
      list.replaceChildren(
        ...b.cuts.map((c) => {
          const li = document.createElement('li');
          const name = document.createElement('span');
          name.textContent = c.helperName;
          const amount = document.createElement('span');
          amount.className = 'price';
          amount.textContent = t.cutBy(money(c.amount.amount));
          li.append(name, amount);
          return li;
        }),
      );
      document.querySelectorAll<HTMLElement>('[data-no-helpers]').forEach((el) => (el.hidden = b.cuts.length > 0));
    }
    if (b.status === 'open') set('[data-status-line]', t.moreNeeded(Math.max(0, b.helpersNeeded - b.helps)));
    root.dataset.status = b.status;
    if (b.status !== 'open' && !closed) {
      closed = true;
      stopPolling();
      // The actions depend on who is looking: the server draws them.
      window.setTimeout(() => location.reload(), 600);
    }
  }

  const tick = () => set('[data-countdown]', formatCountdown(expiresAt - Date.now(), t.days));

  tick();
  window.setInterval(tick, 1000);
  stopPolling = startLiveFeed<BargainView>({
    root,
    api: `/api/bargains/${encodeURIComponent(id)}`,
    pick: (body) => (body as { bargain: BargainView }).bargain,
    render,
    done: () => closed,
  });
}

document.querySelectorAll<HTMLElement>('[data-bargain-live]').forEach(setup);
