ALTER TABLE "sign_in_challenges" ADD COLUMN "requester_hash" text;--> statement-breakpoint
ALTER TABLE "sign_in_challenges" ADD COLUMN "foreign_failed_attempts" integer DEFAULT 0 NOT NULL;