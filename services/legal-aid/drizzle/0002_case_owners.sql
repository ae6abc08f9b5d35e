CREATE TABLE "case_owners" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"owner_dept" text,
	"street" text,
	"updated_at" timestamp with time zone NOT NULL
);
