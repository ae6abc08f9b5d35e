CREATE TABLE "applications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid,
	"request_id" uuid,
	"channel" text NOT NULL,
	"centre_dept" text NOT NULL,
	"submitted_by_dept" text NOT NULL,
	"matter_type" text NOT NULL,
	"proceedings" text NOT NULL,
	"urgency" text NOT NULL,
	"street" text,
	"applicant_gender" text NOT NULL,
	"female_lawyer_requested" boolean DEFAULT false NOT NULL,
	"documents" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"decide_by" timestamp with time zone NOT NULL,
	"clock_paused_at" timestamp with time zone,
	"materials_requested_at" timestamp with time zone,
	"missing_requested" jsonb,
	"means_outcome" text,
	"means_basis" text,
	"means_legal_basis" text,
	"means_recorded_at" timestamp with time zone,
	"urgent_aid_ground" text,
	"urgent_aid_started_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"refusal_ground" text,
	"approved_via" text,
	"assign_by" timestamp with time zone,
	"objection_filed_at" timestamp with time zone,
	"review_by" timestamp with time zone,
	"objection_outcome" text,
	"objection_reviewed_at" timestamp with time zone,
	"lawyer_id" uuid,
	"assignment_id" uuid,
	"assigned_at" timestamp with time zone,
	"last_stage" text,
	"closed_at" timestamp with time zone,
	"outcome" text,
	"termination_ground" text,
	"satisfaction" integer,
	"applicant_enc" text,
	"summary_enc" text,
	"means_evidence_enc" text,
	"refusal_reasons_enc" text,
	"objection_enc" text,
	"objection_review_enc" text,
	"closure_report_enc" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "applications_request_id_unique" UNIQUE("request_id"),
	CONSTRAINT "applications_satisfaction_ck" CHECK ("applications"."satisfaction" is null or "applications"."satisfaction" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "conflicts" (
	"application_id" uuid NOT NULL,
	"lawyer_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "conflicts_application_id_lawyer_id_pk" PRIMARY KEY("application_id","lawyer_id")
);
--> statement-breakpoint
CREATE TABLE "lawyers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"organisation" text NOT NULL,
	"gender" text NOT NULL,
	"practice_areas" jsonb NOT NULL,
	"active_cases" integer DEFAULT 0 NOT NULL,
	"max_cases" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "lawyers_caseload_ck" CHECK ("lawyers"."active_cases" >= 0 and "lawyers"."active_cases" <= "lawyers"."max_cases")
);
--> statement-breakpoint
CREATE TABLE "progress_notes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"noted_at" timestamp with time zone NOT NULL,
	"author_sub" text NOT NULL,
	"text_enc" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "applications_case_idx" ON "applications" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "applications_centre_status_idx" ON "applications" USING btree ("centre_dept","status");--> statement-breakpoint
CREATE INDEX "applications_decided_idx" ON "applications" USING btree ("decided_at");--> statement-breakpoint
CREATE INDEX "progress_notes_app_idx" ON "progress_notes" USING btree ("application_id","noted_at");