CREATE TABLE "committee_visits" (
	"id" uuid PRIMARY KEY NOT NULL,
	"warning_letter_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"dept" text NOT NULL,
	"street" text,
	"offset_days" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"outcome" text,
	"visited_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "perpetrator_programmes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"programme" text NOT NULL,
	"referred_by_dept" text NOT NULL,
	"referred_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'referred' NOT NULL,
	"outcome" text,
	"concluded_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "committee_visits_letter_offset_uq" ON "committee_visits" USING btree ("warning_letter_id","offset_days");--> statement-breakpoint
CREATE INDEX "committee_visits_dept_idx" ON "committee_visits" USING btree ("dept","status");--> statement-breakpoint
CREATE INDEX "perpetrator_programmes_case_idx" ON "perpetrator_programmes" USING btree ("case_id");