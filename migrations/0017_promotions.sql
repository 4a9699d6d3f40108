ALTER TABLE "products" ADD COLUMN "group_leader_price_amount" integer;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "limits" jsonb;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "bargain" jsonb;--> statement-breakpoint
ALTER TABLE "order_items" ADD COLUMN "stock_unit" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "buyer_coupon_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "flash_sale_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "bargain_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "purchase_limited" boolean DEFAULT false NOT NULL;