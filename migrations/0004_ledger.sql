CREATE TABLE "commission_entries" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "commission_entries_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"seller_id" text NOT NULL,
	"kind" text NOT NULL,
	"order_id" text,
	"level" smallint,
	"payout_id" text,
	"amount" integer NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"from_bucket" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commission_entries_shape_ck" CHECK (("commission_entries"."kind" = 'payout' and "commission_entries"."payout_id" is not null and "commission_entries"."order_id" is null and "commission_entries"."level" is null)
       or ("commission_entries"."kind" <> 'payout' and "commission_entries"."order_id" is not null and "commission_entries"."level" in (1, 2) and "commission_entries"."payout_id" is null)),
	CONSTRAINT "commission_entries_sign_ck" CHECK (case when "commission_entries"."kind" = 'clawback' then "commission_entries"."amount" < 0 else "commission_entries"."amount" > 0 end),
	CONSTRAINT "commission_entries_from_ck" CHECK (("commission_entries"."kind" = 'reverse') = ("commission_entries"."from_bucket" is not null))
);
--> statement-breakpoint
CREATE TABLE "payouts" (
	"id" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"total_amount" bigint NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"seller_count" integer NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"paid_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "order_items" ADD COLUMN "level1_bps" integer;--> statement-breakpoint
ALTER TABLE "order_items" ADD COLUMN "level2_bps" integer;--> statement-breakpoint
CREATE UNIQUE INDEX "commission_entries_order_uq" ON "commission_entries" USING btree ("order_id","seller_id","level","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "commission_entries_payout_uq" ON "commission_entries" USING btree ("payout_id","seller_id");--> statement-breakpoint
CREATE INDEX "commission_entries_seller_idx" ON "commission_entries" USING btree ("seller_id","seq");--> statement-breakpoint
CREATE INDEX "commission_entries_order_idx" ON "commission_entries" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "payouts_list_idx" ON "payouts" USING btree ("created_at","id");