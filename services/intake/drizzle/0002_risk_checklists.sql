CREATE TABLE "risk_checklists" (
	"version" text PRIMARY KEY NOT NULL,
	"definition" jsonb NOT NULL,
	"active" boolean NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "risk_checklists_one_active" ON "risk_checklists" USING btree ("active") WHERE "risk_checklists"."active";