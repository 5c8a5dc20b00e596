CREATE TABLE "enroll_link_clicks" (
	"window_id" text NOT NULL,
	"waitlist_entry_id" text NOT NULL,
	"first_clicked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enroll_link_clicks_window_id_waitlist_entry_id_pk" PRIMARY KEY("window_id","waitlist_entry_id")
);
--> statement-breakpoint
ALTER TABLE "enroll_link_clicks" ADD CONSTRAINT "enroll_link_clicks_window_id_enrollment_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."enrollment_windows"("id") ON DELETE cascade ON UPDATE no action;