CREATE TABLE "accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sellers" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"handle" text NOT NULL,
	"display_name" text NOT NULL,
	"bio" text DEFAULT '' NOT NULL,
	"avatar_url" text,
	"focus_category" text,
	"invite_code" text NOT NULL,
	"inviter_id" text,
	"path" text NOT NULL,
	"depth" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sellers_handle_ck" CHECK ("sellers"."handle" ~ '^[a-z0-9_]{3,30}$')
);
--> statement-breakpoint
CREATE TABLE "storefront_picks" (
	"seller_id" text NOT NULL,
	"product_id" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "storefront_picks_seller_id_product_id_pk" PRIMARY KEY("seller_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"category" text NOT NULL,
	"images" jsonb NOT NULL,
	"price_amount" integer NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"stock" integer NOT NULL,
	"level1_bps" integer NOT NULL,
	"level2_bps" integer NOT NULL,
	"group_size" integer,
	"group_price_amount" integer,
	"group_duration_minutes" integer,
	"group_auto_fill_percent" integer,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_stock_ck" CHECK ("products"."stock" >= 0),
	CONSTRAINT "products_price_ck" CHECK ("products"."price_amount" >= 0)
);
--> statement-breakpoint
ALTER TABLE "sellers" ADD CONSTRAINT "sellers_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "storefront_picks" ADD CONSTRAINT "storefront_picks_seller_id_sellers_id_fk" FOREIGN KEY ("seller_id") REFERENCES "public"."sellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "storefront_picks" ADD CONSTRAINT "storefront_picks_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_email_uq" ON "accounts" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "sellers_account_uq" ON "sellers" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sellers_handle_uq" ON "sellers" USING btree ("handle");--> statement-breakpoint
CREATE UNIQUE INDEX "sellers_invite_code_uq" ON "sellers" USING btree ("invite_code");--> statement-breakpoint
CREATE INDEX "sellers_inviter_idx" ON "sellers" USING btree ("inviter_id");--> statement-breakpoint
CREATE INDEX "sellers_path_idx" ON "sellers" USING btree ("path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "products_list_idx" ON "products" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "products_category_idx" ON "products" USING btree ("category");