-- Rows added before this migration were welcomed already: the column starts null for them, and only
-- rows added from now on get a due time.
ALTER TABLE "waitlist_entries" ADD COLUMN "welcome_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ALTER COLUMN "welcome_due_at" SET DEFAULT now();--> statement-breakpoint
CREATE INDEX "waitlist_entries_welcome_due_idx" ON "waitlist_entries" USING btree ("welcome_due_at") WHERE "waitlist_entries"."welcome_due_at" is not null;
