CREATE SEQUENCE "public"."enroll_anonymous_numbers" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."enroll_proven_numbers" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "stripe_pace" (
	"lane" text PRIMARY KEY NOT NULL,
	"next_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enroll_openings" (
	"holder" text NOT NULL,
	"window_id" text NOT NULL,
	"priority" text NOT NULL,
	"number" bigint NOT NULL,
	"state" text NOT NULL,
	"prefill_email" text,
	"started_at" timestamp with time zone NOT NULL,
	"lease_holder" text,
	"lease_until" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "enroll_openings_holder_window_id_pk" PRIMARY KEY("holder","window_id")
);
--> statement-breakpoint
ALTER TABLE "enroll_openings" ADD CONSTRAINT "enroll_openings_window_id_enrollment_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."enrollment_windows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "enroll_openings_under_way" ON "enroll_openings" USING btree ("priority" DESC NULLS LAST,"number") WHERE "enroll_openings"."state" in ('waiting', 'opening');