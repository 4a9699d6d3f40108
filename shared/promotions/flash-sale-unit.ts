// A flash sale's units live on Stock objects of their own, named by the sale's id in place of a
// variant's (`<saleId>:0`). Lines bought from a sale record it as their stock unit.
export const isFlashSaleUnit = (id: string | null | undefined): id is string => typeof id === 'string' && id.startsWith('t_');
