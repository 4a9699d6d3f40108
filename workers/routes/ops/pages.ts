// Every ops page, one router per resource, behind the one ops-only guard.
import { Hono } from 'hono';
import type { Ctx } from '../../middleware';
import { opsAuditPageRoutes } from './audit-pages';
import { opsGroupPageRoutes } from './groups-pages';
import { opsLevelPageRoutes } from './levels-pages';
import { opsFlashSalePageRoutes } from './flash-sales-pages';
import { opsOrderPageRoutes } from './orders-pages';
import { opsOverviewPageRoutes } from './overview-pages';
import { opsPayoutPageRoutes } from './payouts-pages';
import { opsWithdrawalPageRoutes } from './withdrawals-pages';
import { opsCouponPageRoutes } from './coupons-pages';
import { opsProgramPageRoutes } from './program-pages';
import { opsProductPageRoutes } from './products-pages';
import { opsRefundPageRoutes } from './refunds-pages';
import { opsSellerApprovalRoutes, opsSellerPageRoutes } from './sellers-pages';
import { opsAfterSalePageRoutes } from './after-sales-pages';
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
