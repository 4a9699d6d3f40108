// Ticks every [data-countdown-to="<ISO time>"] element. Pages are cached as rendered, so
// the server's countdown text is only the first guess; this keeps it true.
import { formatCountdown } from '../../shared/groups/group-display';
import { pageMessages } from './lang';

const days = pageMessages().group.days;

function tick() {
  document.querySelectorAll<HTMLElement>('[data-countdown-to]').forEach((el) => {
    const at = Date.parse(el.dataset.countdownTo ?? '');
    if (!Number.isNaN(at)) el.textContent = formatCountdown(at - Date.now(), days);
  });
}

tick();
setInterval(tick, 1000);
