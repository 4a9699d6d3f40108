CREATE TABLE "buyer_bindings" (
	"buyer_email" text PRIMARY KEY NOT NULL,
	"seller_id" text NOT NULL,
	"bound_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"order_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "program_settings" (
	"id" smallint PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "program_settings_one_ck" CHECK ("program_settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "seller_codes" (
	"code" text PRIMARY KEY NOT NULL,
	"seller_id" text NOT NULL,
	"active" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "seller_codes_code_ck" CHECK ("seller_codes"."code" ~ '^[A-Z0-9]{4,16}$')
);
--> statement-breakpoint
CREATE TABLE "seller_levels" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"rank" integer NOT NULL,
	"boost_bps" integer NOT NULL,
	"upgrade" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "seller_levels_rank_ck" CHECK ("seller_levels"."rank" between 1 and 10),
	CONSTRAINT "seller_levels_boost_ck" CHECK ("seller_levels"."boost_bps" between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE "withdrawals" (
	"id" text PRIMARY KEY NOT NULL,
	"seller_id" text NOT NULL,
	"amount" integer NOT NULL,
	"fee" integer NOT NULL,
	"net" integer NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"method" jsonb NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"reference" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approved_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "withdrawals_amount_ck" CHECK ("withdrawals"."amount" > 0 and "withdrawals"."fee" >= 0 and "withdrawals"."net" = "withdrawals"."amount" - "withdrawals"."fee")
);
--> statement-breakpoint
ALTER TABLE "commission_entries" DROP CONSTRAINT "commission_entries_shape_ck";--> statement-breakpoint
DROP INDEX "commission_entries_order_uq";--> statement-breakpoint
ALTER TABLE "sellers" ADD COLUMN "approval" text DEFAULT 'approved' NOT NULL;--> statement-breakpoint
ALTER TABLE "sellers" ADD COLUMN "level_id" text;--> statement-breakpoint
ALTER TABLE "sellers" ADD COLUMN "level_set_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sellers" ADD COLUMN "leaderboard_opt_in" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "order_items" ADD COLUMN "pay_amount" integer;--> statement-breakpoint
ALTER TABLE "order_items" ADD COLUMN "refunded_quantity" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "subtotal_amount" integer;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "discount_amount" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "refunded_amount" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "attribution_source" text;--> statement-breakpoint
ALTER TABLE "commission_entries" ADD COLUMN "withdrawal_id" text;--> statement-breakpoint
ALTER TABLE "commission_entries" ADD COLUMN "after_sale_id" text;--> statement-breakpoint
CREATE INDEX "buyer_bindings_seller_idx" ON "buyer_bindings" USING btree ("seller_id","expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "seller_codes_one_active_uq" ON "seller_codes" USING btree ("seller_id") WHERE "seller_codes"."active" = 1;--> statement-breakpoint
CREATE UNIQUE INDEX "seller_levels_rank_uq" ON "seller_levels" USING btree ("rank");--> statement-breakpoint
CREATE INDEX "withdrawals_seller_idx" ON "withdrawals" USING btree ("seller_id","created_at");--> statement-breakpoint
CREATE INDEX "withdrawals_status_idx" ON "withdrawals" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "commission_entries_withdrawal_uq" ON "commission_entries" USING btree ("withdrawal_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "commission_entries_order_uq" ON "commission_entries" USING btree ("order_id","seller_id","level","kind",coalesce("after_sale_id", '')) WHERE "commission_entries"."order_id" is not null;--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_refunded_ck" CHECK ("order_items"."refunded_quantity" between 0 and "order_items"."quantity");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_discount_ck" CHECK ("orders"."discount_amount" >= 0);--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_refunded_ck" CHECK ("orders"."refunded_amount" between 0 and "orders"."total_amount");--> statement-breakpoint
ALTER TABLE "commission_entries" ADD CONSTRAINT "commission_entries_after_sale_ck" CHECK ("commission_entries"."after_sale_id" is null or "commission_entries"."kind" in ('reverse', 'clawback'));--> statement-breakpoint
ALTER TABLE "commission_entries" ADD CONSTRAINT "commission_entries_shape_ck" CHECK (("commission_entries"."kind" = 'payout' and "commission_entries"."payout_id" is not null and "commission_entries"."order_id" is null and "commission_entries"."level" is null and "commission_entries"."withdrawal_id" is null)
       or ("commission_entries"."kind" in ('withdraw', 'withdraw_return') and "commission_entries"."withdrawal_id" is not null and "commission_entries"."order_id" is null and "commission_entries"."level" is null and "commission_entries"."payout_id" is null)
       or ("commission_entries"."kind" not in ('payout', 'withdraw', 'withdraw_return') and "commission_entries"."order_id" is not null and "commission_entries"."level" in (1, 2) and "commission_entries"."payout_id" is null and "commission_entries"."withdrawal_id" is null));