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
ALTER TABLE "buyer_coupons" ADD CONSTRAINT "buyer_coupons_coupon_id_coupons_id_fk" FOREIGN KEY ("coupon_id") REFERENCES "public"."coupons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "buyer_coupons_claim_uq" ON "buyer_coupons" USING btree ("coupon_id","buyer_email","claim_no");--> statement-breakpoint
CREATE INDEX "buyer_coupons_buyer_idx" ON "buyer_coupons" USING btree ("buyer_email");--> statement-breakpoint
CREATE INDEX "buyer_coupons_order_idx" ON "buyer_coupons" USING btree ("order_id");