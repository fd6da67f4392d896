DROP INDEX "contacts_last_used_idx";--> statement-breakpoint
DROP INDEX "contacts_free_idx";--> statement-breakpoint
-- room on every page for a new row version, so assignment and blocking are HOT updates
ALTER TABLE "contacts" SET (fillfactor = 80);