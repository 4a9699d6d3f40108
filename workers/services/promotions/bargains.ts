// Bargain (砍价) verbs over the Bargain objects (API.md v3 "Bargains"): open one on a product, read
// it, help it. The object decides every help; Postgres holds the record it writes.
import { ApiError } from '../../../shared/errors';
import { ID_PATTERN, newId } from '../../../shared/ids';
import { bargainOfferProblem } from '../../../shared/promotions/bargain-cut';
import { shownNameOf, type BargainView } from '../../../shared/promotions/bargain-schemas';
import type { AppEnv } from '../../env';
import type { HelpResult } from '../../objects/bargain-types';
import type { Db } from '../../storage/db';
import { deleteUnhelpedBargainRow, findBargainOrigin, findBargainRecord, insertBargainRow, listOwnerBargains } from '../../storage/promotions/bargains-repo';
import { getProductOrThrow } from '../catalog/catalog';
import { attributeOrder } from '../links/attribution';

type BargainEnv = Pick<AppEnv, 'BARGAIN'>;

export const bargainStub = (env: BargainEnv, id: string) => env.BARGAIN.get(env.BARGAIN.idFromName(id));

export const isBargainId = (id: string) => ID_PATTERN.test(id) && id.startsWith('d_');

export interface OpenBargainInput {
  ownerEmail: string;
  productId: string;
  variantId?: string;
  name?: string;
  ref?: string;
  refCookie?: string;
}

/** 201 with the new bargain; 409 conflict when the buyer has one open on this product already. */
export async function openBargain(env: AppEnv, db: Db, input: OpenBargainInput): Promise<BargainView> {
  const product = await getProductOrThrow(env, () => db, input.productId);
  const offer = product.bargain;
  if (!offer) throw new ApiError('invalid_input', 'This product offers no bargain.');
  let variantId: string | null = null;
  let start = product.price.amount;
  if (product.options.length > 0) {
    const v = product.variants.find((x) => x.id === input.variantId);
    if (!input.variantId) throw new ApiError('invalid_input', `variantId is required: product ${product.id} has options.`);
    if (!v) throw new ApiError('invalid_input', `variantId: not a variant of product ${product.id} on sale.`);
    variantId = v.id;
    start = v.price.amount;
  } else if (input.variantId !== undefined && input.variantId !== product.id) {
    throw new ApiError('invalid_input', `variantId: not a variant of product ${product.id}.`);
  }
  const problem = bargainOfferProblem(start, offer.floorPrice.amount, offer.helpersNeeded);
  if (problem) throw new ApiError('invalid_input', problem);
  const own = await attributeOrder(env, { cookieToken: input.refCookie, refToken: input.ref, buyerSellerId: null });
  const id = newId('d');
  const ownerName = shownNameOf(input.ownerEmail, input.name);
  const expiresAt = Date.now() + offer.durationHours * 3_600_000;
  const inserted = await insertBargainRow(db, {
    id,
    productId: product.id,
    variantId,
    ownerEmail: input.ownerEmail,
    ownerName,
    startPriceAmount: start,
    floorPriceAmount: offer.floorPrice.amount,
    helpersNeeded: offer.helpersNeeded,
    expiresAt: new Date(expiresAt),
    attributedSellerId: own?.sellerId ?? null,
    attributedLinkId: own?.linkId ?? null,
    attributedChannel: own?.channel ?? null,
  });
  if (inserted === 'conflict') throw new ApiError('conflict', 'You already have an open bargain on this product.');
  const stub = bargainStub(env, id);
  try {
    await stub.open({ id, productId: product.id, variantId, ownerEmail: input.ownerEmail, ownerName, startPriceAmount: start, floorPriceAmount: offer.floorPrice.amount, helpersNeeded: offer.helpersNeeded, expiresAt });
  } catch (e) {
    await deleteUnhelpedBargainRow(db, id).catch(() => {});
    throw e;
  }
  return (await stub.view())!;
}

export async function getBargainOrThrow(env: BargainEnv, db: () => Db, id: string): Promise<BargainView> {
  const b = await findBargain(env, db, id);
  if (!b) throw new ApiError('not_found', 'No such bargain.');
  return b;
}

/**
 * The bargain from its object. An object that holds nothing is asked to restore the Postgres
 * record, if there is one (seeded rows, lost object storage): only then is Postgres read.
 */
export async function findBargain(env: BargainEnv, db: () => Db, id: string): Promise<BargainView | null> {
  if (!isBargainId(id)) return null;
  const stub = bargainStub(env, id);
  const b = await stub.view();
  if (b) return b;
  const rec = await findBargainRecord(db(), id);
  if (!rec) return null;
  await stub.restore(rec);
  return stub.view();
}

/** 201 { cut, bargain }; refusals come from the object and cost no Postgres statement. */
export async function helpBargain(env: BargainEnv, db: () => Db, id: string, helper: { email: string; name?: string }): Promise<{ cut: number; bargain: BargainView }> {
  if (!isBargainId(id)) throw new ApiError('not_found', 'No such bargain.');
  const ask = () => bargainStub(env, id).help({ email: helper.email, name: shownNameOf(helper.email, helper.name) });
  let r: HelpResult = await ask();
  if (!r.ok && r.code === 'not_found' && (await findBargain(env, db, id))) r = await ask();
  if (r.ok) return { cut: r.cut, bargain: r.bargain };
  switch (r.code) {
    case 'not_found':
      throw new ApiError('not_found', 'No such bargain.');
    case 'forbidden':
      throw new ApiError('forbidden', "You can't help your own bargain: share it with friends.");
    case 'already_helped':
      throw new ApiError('already_helped', 'You have helped this bargain already.');
    case 'bargain_closed':
      throw new ApiError('bargain_closed', 'This bargain is no longer open.');
  }
}

/** Whether the signed-in buyer owns it (立即购买 is the owner's) or has helped it already. */
export async function bargainViewer(env: BargainEnv, id: string, email: string | undefined): Promise<{ isOwner: boolean; helped: boolean }> {
  if (!email || !isBargainId(id)) return { isOwner: false, helped: false };
  return bargainStub(env, id).viewer(email);
}

/** The buyer's open bargain on a product, if any (the start button leads back to it). */
export async function openBargainOf(db: Db, email: string, productId: string): Promise<string | null> {
  return (await listOwnerBargains(db, email, 50)).find((r) => r.productId === productId && r.status === 'open')?.id ?? null;
}

export async function bargainOrigin(db: Db, id: string) {
  return findBargainOrigin(db, id);
}

export async function listMyBargains(db: Db, email: string) {
  return (await listOwnerBargains(db, email)).map((r) => ({ id: r.id, productId: r.productId, status: r.status, expiresAt: r.expiresAt.toISOString() }));
}
