CREATE TABLE "agent_group_members" (
	"group_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	CONSTRAINT "agent_group_members_group_id_user_id_pk" PRIMARY KEY("group_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "agent_groups" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "agent_groups_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "agent_states" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"campaign_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"current_case_id" bigint
);
--> statement-breakpoint
CREATE TABLE "attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" bigint NOT NULL,
	"campaign_id" integer NOT NULL,
	"contact_id" bigint NOT NULL,
	"agent_id" integer,
	"phone" text,
	"outcome" text NOT NULL,
	"connected" boolean NOT NULL,
	"status_id" integer,
	"note" text,
	"callback_at" timestamp with time zone,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"stage" text DEFAULT 'main' NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_agent_groups" (
	"campaign_id" integer NOT NULL,
	"group_id" integer NOT NULL,
	CONSTRAINT "campaign_agent_groups_campaign_id_group_id_pk" PRIMARY KEY("campaign_id","group_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_agents" (
	"campaign_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	CONSTRAINT "campaign_agents_campaign_id_user_id_pk" PRIMARY KEY("campaign_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_statuses" (
	"campaign_id" integer NOT NULL,
	"status_id" integer NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "campaign_statuses_campaign_id_status_id_pk" PRIMARY KEY("campaign_id","status_id")
);
--> statement-breakpoint
CREATE TABLE "case_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" bigint NOT NULL,
	"campaign_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"from_status_id" integer,
	"to_status_id" integer,
	"qualifier" text,
	"queue" text NOT NULL,
	"callable_at" timestamp with time zone,
	"owner_id" integer,
	"responsible_id" integer,
	"requester_id" integer,
	"source" text NOT NULL,
	"note" text,
	"attempt_id" bigint
);
--> statement-breakpoint
CREATE TABLE "case_views" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"campaign_id" integer,
	"name" text NOT NULL,
	"filter" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "processes" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"kind" text DEFAULT 'operational' NOT NULL,
	"inbound_status_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "processes_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "statuses" (
	"id" serial PRIMARY KEY NOT NULL,
	"process_id" integer,
	"campaign_id" integer,
	"key" text,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"system_status" text,
	"qualifier" text NOT NULL,
	"responsible_user_id" integer,
	"availability" text DEFAULT 'agents' NOT NULL,
	"color" text DEFAULT '#64748b' NOT NULL,
	"initial" boolean DEFAULT false NOT NULL,
	"callback_delay_seconds" integer,
	"callback_at" timestamp with time zone,
	"auto_outcomes" text[] DEFAULT '{}'::text[] NOT NULL,
	"auto_add" boolean DEFAULT false NOT NULL,
	"hidden" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"exits" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"x" integer DEFAULT 0 NOT NULL,
	"y" integer DEFAULT 0 NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "description" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "valid_from" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "valid_to" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "time_zone" text DEFAULT 'Europe/Warsaw' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "working_hours" jsonb DEFAULT '{"mon":[["08:00","20:00"]],"tue":[["08:00","20:00"]],"wed":[["08:00","20:00"]],"thu":[["08:00","20:00"]],"fri":[["08:00","20:00"]],"sat":[["09:00","15:00"]],"sun":[]}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "local_window" jsonb DEFAULT '{"start":"08:00","end":"21:00"}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "sort_order" integer DEFAULT 100 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "parity" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "record_calls" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "caller_ids" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "caller_id_random" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "mode" text DEFAULT 'preview' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "preview_seconds" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "pickup_rate" integer DEFAULT 50 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "goal" text DEFAULT 'exhaust' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "retry_rules" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "max_attempts" integer;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "retry_delay_minutes" integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "script" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "confirmation_script" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "phone_column" text DEFAULT 'phone1' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "contact_filter" jsonb;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "process_id" integer;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "success_limit_per_agent" integer;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "callback_grace_minutes" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "cloned_from" integer;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "closed_reason" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "status_id" integer;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "qualifier" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "queue" text DEFAULT 'fresh' NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "callable_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "owner_id" integer;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "responsible_id" integer;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "success" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "success_agent_id" integer;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "last_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "last_outcome" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "last_connected" boolean;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "last_agent_id" integer;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "stage" text DEFAULT 'main' NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "priority" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "tz" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "params" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "status_counts" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "locked_by" integer;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "locked_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "agent_group_members" ADD CONSTRAINT "agent_group_members_group_id_agent_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."agent_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_group_members" ADD CONSTRAINT "agent_group_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_states" ADD CONSTRAINT "agent_states_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_agent_groups" ADD CONSTRAINT "campaign_agent_groups_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_agent_groups" ADD CONSTRAINT "campaign_agent_groups_group_id_agent_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."agent_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_agents" ADD CONSTRAINT "campaign_agents_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_agents" ADD CONSTRAINT "campaign_agents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_statuses" ADD CONSTRAINT "campaign_statuses_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_statuses" ADD CONSTRAINT "campaign_statuses_status_id_statuses_id_fk" FOREIGN KEY ("status_id") REFERENCES "public"."statuses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_history" ADD CONSTRAINT "case_history_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_views" ADD CONSTRAINT "case_views_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_views" ADD CONSTRAINT "case_views_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statuses" ADD CONSTRAINT "statuses_process_id_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."processes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statuses" ADD CONSTRAINT "statuses_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attempts_campaign_idx" ON "attempts" USING btree ("campaign_id","ended_at");--> statement-breakpoint
CREATE INDEX "attempts_case_idx" ON "attempts" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "campaign_agents_user_idx" ON "campaign_agents" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "case_history_case_idx" ON "case_history" USING btree ("case_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "statuses_process_key_uniq" ON "statuses" USING btree ("process_id","key") WHERE process_id is not null and deleted_at is null;--> statement-breakpoint
CREATE INDEX "statuses_campaign_idx" ON "statuses" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "cases_hopper_fresh" ON "cases" USING btree ("campaign_id","priority" DESC NULLS LAST,"id") WHERE queue = 'fresh' and locked_by is null and released_at is null;--> statement-breakpoint
CREATE INDEX "cases_hopper_retry" ON "cases" USING btree ("campaign_id","priority" DESC NULLS LAST,"last_attempt_at","id") WHERE queue = 'retry' and locked_by is null and released_at is null;--> statement-breakpoint
CREATE INDEX "cases_hopper_timed" ON "cases" USING btree ("campaign_id","queue","callable_at","id") WHERE queue in ('callback', 'progressive', 'end_of_queue') and locked_by is null and released_at is null;--> statement-breakpoint
CREATE INDEX "cases_owner_idx" ON "cases" USING btree ("owner_id","callable_at") WHERE owner_id is not null and released_at is null;--> statement-breakpoint
CREATE INDEX "cases_locked_idx" ON "cases" USING btree ("locked_until") WHERE locked_by is not null;--> statement-breakpoint
CREATE INDEX "cases_campaign_status_idx" ON "cases" USING btree ("campaign_id","status_id");--> statement-breakpoint
-- Claiming and saving cases rewrites hopper index entries all day: keep vacuum close behind so
-- dead entries do not slow the claim scans, and leave room on pages for new row versions.
ALTER TABLE "cases" SET (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000, autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_cost_delay = 0);
