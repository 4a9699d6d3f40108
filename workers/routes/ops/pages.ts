// Every ops page, one router per resource, behind the one ops-only guard.
import { Hono } from 'hono';
import type { Ctx } from '../../middleware';
import { opsAuditPageRoutes } from './audit-pages';
import { opsGroupPageRoutes } from './orders/groups-pages';
import { opsLevelPageRoutes } from './program/levels-pages';
import { opsFlashSalePageRoutes } from './promotions/flash-sales-pages';
import { opsOrderPageRoutes } from './orders/orders-pages';
import { opsOverviewPageRoutes } from './overview-pages';
import { opsPayoutPageRoutes } from './program/payouts-pages';
import { opsWithdrawalPageRoutes } from './program/withdrawals-pages';
import { opsCouponPageRoutes } from './promotions/coupons-pages';
import { opsProgramPageRoutes } from './program/program-pages';
import { opsProductPageRoutes } from './products-pages';
import { opsRefundPageRoutes } from './orders/refunds-pages';
import { opsSellerApprovalRoutes, opsSellerPageRoutes } from './program/sellers-pages';
import { opsAfterSalePageRoutes } from './orders/after-sales-pages';
import { opsSignalPageRoutes } from './signals-pages';
import { opsOnly } from './page-helpers';

export const opsPageRoutes = new Hono<Ctx>()
  .use('/ops', opsOnly)
  .use('/ops/*', opsOnly)
  .route('/', opsOverviewPageRoutes)
  .route('/', opsProductPageRoutes)
  .route('/', opsOrderPageRoutes)
  .route('/', opsGroupPageRoutes)
  .route('/', opsSellerPageRoutes)
  .route('/', opsSellerApprovalRoutes)
  .route('/', opsPayoutPageRoutes)
  .route('/', opsLevelPageRoutes)
  .route('/', opsFlashSalePageRoutes)
  .route('/', opsWithdrawalPageRoutes)
  .route('/', opsCouponPageRoutes)
  .route('/', opsProgramPageRoutes)
  .route('/', opsRefundPageRoutes)
  .route('/', opsAfterSalePageRoutes)
  .route('/', opsAuditPageRoutes)
  .route('/', opsSignalPageRoutes);
