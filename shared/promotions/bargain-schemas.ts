// Bargains (砍价), API.md v3: the product's offer, the bargain as the API shows it, the bodies.
import { z } from 'zod';
import { BargainOfferInput, IdSchema } from '../schemas';

export const BARGAIN_STATUSES = ['open', 'succeeded', 'expired', 'purchased'] as const;
export type BargainStatus = (typeof BARGAIN_STATUSES)[number];

/** A product's bargain offer (in shared/schemas.ts beside the group offer); `null` removes it. */
export { BargainOfferInput };
export type BargainOffer = z.infer<typeof BargainOfferInput>;

const Money = z.object({ amount: z.number().int(), currency: z.literal('CNY') });

export const BargainCutSchema = z.object({ helperName: z.string(), amount: Money, at: z.string() });

export const BargainSchema = z.object({
  id: z.string(),
  productId: z.string(),
  variantId: z.string().nullable(),
  ownerName: z.string(),
  startPrice: Money,
  floorPrice: Money,
  price: Money.describe('the price now: startPrice less every cut'),
  helpersNeeded: z.number().int(),
  helps: z.number().int(),
  status: z.enum(BARGAIN_STATUSES),
  expiresAt: z.string(),
  cuts: z.array(BargainCutSchema).describe('helper names only, never emails'),
});
export type BargainView = z.infer<typeof BargainSchema>;

/** A name shown to other buyers: 1–20 characters; without one the email's first letter and stars. */
const ShownName = z.string().trim().min(1).max(20);

export const BargainCreateBody = z.object({
  productId: IdSchema,
  variantId: IdSchema.optional(),
  ref: z.string().max(2048).optional(),
  name: ShownName.optional(),
});

export const BargainHelpBody = z.object({ name: ShownName.optional() }).optional();

export const BargainIdSchema = IdSchema.refine((s) => s.startsWith('d_'), 'a bargain id starts with d_');

/** What a buyer is shown as when they gave no name: "a***" of a@example.com. Never the email. */
export function shownNameOf(email: string, name?: string): string {
  if (name && name.trim()) return name.trim().slice(0, 20);
  const first = Array.from(email.trim())[0] ?? '?';
  return `${first}***`;
}
