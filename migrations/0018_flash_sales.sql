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
CREATE INDEX "flash_sales_product_idx" ON "flash_sales" USING btree ("product_id","starts_at");--> statement-breakpoint
CREATE INDEX "flash_sales_ends_idx" ON "flash_sales" USING btree ("ends_at");