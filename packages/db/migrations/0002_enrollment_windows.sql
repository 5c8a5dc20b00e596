CREATE TABLE "enrollment_windows" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"priority_opens_at" timestamp with time zone NOT NULL,
	"public_opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"time_zone" text NOT NULL,
	"capacity" integer,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrollment_windows_order" CHECK ("enrollment_windows"."priority_opens_at" <= "enrollment_windows"."public_opens_at" and "enrollment_windows"."public_opens_at" < "enrollment_windows"."closes_at"),
	CONSTRAINT "enrollment_windows_capacity" CHECK ("enrollment_windows"."capacity" is null or "enrollment_windows"."capacity" > 0)
);
--> statement-breakpoint
CREATE INDEX "enrollment_windows_closes_at_index" ON "enrollment_windows" USING btree ("closes_at");