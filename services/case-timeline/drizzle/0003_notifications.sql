CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"event_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"case_number" text,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"deadline" timestamp with time zone,
	"recipient_dept" text NOT NULL,
	"recipient_sub" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "work_items" (
	"record_id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"handler_dept" text,
	"requester_dept" text,
	"assignee_sub" text,
	"assignee_dept" text
);
--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_event_recipient_uq" ON "notifications" USING btree ("event_id","recipient_dept","recipient_sub");--> statement-breakpoint
CREATE INDEX "notifications_dept_seq_idx" ON "notifications" USING btree ("recipient_dept","seq");--> statement-breakpoint
CREATE INDEX "notifications_undelivered_idx" ON "notifications" USING btree ("delivered_at","seq");