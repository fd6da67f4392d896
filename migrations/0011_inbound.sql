CREATE TABLE "callback_requests" (
	"case_id" bigint PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"queue_id" integer NOT NULL,
	"phone" text NOT NULL,
	"first_missed_at" timestamp with time zone NOT NULL,
	"missed_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"missed_calls" integer DEFAULT 1 NOT NULL,
	"trigger" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbound_calls" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"queue_id" integer NOT NULL,
	"phone" text NOT NULL,
	"arrived_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"agent_id" integer,
	"ended_at" timestamp with time zone,
	"key_pressed" text,
	"outcome" text,
	"trigger" text,
	"callback_case_id" bigint,
	"ticket_id" integer
);
--> statement-breakpoint
CREATE TABLE "inbound_queue_agents" (
	"queue_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	CONSTRAINT "inbound_queue_agents_queue_id_user_id_pk" PRIMARY KEY("queue_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "inbound_queue_groups" (
	"queue_id" integer NOT NULL,
	"group_id" integer NOT NULL,
	CONSTRAINT "inbound_queue_groups_queue_id_group_id_pk" PRIMARY KEY("queue_id","group_id")
);
--> statement-breakpoint
CREATE TABLE "inbound_queues" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"number" text NOT NULL,
	"callback_mode" text DEFAULT 'none' NOT NULL,
	"callback_campaign_id" integer,
	"ticket_subject" text DEFAULT 'Missed call from number %number%' NOT NULL,
	"trigger_key" text,
	"trigger_message" text,
	"hangup_after_seconds" integer,
	"arrivals" jsonb DEFAULT '{"callsPerHour":0,"patienceSeconds":60,"keyPressShare":0.2,"talkSeconds":120}'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "inbound_queues_name_unique" UNIQUE("name"),
	CONSTRAINT "inbound_queues_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" serial PRIMARY KEY NOT NULL,
	"queue_id" integer NOT NULL,
	"phone" text NOT NULL,
	"contact_id" bigint,
	"subject" text NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"missed_at" timestamp with time zone NOT NULL,
	"missed_calls" integer DEFAULT 1 NOT NULL,
	"case_id" bigint,
	"opened_by" integer,
	"closed_at" timestamp with time zone,
	"closed_by" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "cases_active_contact_uniq";--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "callback_settings" jsonb;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "inbound" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "callback_requests" ADD CONSTRAINT "callback_requests_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_queue_agents" ADD CONSTRAINT "inbound_queue_agents_queue_id_inbound_queues_id_fk" FOREIGN KEY ("queue_id") REFERENCES "public"."inbound_queues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_queue_agents" ADD CONSTRAINT "inbound_queue_agents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_queue_groups" ADD CONSTRAINT "inbound_queue_groups_queue_id_inbound_queues_id_fk" FOREIGN KEY ("queue_id") REFERENCES "public"."inbound_queues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_queue_groups" ADD CONSTRAINT "inbound_queue_groups_group_id_agent_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."agent_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_queues" ADD CONSTRAINT "inbound_queues_callback_campaign_id_campaigns_id_fk" FOREIGN KEY ("callback_campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "callback_requests_expiry_idx" ON "callback_requests" USING btree ("campaign_id","expires_at");--> statement-breakpoint
CREATE INDEX "inbound_calls_queue_arrived_idx" ON "inbound_calls" USING btree ("queue_id","arrived_at");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_calls_agent_open_uniq" ON "inbound_calls" USING btree ("agent_id") WHERE ended_at is null and agent_id is not null;--> statement-breakpoint
CREATE INDEX "inbound_queue_agents_user_idx" ON "inbound_queue_agents" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "tickets_state_idx" ON "tickets" USING btree ("state","missed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_open_phone_uniq" ON "tickets" USING btree ("queue_id","phone") WHERE state = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "cases_active_contact_uniq" ON "cases" USING btree ("contact_id") WHERE released_at is null and not inbound;