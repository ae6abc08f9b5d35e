CREATE TABLE "handoffs" (
	"case_id" uuid NOT NULL,
	"ref" text NOT NULL,
	"dept_type" text NOT NULL,
	"depts" jsonb NOT NULL,
	"street" text,
	"status" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"event_type" text NOT NULL,
	CONSTRAINT "handoffs_case_id_ref_pk" PRIMARY KEY("case_id","ref")
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "requests_enc" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "unmet_needs" jsonb DEFAULT '[]'::jsonb NOT NULL;