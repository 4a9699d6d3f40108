// The program settings page: the form posts the whole document, checked by the same schema as
// PUT /api/ops/program and saved by the same audited verb.
import { Hono } from 'hono';
import { parseYuan } from '../../../../shared/catalog/ops-product-form';
import { ProgramSettingsSchema } from '../../../../shared/program/program-schemas';
import { messagesOf } from '../../../language';
import type { Ctx } from '../../../middleware';
import { OpsProgramPage } from '../../../pages/ops/program/program';
import { getProgramSettings, putProgramSettingsAudited } from '../../../services/program/settings';
import { describeZodError } from '../../router';
import { html } from '../../html';
import { actorOf, pageMeta, sameOrigin, str } from '../page-helpers';

const cny = (fen: number) => ({ amount: fen, currency: 'CNY' as const });
/** An empty field is absent; a malformed one stays malformed (NaN), so the schema refuses it. */
const optYuan = (s: string) => (s === '' ? undefined : cny(parseYuan(s) ?? Number.NaN));
const int = (s: string) => (/^\d{1,6}$/.test(s) ? Number(s) : Number.NaN);

export const opsProgramPageRoutes = new Hono<Ctx>()
  .get('/ops/program', async (c) => {
    const t = messagesOf(c).withdraw;
    const settings = await getProgramSettings(c.var.db());
    return html(c, <OpsProgramPage meta={pageMeta(c, t.program)} settings={settings} notice={c.req.query('done') === 'saved' ? { text: t.saved } : undefined} />);
  })
  .post('/ops/program', sameOrigin, async (c) => {
    const t = messagesOf(c).withdraw;
    const f = await c.req.parseBody();
    const enrollment = str(f.enrollment);
    const days = str(f.bindingDays);
    const doc = {
      enrollment,
      ...(enrollment === 'after_spend' || str(f.spendThreshold) !== '' ? { spendThreshold: optYuan(str(f.spendThreshold)) } : {}),
      binding: { mode: str(f.bindingMode), days: days === '' ? null : int(days) },
      withdrawals: { minAmount: optYuan(str(f.minAmount)), feeBps: int(str(f.feeBps)) },
      codes: { percentOff: int(str(f.percentOff)), ...(str(f.maxDiscount) !== '' ? { maxDiscount: optYuan(str(f.maxDiscount)) } : {}) },
    };
    const parsed = ProgramSettingsSchema.safeParse(doc);
    if (!parsed.success) {
      const current = await getProgramSettings(c.var.db());
      return html(c, <OpsProgramPage meta={pageMeta(c, t.program)} settings={current} error={describeZodError(parsed.error)} />, 400);
    }
    await putProgramSettingsAudited(c.var.db(), actorOf(c), parsed.data);
    return c.redirect('/ops/program?done=saved', 303);
  });
