CREATE TABLE "api_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "assignment_items" (
	"job_id" bigint NOT NULL,
	"pos" integer NOT NULL,
	"contact_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "blocked_numbers" (
	"phone" text PRIMARY KEY NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" integer
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" integer PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"type" text DEFAULT 'outbound' NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"contact_id" bigint NOT NULL,
	"prev_last_used_at" timestamp with time zone,
	"used" boolean DEFAULT false NOT NULL,
	"closed_at" timestamp with time zone,
	"released_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contact_id" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"campaign_id" integer,
	"user_id" integer,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text,
	"first_name" text,
	"last_name" text,
	"street" text,
	"house_number" text,
	"city" text,
	"postal_code" text,
	"region" text,
	"county" text,
	"commune" text,
	"phone1" text,
	"phone1_raw" text,
	"phone2" text,
	"phone2_raw" text,
	"email" text,
	"custom" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source" text NOT NULL,
	"import_group_id" integer,
	"import_id" integer,
	"blocked" boolean DEFAULT false NOT NULL,
	"blocked_at" timestamp with time zone,
	"blocked_reason" text,
	"in_campaign_id" integer,
	"last_used_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "custom_fields" (
	"key" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"type" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_groups" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "import_groups_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "import_rejects" (
	"import_id" integer NOT NULL,
	"line" integer NOT NULL,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"field" text,
	"raw" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_rows" (
	"import_id" integer NOT NULL,
	"line" integer NOT NULL,
	"name" text,
	"first_name" text,
	"last_name" text,
	"street" text,
	"house_number" text,
	"city" text,
	"postal_code" text,
	"region" text,
	"county" text,
	"commune" text,
	"phone1" text,
	"phone1_raw" text,
	"phone2" text,
	"phone2_raw" text,
	"email" text,
	"custom" jsonb
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" serial PRIMARY KEY NOT NULL,
	"file_name" text NOT NULL,
	"file_path" text NOT NULL,
	"file_size" bigint NOT NULL,
	"encoding" text NOT NULL,
	"delimiter" text NOT NULL,
	"has_header" boolean DEFAULT true NOT NULL,
	"group_id" integer,
	"mapping" jsonb,
	"duplicate_policy" text,
	"state" text NOT NULL,
	"job_id" bigint,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"added" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"duplicates" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"run_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 5 NOT NULL,
	"locked_until" timestamp with time zone,
	"locked_by" text,
	"last_error" text,
	"progress" jsonb,
	"result" jsonb,
	"dedupe_key" text,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "jobs_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "locations" (
	"id" serial PRIMARY KEY NOT NULL,
	"level" smallint NOT NULL,
	"parent_id" integer,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"role" text NOT NULL,
	"password_hash" text NOT NULL,
	"language" text DEFAULT 'en' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_import_group_id_import_groups_id_fk" FOREIGN KEY ("import_group_id") REFERENCES "public"."import_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_group_id_import_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."import_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assignment_items_pk" ON "assignment_items" USING btree ("job_id","pos");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_campaign_contact_uniq" ON "cases" USING btree ("campaign_id","contact_id");--> statement-breakpoint
CREATE INDEX "cases_contact_idx" ON "cases" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "contact_events_contact_idx" ON "contact_events" USING btree ("contact_id","at");--> statement-breakpoint
CREATE INDEX "contacts_sort_idx" ON "contacts" USING btree (coalesce("street", ''),coalesce("city", ''),"id");--> statement-breakpoint
CREATE INDEX "contacts_phone1_idx" ON "contacts" USING btree ("phone1" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "contacts_phone2_idx" ON "contacts" USING btree ("phone2");--> statement-breakpoint
CREATE INDEX "contacts_group_idx" ON "contacts" USING btree ("import_group_id");--> statement-breakpoint
CREATE INDEX "contacts_location_idx" ON "contacts" USING btree ("region","county","commune","city","street","postal_code");--> statement-breakpoint
CREATE INDEX "contacts_city_idx" ON "contacts" USING btree ("city");--> statement-breakpoint
CREATE INDEX "contacts_last_used_idx" ON "contacts" USING btree ("last_used_at" NULLS FIRST,"id");--> statement-breakpoint
CREATE INDEX "contacts_free_idx" ON "contacts" USING btree ("id") WHERE in_campaign_id is null and not blocked;--> statement-breakpoint
CREATE INDEX "contacts_name_trgm" ON "contacts" USING gin ((lower(coalesce("name", '') || ' ' || coalesce("first_name", '') || ' ' || coalesce("last_name", ''))) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_street_trgm" ON "contacts" USING gin (lower(coalesce("street", '')) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_postal_trgm" ON "contacts" USING gin (coalesce("postal_code", '') gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "import_rejects_idx" ON "import_rejects" USING btree ("import_id","line");--> statement-breakpoint
CREATE INDEX "import_rows_idx" ON "import_rows" USING btree ("import_id","line");--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("run_at") WHERE state = 'queued';--> statement-breakpoint
CREATE INDEX "jobs_lease_idx" ON "jobs" USING btree ("locked_until") WHERE state = 'running';--> statement-breakpoint
CREATE UNIQUE INDEX "locations_uniq" ON "locations" USING btree ("level",coalesce("parent_id", 0),"name");