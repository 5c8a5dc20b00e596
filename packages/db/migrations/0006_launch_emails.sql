CREATE TABLE "launch_emails" (
	"window_id" text NOT NULL,
	"kind" text NOT NULL,
	"send_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"job_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "launch_emails_window_id_kind_pk" PRIMARY KEY("window_id","kind")
);
--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "message_id" text;--> statement-breakpoint
ALTER TABLE "launch_emails" ADD CONSTRAINT "launch_emails_window_id_enrollment_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."enrollment_windows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_messages_message_id_index" ON "outbox_messages" USING btree ("message_id");