CREATE TABLE "audience_import_drafts" (
	"id" text PRIMARY KEY NOT NULL,
	"file_name" text NOT NULL,
	"csv" text NOT NULL,
	"list" text NOT NULL,
	"mapping" jsonb,
	"created_by" text NOT NULL,
	"imported_at" timestamp with time zone,
	"result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audience_imports" (
	"email" text NOT NULL,
	"import_id" text NOT NULL,
	"service" text NOT NULL,
	"file_name" text NOT NULL,
	"list" text NOT NULL,
	"imported_at" timestamp with time zone NOT NULL,
	CONSTRAINT "audience_imports_email_import_id_pk" PRIMARY KEY("email","import_id")
);
--> statement-breakpoint
CREATE TABLE "email_suppressions" (
	"email" text PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"source" text NOT NULL,
	"suppressed_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "newsletter_subscriptions" (
	"email" text PRIMARY KEY NOT NULL,
	"first_name" text,
	"last_name" text,
	"consent_source" text NOT NULL,
	"consent_at" timestamp with time zone,
	"requested_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"unsubscribed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_bounce_counts" (
	"email" text PRIMARY KEY NOT NULL,
	"soft_bounces" integer DEFAULT 0 NOT NULL,
	"hard_bounces" integer DEFAULT 0 NOT NULL,
	"complaints" integer DEFAULT 0 NOT NULL,
	"last_event_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_webhook_receipts" (
	"provider" text NOT NULL,
	"event_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "email_webhook_receipts_provider_event_id_pk" PRIMARY KEY("provider","event_id")
);
--> statement-breakpoint
ALTER TABLE "member_profiles" ADD COLUMN "race_date" text;--> statement-breakpoint
ALTER TABLE "member_profiles" ADD COLUMN "recent_race" jsonb;--> statement-breakpoint
ALTER TABLE "member_profiles" ADD COLUMN "max_heart_rate" integer;--> statement-breakpoint
CREATE INDEX "audience_imports_import_id_index" ON "audience_imports" USING btree ("import_id");--> statement-breakpoint
CREATE INDEX "newsletter_subscriptions_listed_idx" ON "newsletter_subscriptions" USING btree ("email") WHERE "newsletter_subscriptions"."confirmed_at" is not null and "newsletter_subscriptions"."unsubscribed_at" is null;