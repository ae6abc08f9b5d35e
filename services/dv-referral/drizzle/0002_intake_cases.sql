CREATE TABLE "intake_cases" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"owner_dept" text,
	"street" text,
	"updated_at" timestamp with time zone NOT NULL
);
