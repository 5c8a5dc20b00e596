-- Every entry from before confirmation existed counts as confirmed: it joined under the old rules, and its
-- welcome went out (or is due). Entries added from now on wait for their owner's confirmation.
ALTER TABLE "waitlist_entries" ALTER COLUMN "welcome_due_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD COLUMN "confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD COLUMN "confirmation_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD COLUMN "confirmation_due_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "waitlist_entries_confirmation_due_idx" ON "waitlist_entries" USING btree ("confirmation_due_at") WHERE "waitlist_entries"."confirmation_due_at" is not null;--> statement-breakpoint
UPDATE "waitlist_entries" SET "confirmed_at" = "created_at";
