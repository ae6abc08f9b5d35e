CREATE TABLE "referrals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"request_id" uuid,
	"department" text NOT NULL,
	"assigned_dept" text NOT NULL,
	"risk_level" text NOT NULL,
	"street" text,
	"status" text DEFAULT 'requested' NOT NULL,
	"accept_by" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "referrals_request_dept_uq" ON "referrals" USING btree ("request_id","department");--> statement-breakpoint
CREATE INDEX "referrals_dept_idx" ON "referrals" USING btree ("assigned_dept","status");--> statement-breakpoint
CREATE INDEX "referrals_case_idx" ON "referrals" USING btree ("case_id");