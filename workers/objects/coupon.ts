// A coupon (优惠券): its remaining count and each buyer's claims, one writer (API.md v3 "Coupons").
import { DurableObject } from 'cloudflare:workers';
import type { AppEnv } from '../env';

export class Coupon extends DurableObject<AppEnv> {}
