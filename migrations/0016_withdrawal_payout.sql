ALTER TABLE "withdrawals" ADD COLUMN "payout_id" text;--> statement-breakpoint
CREATE INDEX "withdrawals_payout_idx" ON "withdrawals" USING btree ("payout_id");