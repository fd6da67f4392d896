CREATE UNIQUE INDEX "cases_active_contact_uniq" ON "cases" USING btree ("contact_id") WHERE released_at is null;--> statement-breakpoint
ALTER TABLE "cases" DROP COLUMN "prev_last_used_at";--> statement-breakpoint
ALTER TABLE "contacts" DROP COLUMN "in_campaign_id";