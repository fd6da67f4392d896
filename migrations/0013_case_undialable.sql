DROP INDEX "cases_hopper_fresh";--> statement-breakpoint
DROP INDEX "cases_hopper_retry";--> statement-breakpoint
DROP INDEX "cases_hopper_timed";--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "undialable" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "cases_hopper_fresh" ON "cases" USING btree ("campaign_id","priority" DESC NULLS LAST,"id") WHERE queue = 'fresh' and locked_by is null and released_at is null and not undialable;--> statement-breakpoint
CREATE INDEX "cases_hopper_retry" ON "cases" USING btree ("campaign_id","priority" DESC NULLS LAST,"last_attempt_at","id") WHERE queue = 'retry' and locked_by is null and released_at is null and not undialable;--> statement-breakpoint
CREATE INDEX "cases_hopper_timed" ON "cases" USING btree ("campaign_id","queue","callable_at","id") WHERE queue in ('callback', 'progressive', 'end_of_queue') and locked_by is null and released_at is null and not undialable;