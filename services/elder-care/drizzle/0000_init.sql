CREATE TABLE "clients" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid,
	"request_id" uuid,
	"status" text DEFAULT 'referred' NOT NULL,
	"street" text,
	"person_enc" text,
	"referred_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "clients_request_id_unique" UNIQUE("request_id")
);
--> statement-breakpoint
CREATE INDEX "clients_case_idx" ON "clients" USING btree ("case_id");