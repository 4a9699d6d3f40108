CREATE TABLE "fraud_signals" (
	"id" text PRIMARY KEY NOT NULL,
	"dedupe_key" text NOT NULL,
	"kind" text NOT NULL,
	"seller_id" text,
	"link_id" text,
	"order_id" text,
	"subject" text,
	"observed" integer NOT NULL,
	"threshold" integer NOT NULL,
	"state" text NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fraud_signals_state_ck" CHECK (("fraud_signals"."order_id" is null) = ("fraud_signals"."state" = 'observed'))
);
--> statement-breakpoint
CREATE TABLE "seller_visitors" (
	"seller_id" text NOT NULL,
	"day" date NOT NULL,
	"visitor_hash" text NOT NULL,
	CONSTRAINT "seller_visitors_seller_id_day_visitor_hash_pk" PRIMARY KEY("seller_id","day","visitor_hash")
);
--> statement-breakpoint
ALTER TABLE "sellers" ADD COLUMN "suspended_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "fraud_signals_dedupe_uq" ON "fraud_signals" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "fraud_signals_state_idx" ON "fraud_signals" USING btree ("state","created_at");--> statement-breakpoint
CREATE INDEX "fraud_signals_order_idx" ON "fraud_signals" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "fraud_signals_link_idx" ON "fraud_signals" USING btree ("link_id","created_at");--> statement-breakpoint
CREATE INDEX "fraud_signals_seller_idx" ON "fraud_signals" USING btree ("seller_id","created_at");