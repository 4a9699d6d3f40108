// A product with colours and sizes, as the variant tests build it.
import { createProduct } from './helpers';

const cny = (amount: number) => ({ amount, currency: 'CNY' as const });

export const TEE_OPTIONS = [
  { name: '颜色', values: ['白', '黑'] },
  { name: '尺码', values: ['S', 'M', 'L'] },
];

/** Six variants of a T-shirt: 白 at ¥59, 黑 at ¥69 (M at ¥79), `stock` each unless `stockOf` says otherwise. */
export async function createTee(opts: { stock?: number; stockOf?: Record<string, number>; groupBuy?: boolean } = {}) {
  const variants = TEE_OPTIONS[0]!.values.flatMap((colour) =>
    TEE_OPTIONS[1]!.values.map((size) => {
      const price = colour === '白' ? 5900 : size === 'M' ? 7900 : 6900;
      return {
        sku: `TEE-${colour === '白' ? 'W' : 'B'}-${size}`,
        options: { 颜色: colour, 尺码: size },
        price: cny(price),
        stock: opts.stockOf?.[`${colour}/${size}`] ?? opts.stock ?? 20,
        ...(opts.groupBuy ? { groupPrice: cny(price - 1000), ...(colour === '黑' ? { leaderPrice: cny(price - 2000) } : {}) } : {}),
      };
    }),
  );
  return createProduct({
    price: undefined,
    stock: undefined,
    options: TEE_OPTIONS,
    variants,
    ...(opts.groupBuy ? { groupBuy: { size: 3, price: cny(4500), durationMinutes: 60 } } : {}),
  });
}

export const variantOf = (product: { variants: any[] }, colour: string, size: string): any =>
  product.variants.find((v) => v.options['颜色'] === colour && v.options['尺码'] === size)!;
