CREATE TABLE "email_change_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"new_email" text NOT NULL,
	"secret_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"confirmed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "created_by_checkout_customer" text;--> statement-breakpoint
ALTER TABLE "checkout_sessions" ADD COLUMN "return_signed_in_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "welcome_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "welcome_sent_at" timestamp with time zone;--> statement-breakpoint
-- Memberships from before this migration were welcomed already (by hand, or not at all): none is sent now.
UPDATE "subscriptions" SET "welcome_sent_at" = "created_at";--> statement-breakpoint
ALTER TABLE "email_change_requests" ADD CONSTRAINT "email_change_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "email_change_requests_user_id_index" ON "email_change_requests" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "subscriptions_welcome_due_idx" ON "subscriptions" USING btree ("welcome_due_at") WHERE "subscriptions"."welcome_due_at" is not null;