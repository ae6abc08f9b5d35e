CREATE TABLE "assessments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"level" text NOT NULL,
	"total_score" integer NOT NULL,
	"domain_scores" jsonb NOT NULL,
	"item_scores" jsonb NOT NULL,
	"assessor_sub" text NOT NULL,
	"assessor_dept" text NOT NULL,
	"assessed_at" timestamp with time zone NOT NULL,
	"reassess_by" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "clients" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"request_id" uuid,
	"channel" text NOT NULL,
	"status" text DEFAULT 'referred' NOT NULL,
	"street" text,
	"risk_level" text DEFAULT 'standard' NOT NULL,
	"living_situation" text,
	"caregiver" jsonb,
	"hardship" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"person_enc" text,
	"level" text,
	"respite_days_per_year" integer DEFAULT 0 NOT NULL,
	"reassess_by" timestamp with time zone,
	"assess_by" timestamp with time zone NOT NULL,
	"referred_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "clients_request_id_unique" UNIQUE("request_id")
);
--> statement-breakpoint
CREATE TABLE "facilities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"street" text,
	"capacity" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "family_beds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"provider_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"set_up_at" timestamp with time zone NOT NULL,
	"review_by" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "home_visits" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"service_type" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "placements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"status" text NOT NULL,
	"cost_basis" text NOT NULL,
	"hardship" boolean NOT NULL,
	"level_rank" integer NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"placed_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"end_reason" text
);
--> statement-breakpoint
CREATE TABLE "respite_bookings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"days" integer NOT NULL,
	"year" integer NOT NULL,
	"status" text DEFAULT 'booked' NOT NULL,
	"days_delivered" integer,
	"booked_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "safeguarding_flags" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"concerns" jsonb NOT NULL,
	"risk_level" text NOT NULL,
	"outcome" text NOT NULL,
	"consent_basis" text,
	"wishes_enc" text NOT NULL,
	"override_reason_enc" text,
	"raised_by_sub" text NOT NULL,
	"raised_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trainings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"topic" text NOT NULL,
	"hours" integer NOT NULL,
	"held_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_beds" ADD CONSTRAINT "family_beds_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_beds" ADD CONSTRAINT "family_beds_provider_id_facilities_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_visits" ADD CONSTRAINT "home_visits_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "respite_bookings" ADD CONSTRAINT "respite_bookings_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "respite_bookings" ADD CONSTRAINT "respite_bookings_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safeguarding_flags" ADD CONSTRAINT "safeguarding_flags_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trainings" ADD CONSTRAINT "trainings_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessments_client_idx" ON "assessments" USING btree ("client_id","assessed_at");--> statement-breakpoint
CREATE INDEX "clients_case_idx" ON "clients" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "clients_street_idx" ON "clients" USING btree ("street","status");--> statement-breakpoint
CREATE INDEX "family_beds_client_idx" ON "family_beds" USING btree ("client_id","status");--> statement-breakpoint
CREATE INDEX "home_visits_client_idx" ON "home_visits" USING btree ("client_id","due_at");--> statement-breakpoint
CREATE INDEX "placements_facility_idx" ON "placements" USING btree ("facility_id","status");--> statement-breakpoint
CREATE INDEX "placements_client_idx" ON "placements" USING btree ("client_id","status");--> statement-breakpoint
CREATE INDEX "respite_client_year_idx" ON "respite_bookings" USING btree ("client_id","year");--> statement-breakpoint
CREATE INDEX "respite_facility_idx" ON "respite_bookings" USING btree ("facility_id","start_date","end_date");--> statement-breakpoint
CREATE INDEX "safeguarding_client_idx" ON "safeguarding_flags" USING btree ("client_id");