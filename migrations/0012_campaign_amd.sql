ALTER TABLE "campaigns" ADD COLUMN "amd_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "amd_machine_action" text DEFAULT 'hangup' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "amd_false_positive_percent" real DEFAULT 0 NOT NULL;