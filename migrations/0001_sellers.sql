CREATE TABLE "link_daily_stats" (
	"link_id" text NOT NULL,
	"day" date NOT NULL,
	"dimension" text NOT NULL,
	"clicks" integer DEFAULT 0 NOT NULL,
	"unique_visitors" integer DEFAULT 0 NOT NULL,
	"bot_clicks" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "link_daily_stats_link_id_day_dimension_pk" PRIMARY KEY("link_id","day","dimension")
);
--> statement-breakpoint
CREATE TABLE "links" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"seller_id" text NOT NULL,
	"kind" text NOT NULL,
	"product_id" text,
	"group_id" text,
	"channel" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "links_target_ck" CHECK (("links"."kind" = 'storefront' and "links"."product_id" is null and "links"."group_id" is null)
        or ("links"."kind" = 'product' and "links"."product_id" is not null and "links"."group_id" is null)
        or ("links"."kind" = 'group' and "links"."group_id" is not null and "links"."product_id" is null))
);
--> statement-breakpoint
ALTER TABLE "link_daily_stats" ADD CONSTRAINT "link_daily_stats_link_id_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "links" ADD CONSTRAINT "links_seller_id_sellers_id_fk" FOREIGN KEY ("seller_id") REFERENCES "public"."sellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "links" ADD CONSTRAINT "links_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "link_daily_stats_day_idx" ON "link_daily_stats" USING btree ("day");--> statement-breakpoint
CREATE UNIQUE INDEX "links_code_uq" ON "links" USING btree ("code");--> statement-breakpoint
CREATE INDEX "links_seller_idx" ON "links" USING btree ("seller_id","created_at");