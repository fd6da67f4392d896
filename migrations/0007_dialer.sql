CREATE TABLE "agent_state_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"state" text NOT NULL,
	"campaign_ids" integer[] NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "calls" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"case_id" bigint NOT NULL,
	"contact_id" bigint NOT NULL,
	"mode" text NOT NULL,
	"agent_id" integer,
	"phone" text NOT NULL,
	"caller_id" text,
	"owner" text NOT NULL,
	"state" text NOT NULL,
	"outcome" text,
	"dialed_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"human" boolean,
	"connected_at" timestamp with time zone,
	"abandoned" boolean DEFAULT false NOT NULL,
	"ended_at" timestamp with time zone,
	"wrapped_at" timestamp with time zone,
	"attempt_id" bigint,
	"reconciled" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dialer_leases" (
	"name" text PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agent_states" ADD COLUMN "call_id" bigint;--> statement-breakpoint
ALTER TABLE "agent_states" ADD COLUMN "wrap_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "abandon_cap_percent" real DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "abandon_window" text DEFAULT '24h' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "abandon_threshold_seconds" real DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "abandon_lockout_hours" integer;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "abandon_message" text DEFAULT 'We are sorry, all our consultants are busy. We will call you back.' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "ring_timeout_seconds" integer DEFAULT 25 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "max_lines_per_agent" real DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "wrap_up_seconds" integer;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "network_profile" jsonb;--> statement-breakpoint
CREATE INDEX "agent_state_log_started_idx" ON "agent_state_log" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "agent_state_log_open_idx" ON "agent_state_log" USING btree ("user_id") WHERE ended_at is null;--> statement-breakpoint
CREATE INDEX "calls_campaign_dialed_idx" ON "calls" USING btree ("campaign_id","dialed_at");--> statement-breakpoint
CREATE INDEX "calls_campaign_answered_idx" ON "calls" USING btree ("campaign_id","answered_at") WHERE human;--> statement-breakpoint
CREATE INDEX "calls_open_idx" ON "calls" USING btree ("owner") WHERE ended_at is null;--> statement-breakpoint
CREATE INDEX "calls_case_idx" ON "calls" USING btree ("case_id");