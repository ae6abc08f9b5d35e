CREATE TABLE "applications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid,
	"request_id" uuid,
	"status" text DEFAULT 'received' NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"applicant_enc" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "applications_request_id_unique" UNIQUE("request_id")
);
--> statement-breakpoint
CREATE INDEX "applications_case_idx" ON "applications" USING btree ("case_id");