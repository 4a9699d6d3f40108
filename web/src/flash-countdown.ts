// Ticks the flash-sale countdowns ([data-flash-to="<ISO time>"]) by the server's clock: the page
// carries the server's time (data-server-now on <main>), so a phone set wrong still counts right.
// When a countdown reaches zero the page reloads once, to show the sale open (or ended).
import { formatCountdown } from '../../shared/groups/group-display';
import { pageMessages } from './lang';

const days = pageMessages().group.days;
const root = document.querySelector<HTMLElement>('[data-server-now]');
const serverAtLoad = Date.parse(root?.dataset.serverNow ?? '');
const skew = Number.isNaN(serverAtLoad) ? 0 : serverAtLoad - Date.now();
let reloaded = false;

function tick() {
  const now = Date.now() + skew;
  document.querySelectorAll<HTMLElement>('[data-flash-to]').forEach((el) => {
    const at = Date.parse(el.dataset.flashTo ?? '');
    if (Number.isNaN(at)) return;
    el.textContent = formatCountdown(at - now, days);
    if (at <= now && !reloaded && el.dataset.reload !== undefined) {
      reloaded = true;
      setTimeout(() => location.reload(), 800);
    }
  });
}

tick();
setInterval(tick, 1000);
