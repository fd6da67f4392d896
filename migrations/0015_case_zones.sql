CREATE TABLE "case_zones" (
	"campaign_id" integer NOT NULL,
	"tz" text NOT NULL,
	CONSTRAINT "case_zones_campaign_id_tz_pk" PRIMARY KEY("campaign_id","tz")
);
--> statement-breakpoint
DROP INDEX "cases_hopper_fresh";--> statement-breakpoint
DROP INDEX "cases_hopper_retry";--> statement-breakpoint
CREATE INDEX "cases_hopper_fresh" ON "cases" USING btree ("campaign_id","priority" DESC NULLS LAST,"id",coalesce("tz", '')) WHERE queue = 'fresh' and locked_by is null and released_at is null and not undialable;--> statement-breakpoint
CREATE INDEX "cases_hopper_retry" ON "cases" USING btree ("campaign_id","priority" DESC NULLS LAST,"last_attempt_at","id",coalesce("tz", '')) WHERE queue = 'retry' and locked_by is null and released_at is null and not undialable;