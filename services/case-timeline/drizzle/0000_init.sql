CREATE TABLE "timeline_entries" (
	"event_id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"type" text NOT NULL,
	"source" text NOT NULL,
	"topic" text NOT NULL,
	"partition" integer NOT NULL,
	"offset" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"causation_id" uuid,
	"actor_role" text NOT NULL,
	"actor_dept" text NOT NULL,
	"summary" text NOT NULL,
	"data" jsonb NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "timeline_case_idx" ON "timeline_entries" USING btree ("case_id","occurred_at","event_id");