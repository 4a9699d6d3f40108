// A bargain (砍价): its cuts, its helpers and its deadline alarm; live to WebSockets (API.md v3 "Bargains").
import { DurableObject } from 'cloudflare:workers';
import type { AppEnv } from '../env';

export class Bargain extends DurableObject<AppEnv> {}
