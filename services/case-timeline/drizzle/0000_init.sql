CREATE TABLE "case_summaries" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"case_number" text,
	"category" text,
	"street" text,
	"risk_level" text,
	"repeat" boolean DEFAULT false NOT NULL,
	"opened_at" timestamp with time zone,
	"stage" text NOT NULL,
	"departments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"last_event_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "clocks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"rule_id" text NOT NULL,
	"subject_key" text NOT NULL,
	"case_id" uuid NOT NULL,
	"dept" text,
	"severity" text NOT NULL,
	"started_at" timestamp with time zone,
	"deadline" timestamp with time zone,
	"warn_at" timestamp with time zone,
	"start_event_id" uuid,
	"status" text NOT NULL,
	"completed_at" timestamp with time zone,
	"stop_event_id" uuid,
	"stop_type" text,
	"warned_at" timestamp with time zone,
	"breached_at" timestamp with time zone
);
--> statement-breakpoint
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
CREATE INDEX "case_summaries_stage_idx" ON "case_summaries" USING btree ("stage");--> statement-breakpoint
CREATE INDEX "case_summaries_street_idx" ON "case_summaries" USING btree ("street");--> statement-breakpoint
CREATE UNIQUE INDEX "clocks_rule_subject_uq" ON "clocks" USING btree ("rule_id","subject_key");--> statement-breakpoint
CREATE INDEX "clocks_due_idx" ON "clocks" USING btree ("status","deadline");--> statement-breakpoint
CREATE INDEX "clocks_warn_idx" ON "clocks" USING btree ("status","warn_at");--> statement-breakpoint
CREATE INDEX "clocks_case_idx" ON "clocks" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "timeline_case_idx" ON "timeline_entries" USING btree ("case_id","occurred_at","event_id");--> statement-breakpoint
CREATE INDEX "timeline_type_idx" ON "timeline_entries" USING btree ("type","occurred_at");