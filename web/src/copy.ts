// Copy buttons for the seller dashboard: <button data-copy="text">. Hidden until this runs,
// since without JavaScript the text is still shown in a read-only field beside it.
import { pageMessages } from './lang';

async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Older in-app browsers: select the field and use the legacy command.
    if (!field) return false;
    field.select();
    return document.execCommand('copy');
  }
}

document.querySelectorAll<HTMLButtonElement>('button[data-copy]').forEach((btn) => {
  const label = btn.textContent ?? '';
  const field = btn.parentElement?.querySelector<HTMLInputElement>('input[readonly]') ?? null;
  btn.hidden = false;
  btn.addEventListener('click', async () => {
    const t = pageMessages().share;
    btn.textContent = (await copyText(btn.dataset.copy ?? '', field)) ? t.copied : t.copyManually;
    setTimeout(() => (btn.textContent = label), 2000);
  });
});
