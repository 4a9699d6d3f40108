// A flash sale (秒杀): its definition, status, and the start and end alarms (API.md v3 "Flash sales").
import { DurableObject } from 'cloudflare:workers';
import type { AppEnv } from '../env';

export class FlashSale extends DurableObject<AppEnv> {}
