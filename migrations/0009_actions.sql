CREATE TABLE "case_actions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" bigint NOT NULL,
	"campaign_id" integer NOT NULL,
	"history_id" bigint NOT NULL,
	"status_id" integer NOT NULL,
	"position" smallint NOT NULL,
	"kind" text NOT NULL,
	"param" text NOT NULL,
	"success_status_id" integer,
	"failure_status_id" integer,
	"delay_minutes" integer,
	"delay_from" text,
	"run_at" timestamp with time zone NOT NULL,
	"waits" boolean DEFAULT false NOT NULL,
	"resume" jsonb,
	"state" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"detail" text,
	"idempotency_key" text DEFAULT gen_random_uuid()::text NOT NULL,
	"retries" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "integration_settings" (
	"name" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" integer
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"text" text NOT NULL,
	"case_id" bigint,
	"campaign_id" integer,
	"action_id" bigint,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "notifications_action_id_unique" UNIQUE("action_id")
);
--> statement-breakpoint
ALTER TABLE "case_actions" ADD CONSTRAINT "case_actions_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "case_actions_key_uniq" ON "case_actions" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "case_actions_case_idx" ON "case_actions" USING btree ("case_id","id");--> statement-breakpoint
CREATE INDEX "case_actions_state_idx" ON "case_actions" USING btree ("state","campaign_id","id");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","id" DESC NULLS LAST);