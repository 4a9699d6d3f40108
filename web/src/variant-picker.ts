// The product page's variant picker: the price, stock and image follow the radio buttons without a
// reload. The server rendered every variant's texts into data-variants, so this only swaps them.
interface VariantText {
  id: string;
  values: string[];
  price: string;
  alone: string;
  group: string | null;
  stock: string;
  soldOut: boolean;
  image: string | null;
  buyAlone: string;
  startGroup: string | null;
}

function follow(form: HTMLFormElement) {
  const variants = JSON.parse(form.dataset.variants ?? '[]') as VariantText[];
  const fieldsets = Array.from(form.querySelectorAll('fieldset'));
  const update = () => {
    const values = fieldsets.map((f) => f.querySelector<HTMLInputElement>('input:checked')?.value ?? null);
    const v = variants.find((x) => x.values.every((val, i) => val === values[i]));
    const priceEl = document.querySelector<HTMLElement>('[data-price]');
    const aloneEl = document.querySelector<HTMLElement>('[data-alone-price]');
    const stockEl = form.querySelector<HTMLElement>('[data-variant-stock]');
    if (priceEl && v) priceEl.textContent = priceEl.dataset.group !== undefined && v.group ? v.group : v.price;
    if (aloneEl && v) aloneEl.textContent = v.alone;
    if (stockEl) stockEl.textContent = v ? v.stock : (form.dataset.missing ?? '');
    const cardStock = document.querySelector<HTMLElement>('[data-stock]');
    if (cardStock && v) cardStock.textContent = v.stock;
    const alone = form.querySelector<HTMLElement>('[data-buy-alone]');
    if (alone && v) alone.textContent = v.buyAlone;
    const group = form.querySelector<HTMLElement>('[data-start-group]');
    if (group && v?.startGroup) group.textContent = v.startGroup;
    const img = document.querySelector<HTMLImageElement>('[data-variant-image]');
    if (img && v?.image) img.src = v.image;
    form.querySelectorAll<HTMLButtonElement>('button[type=submit]').forEach((b) => (b.disabled = !v || v.soldOut));
  };
  form.addEventListener('change', update);
  update();
}

document.querySelectorAll<HTMLFormElement>('form[data-variant-picker]').forEach(follow);
