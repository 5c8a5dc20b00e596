ALTER TABLE "checkout_sessions" ALTER COLUMN "user_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "checkout_sessions" ADD COLUMN "anonymous_id" text;--> statement-breakpoint
CREATE INDEX "checkout_sessions_anonymous_id_window_id_index" ON "checkout_sessions" USING btree ("anonymous_id","window_id");--> statement-breakpoint
ALTER TABLE "checkout_sessions" ADD CONSTRAINT "checkout_sessions_one_holder" CHECK (("checkout_sessions"."user_id" is null) <> ("checkout_sessions"."anonymous_id" is null));