CREATE TABLE "assignment_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"record_type" text NOT NULL,
	"record_id" uuid NOT NULL,
	"case_id" uuid,
	"dept" text NOT NULL,
	"assignee_sub" text NOT NULL,
	"previous_sub" text,
	"reason_code" text,
	"reason_enc" text,
	"by_sub" text NOT NULL,
	"by_role" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "department_workers" (
	"dept" text NOT NULL,
	"sub" text NOT NULL,
	"role" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "department_workers_dept_sub_pk" PRIMARY KEY("dept","sub")
);
--> statement-breakpoint
CREATE TABLE "work_assignments" (
	"record_type" text NOT NULL,
	"record_id" uuid NOT NULL,
	"case_id" uuid,
	"dept" text NOT NULL,
	"assignee_sub" text NOT NULL,
	"assigned_at" timestamp with time zone NOT NULL,
	"assigned_by_sub" text NOT NULL,
	CONSTRAINT "work_assignments_record_type_record_id_pk" PRIMARY KEY("record_type","record_id")
);
--> statement-breakpoint
CREATE INDEX "assignment_log_record_idx" ON "assignment_log" USING btree ("record_type","record_id");--> statement-breakpoint
CREATE INDEX "work_assignments_assignee_idx" ON "work_assignments" USING btree ("dept","assignee_sub");