CREATE TABLE "flash_sales" (
	"id" text PRIMARY KEY NOT NULL,
	"product_id" text NOT NULL,
	"variant_id" text,
	"price_amount" integer NOT NULL,
	"quantity" integer NOT NULL,
	"starts_at" timestamp (3) with time zone NOT NULL,
	"ends_at" timestamp (3) with time zone NOT NULL,
	"per_buyer" integer,
	"stopped_at" timestamp (3) with time zone,
	"returned_quantity" integer DEFAULT 0 NOT NULL,
	"settled_at" timestamp (3) with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "flash_sales_quantity_ck" CHECK ("flash_sales"."quantity" >= 1),
	CONSTRAINT "flash_sales_window_ck" CHECK ("flash_sales"."ends_at" >= "flash_sales"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "bargain_cuts" (
	"bargain_id" text NOT NULL,
	"helper_email" text NOT NULL,
	"helper_name" text NOT NULL,
	"amount" integer NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "bargain_cuts_bargain_id_helper_email_pk" PRIMARY KEY("bargain_id","helper_email"),
	CONSTRAINT "bargain_cuts_amount_ck" CHECK ("bargain_cuts"."amount" >= 1)
);
--> statement-breakpoint
CREATE TABLE "bargains" (
	"id" text PRIMARY KEY NOT NULL,
	"product_id" text NOT NULL,
	"variant_id" text,
	"owner_email" text NOT NULL,
	"owner_name" text NOT NULL,
	"start_price_amount" integer NOT NULL,
	"floor_price_amount" integer NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"helpers_needed" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"attributed_seller_id" text,
	"attributed_link_id" text,
	"attributed_channel" text,
	"order_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"succeeded_at" timestamp with time zone,
	CONSTRAINT "bargains_helpers_ck" CHECK ("bargains"."helpers_needed" between 2 and 50),
	CONSTRAINT "bargains_floor_ck" CHECK ("bargains"."floor_price_amount" >= 0 and "bargains"."start_price_amount" - "bargains"."floor_price_amount" >= "bargains"."helpers_needed")
);
--> statement-breakpoint
CREATE TABLE "buyer_coupons" (
	"id" text PRIMARY KEY NOT NULL,
	"coupon_id" text NOT NULL,
	"buyer_email" text NOT NULL,
	"claim_no" integer NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone NOT NULL,
	"state" text DEFAULT 'unused' NOT NULL,
	"order_id" text,
	"locked_until" timestamp with time zone,
	"claimed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "buyer_coupons_order_ck" CHECK (("buyer_coupons"."state" = 'unused') = ("buyer_coupons"."order_id" is null))
);
--> statement-breakpoint
CREATE TABLE "coupons" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"discount" jsonb NOT NULL,
	"min_spend_amount" integer DEFAULT 0 NOT NULL,
	"scope" jsonb NOT NULL,
	"total_count" integer,
	"per_buyer_limit" integer DEFAULT 1 NOT NULL,
	"validity" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coupons_total_ck" CHECK ("coupons"."total_count" is null or "coupons"."total_count" >= 1),
	CONSTRAINT "coupons_per_buyer_ck" CHECK ("coupons"."per_buyer_limit" >= 1),
	CONSTRAINT "coupons_min_spend_ck" CHECK ("coupons"."min_spend_amount" >= 0)
);
--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "group_leader_price_amount" integer;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "limits" jsonb;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "bargain" jsonb;--> statement-breakpoint
ALTER TABLE "order_items" ADD COLUMN "stock_unit" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "buyer_coupon_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "flash_sale_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "bargain_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "purchase_limited" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "bargain_cuts" ADD CONSTRAINT "bargain_cuts_bargain_id_bargains_id_fk" FOREIGN KEY ("bargain_id") REFERENCES "public"."bargains"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bargains" ADD CONSTRAINT "bargains_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buyer_coupons" ADD CONSTRAINT "buyer_coupons_coupon_id_coupons_id_fk" FOREIGN KEY ("coupon_id") REFERENCES "public"."coupons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "flash_sales_product_idx" ON "flash_sales" USING btree ("product_id","starts_at");--> statement-breakpoint
CREATE INDEX "flash_sales_ends_idx" ON "flash_sales" USING btree ("ends_at");--> statement-breakpoint
CREATE UNIQUE INDEX "bargains_open_owner_uq" ON "bargains" USING btree ("product_id","owner_email") WHERE "bargains"."status" = 'open';--> statement-breakpoint
CREATE INDEX "bargains_owner_idx" ON "bargains" USING btree ("owner_email","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "buyer_coupons_claim_uq" ON "buyer_coupons" USING btree ("coupon_id","buyer_email","claim_no");--> statement-breakpoint
CREATE INDEX "buyer_coupons_buyer_idx" ON "buyer_coupons" USING btree ("buyer_email");--> statement-breakpoint
CREATE INDEX "buyer_coupons_order_idx" ON "buyer_coupons" USING btree ("order_id");