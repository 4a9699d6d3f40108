// A buyer's purchase count of one limited product or sale (限购, API.md v3 "Purchase limits").
import { DurableObject } from 'cloudflare:workers';
import type { AppEnv } from '../env';

export class PurchaseLimit extends DurableObject<AppEnv> {}
