CREATE TABLE "groups" (
	"id" text PRIMARY KEY NOT NULL,
	"product_id" text NOT NULL,
	"leader_order_id" text NOT NULL,
	"size" integer NOT NULL,
	"price_amount" integer NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"auto_fill_percent" integer,
	"expires_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"auto_filled" integer DEFAULT 0 NOT NULL,
	"members" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"succeeded_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	CONSTRAINT "groups_size_ck" CHECK ("groups"."size" between 2 and 50)
);
--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "groups_product_idx" ON "groups" USING btree ("product_id","status");--> statement-breakpoint
ALTER TABLE "links" ADD CONSTRAINT "links_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;