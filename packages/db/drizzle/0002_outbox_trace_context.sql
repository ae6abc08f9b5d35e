ALTER TABLE "outbox" ADD COLUMN IF NOT EXISTS "traceparent" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN IF NOT EXISTS "tracestate" text;
