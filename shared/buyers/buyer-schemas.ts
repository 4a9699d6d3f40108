// Buyer-facing request and response schemas (API.md "Buyers").
import { z } from 'zod';
import { SellerSummary } from '../accounts/account-schemas';
import { EmailSchema, HandleSchema } from '../schemas';

export const BuyerCodeBody = z.object({ email: EmailSchema });
export const BuyerSessionBody = z.object({ email: EmailSchema, code: z.string().trim().regex(/^\d{6}$/, 'the code is 6 digits') });
export const BuyerSessionResponse = z.object({ token: z.string(), role: z.literal('buyer') });

export const ReviewBody = z.object({
  rating: z.number().int().min(1).max(5),
  text: z.string().trim().min(1).max(2000),
});
export const ReviewSchema = z.object({
  id: z.string(),
  rating: z.number().int(),
  text: z.string(),
  buyerName: z.string(),
  createdAt: z.string(),
  verified: z.literal(true),
});
export type Review = z.infer<typeof ReviewSchema>;
export const ReviewPageSchema = z.object({
  items: z.array(ReviewSchema),
  average: z.number().nullable(),
  count: z.number().int(),
  nextCursor: z.string().nullable(),
});
export type ReviewPage = z.infer<typeof ReviewPageSchema>;
export const ReviewListQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const FollowingSchema = z.object({
  items: z.array(z.object({ handle: z.string(), displayName: z.string(), followedAt: z.string() })),
});

export const BecomeSellerBody = z.object({
  handle: HandleSchema,
  displayName: z.string().trim().min(1).max(60),
  password: z.string().min(8, 'password needs at least 8 characters').max(200),
});
export const BecomeSellerResponse = z.object({ token: z.string(), seller: SellerSummary });

export const OutboxQuery = z.object({ to: EmailSchema });
export const OutboxSchema = z.object({
  messages: z.array(z.object({ to: z.string(), subject: z.string(), text: z.string(), code: z.string().optional() })),
});

/** A sign-in code's lifetime; the outbox forgets a code once it has passed. */
export const CODE_TTL_MS = 10 * 60 * 1000;
