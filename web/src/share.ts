// Share sheet island: copy link, QR code, and the Web Share API where the browser has it.
// The server renders a working fallback (a read-only link field); this script adds the buttons.
// It also carries `?ref=` onto in-site links, so attribution survives in-app browsers that drop cookies.
import { pageMessages } from './lang';

const REF = new URLSearchParams(location.search).get('ref');

function withRef(path: string): string {
  if (!REF) return path;
  const u = new URL(path, location.origin);
  u.searchParams.set('ref', REF);
  return u.pathname + u.search;
}

async function copy(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Older in-app browsers: select the field and use the legacy command.
    if (!input) return false;
    input.select();
    return document.execCommand('copy');
  }
}

function setupSheet(el: HTMLElement) {
  const path = el.dataset.path ?? location.pathname;
  const sharePath = withRef(path);
  const url = location.origin + sharePath;
  const title = el.dataset.title ?? document.title;
  const text = el.dataset.text ?? '';
  const input = el.querySelector<HTMLInputElement>('[data-share-url]');
  const status = el.querySelector<HTMLElement>('[data-share-status]');
  const qrBox = el.querySelector<HTMLElement>('[data-share-qr-box]');
  const qrImg = qrBox?.querySelector<HTMLImageElement>('img');
  if (input) input.value = url;
  const say = (msg: string) => {
    if (status) status.textContent = msg;
  };

  const nativeBtn = el.querySelector<HTMLButtonElement>('[data-share-native]');
  if (nativeBtn && typeof navigator.share === 'function') {
    nativeBtn.hidden = false;
    nativeBtn.addEventListener('click', () => {
      navigator.share({ title, text, url }).catch(() => {
        /* the user closed the sheet */
      });
    });
  }

  el.querySelector<HTMLButtonElement>('[data-share-copy]')?.addEventListener('click', async () => {
    const t = pageMessages().share;
    say((await copy(url, input)) ? t.copied : t.copyManually);
  });

  el.querySelector<HTMLButtonElement>('[data-share-qr]')?.addEventListener('click', () => {
    if (!qrBox || !qrImg) return;
    if (!qrImg.getAttribute('src')) qrImg.src = el.dataset.qr ?? `/qr.svg?path=${encodeURIComponent(sharePath)}`;
    qrBox.hidden = !qrBox.hidden;
  });

  el.querySelectorAll<HTMLElement>('[data-share-js]').forEach((b) => (b.hidden = false));
  // WeChat takes no links in Moments and blocks downloads: the poster, long-pressed, is the way.
  if (/MicroMessenger/i.test(navigator.userAgent) && el.querySelector('[data-share-poster]')) say(pageMessages().share.wechatHint);
}

function carryRef() {
  if (!REF) return;
  document.querySelectorAll<HTMLAnchorElement>('a[href^="/@"], a[href^="/p/"], a[href^="/g/"], a[href^="/buy/"]').forEach((a) => {
    a.setAttribute('href', withRef(a.getAttribute('href')!));
  });
}

document.querySelectorAll<HTMLElement>('[data-share]').forEach(setupSheet);
carryRef();
