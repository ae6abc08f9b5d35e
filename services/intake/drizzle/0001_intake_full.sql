CREATE SEQUENCE "public"."receipt_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "blind_indexes" (
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"case_id" uuid NOT NULL,
	CONSTRAINT "blind_indexes_kind_value_case_id_pk" PRIMARY KEY("kind","value","case_id")
);
--> statement-breakpoint
CREATE TABLE "duplicate_suggestions" (
	"case_id" uuid NOT NULL,
	"candidate_case_id" uuid NOT NULL,
	"candidate_case_number" text NOT NULL,
	"matched_on" jsonb NOT NULL,
	"within_repeat_window" boolean NOT NULL,
	"status" text DEFAULT 'suggested' NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "duplicate_suggestions_case_id_candidate_case_id_pk" PRIMARY KEY("case_id","candidate_case_id")
);
--> statement-breakpoint
CREATE TABLE "mandatory_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"receipt_number" text NOT NULL,
	"reporter_sub" text NOT NULL,
	"reporter_dept" text NOT NULL,
	"reporter_kind" text NOT NULL,
	"capacity" text NOT NULL,
	"reporter_enc" text,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mandatory_reports_case_id_unique" UNIQUE("case_id"),
	CONSTRAINT "mandatory_reports_receipt_number_unique" UNIQUE("receipt_number")
);
--> statement-breakpoint
CREATE TABLE "notes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"body_enc" text NOT NULL,
	"author_sub" text NOT NULL,
	"author_role" text NOT NULL,
	"author_dept" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_assessments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"checklist_version" text NOT NULL,
	"answers" jsonb NOT NULL,
	"yes_count" integer NOT NULL,
	"scored_level" text NOT NULL,
	"level" text NOT NULL,
	"raised_by_judgement" boolean NOT NULL,
	"judgement_reason_enc" text,
	"assessor_role" text NOT NULL,
	"assessor_dept" text NOT NULL,
	"assessed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_summary" (
	"case_id" uuid NOT NULL,
	"ref" text NOT NULL,
	"service" text NOT NULL,
	"department" text,
	"assigned_dept" text,
	"status" text NOT NULL,
	"due_at" timestamp with time zone,
	"at" timestamp with time zone NOT NULL,
	"event_type" text NOT NULL,
	CONSTRAINT "status_summary_case_id_ref_pk" PRIMARY KEY("case_id","ref")
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "age_band" text DEFAULT 'unknown' NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "consent" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "overrides" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "requested" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "violence_types" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "perpetrator_relation" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "incident_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "close_reason" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "caller_enc" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "perpetrator_enc" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "incident_enc" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "wishes_enc" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "blind_indexes" ADD CONSTRAINT "blind_indexes_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplicate_suggestions" ADD CONSTRAINT "duplicate_suggestions_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mandatory_reports" ADD CONSTRAINT "mandatory_reports_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notes" ADD CONSTRAINT "notes_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "blind_case_idx" ON "blind_indexes" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "mandatory_reporter_idx" ON "mandatory_reports" USING btree ("reporter_sub","reporter_dept");--> statement-breakpoint
CREATE INDEX "notes_case_idx" ON "notes" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "risk_case_idx" ON "risk_assessments" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "cases_owner_opened_idx" ON "cases" USING btree ("owner_dept","opened_at");--> statement-breakpoint
CREATE INDEX "cases_street_idx" ON "cases" USING btree ("street");