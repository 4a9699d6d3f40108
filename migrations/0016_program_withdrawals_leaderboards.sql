ALTER TABLE "withdrawals" ADD COLUMN "payout_id" text;--> statement-breakpoint
CREATE INDEX "orders_paid_idx" ON "orders" USING btree ("paid_at");--> statement-breakpoint
CREATE INDEX "commission_entries_kind_created_idx" ON "commission_entries" USING btree ("kind","created_at");--> statement-breakpoint
CREATE INDEX "withdrawals_payout_idx" ON "withdrawals" USING btree ("payout_id");