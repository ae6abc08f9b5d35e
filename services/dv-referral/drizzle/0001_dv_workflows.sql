CREATE TABLE "callouts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"referral_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"dept" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"evidence_collected" boolean NOT NULL,
	"medical_help_arranged" boolean NOT NULL,
	"notes_enc" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "counselling_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"referral_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"dept" text NOT NULL,
	"held_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer NOT NULL,
	"notes_enc" text
);
--> statement-breakpoint
CREATE TABLE "dv_cases" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"owner_dept" text NOT NULL,
	"risk_level" text NOT NULL,
	"street" text,
	"status" text DEFAULT 'open' NOT NULL,
	"closed_at" timestamp with time zone,
	"closures" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "followups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"offset_days" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'due' NOT NULL,
	"outcome" text,
	"visited_at" timestamp with time zone,
	"notes_enc" text,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "injury_assessments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"health_dept" text NOT NULL,
	"requested_by_dept" text NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"grade" text,
	"result_ref" text,
	"findings_enc" text,
	"completed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "placements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"shelter_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"referral_id" uuid,
	"status" text DEFAULT 'placed' NOT NULL,
	"person_enc" text,
	"placed_at" timestamp with time zone NOT NULL,
	"checked_in_at" timestamp with time zone,
	"checked_out_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "police_visits" (
	"id" uuid PRIMARY KEY NOT NULL,
	"warning_letter_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"dept" text NOT NULL,
	"offset_days" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"outcome" text,
	"visited_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "protection_orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"court_dept" text NOT NULL,
	"applicant" text NOT NULL,
	"measures" jsonb NOT NULL,
	"urgent" boolean NOT NULL,
	"status" text DEFAULT 'applied' NOT NULL,
	"details_enc" text,
	"applied_by_dept" text NOT NULL,
	"applied_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"rule_by" timestamp with time zone,
	"ruled_at" timestamp with time zone,
	"valid_until" timestamp with time zone,
	"reconsider_by" timestamp with time zone,
	"reason_code" text,
	"served" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"reconsideration" text,
	"remind_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shelters" (
	"id" uuid PRIMARY KEY NOT NULL,
	"dept" text NOT NULL,
	"label" text NOT NULL,
	"street" text,
	"capacity" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warning_letters" (
	"id" uuid PRIMARY KEY NOT NULL,
	"referral_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"dept" text NOT NULL,
	"content_enc" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"deliver_by" timestamp with time zone NOT NULL,
	"deliveries" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "safeguarding_id" uuid;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "contact_enc" text;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "note_enc" text;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "reason_code" text;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "reason_enc" text;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "created_by_dept" text;--> statement-breakpoint
CREATE UNIQUE INDEX "followups_case_round_offset_uq" ON "followups" USING btree ("case_id","round","offset_days");--> statement-breakpoint
CREATE INDEX "placements_shelter_idx" ON "placements" USING btree ("shelter_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "police_visits_letter_offset_uq" ON "police_visits" USING btree ("warning_letter_id","offset_days");--> statement-breakpoint
CREATE INDEX "protection_orders_remind_idx" ON "protection_orders" USING btree ("remind_at");--> statement-breakpoint
CREATE INDEX "protection_orders_court_idx" ON "protection_orders" USING btree ("court_dept","status");--> statement-breakpoint
CREATE UNIQUE INDEX "referrals_safeguarding_uq" ON "referrals" USING btree ("safeguarding_id");