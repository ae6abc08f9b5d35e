CREATE TABLE "idempotency_keys" (
	"caller_sub" text NOT NULL,
	"caller_dept" text NOT NULL,
	"route" text NOT NULL,
	"key" text NOT NULL,
	"fingerprint" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_code" integer,
	"headers" jsonb,
	"body_enc" text,
	"completed_at" timestamp with time zone,
	CONSTRAINT "idempotency_keys_caller_sub_caller_dept_route_key_pk" PRIMARY KEY("caller_sub","caller_dept","route","key")
);
--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");