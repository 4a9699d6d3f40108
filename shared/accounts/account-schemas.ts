// A seller's sign-up and sign-in: the request bodies and what the API answers, apart from the
// catalog, link and storefront schemas in ../schemas.ts, whose email and handle rules they use.
import { z } from 'zod';
import { EmailSchema, HandleSchema } from '../schemas';

export const SignupBody = z.object({
  email: EmailSchema,
  password: z.string().min(8, 'password needs at least 8 characters').max(200),
  handle: HandleSchema,
  displayName: z.string().trim().min(1).max(60),
  inviteCode: z.string().trim().min(4).max(32).optional(),
});

export const LoginBody = z.object({
  email: EmailSchema,
  password: z.string().min(1).max(200),
});

export const SellerSummary = z.object({
  id: z.string(),
  handle: z.string(),
  displayName: z.string(),
  inviteCode: z.string(),
  // Enrollment: `pending` until ops approve under the approval mode (no links, no commission).
  approval: z.enum(['approved', 'pending', 'rejected']),
});

export const SignupResponse = z.object({ token: z.string(), seller: SellerSummary });
export const LoginResponse = z.object({ token: z.string(), role: z.enum(['seller', 'ops']) });
