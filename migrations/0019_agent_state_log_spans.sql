-- AG-3: the log keeps the states that have ended, each written once when it ends; the state an
-- agent is in now is their agent_states row. The trigger it replaces closed the open log row and
-- opened a new one at every change: two statements, one of them an update that rewrote the row
-- in every index. An open row the agent's current state stands for goes; any other is closed
-- where it began (its agent's row is gone, so when it ended is not known).
DELETE FROM "agent_state_log" l USING "agent_states" a
WHERE l."ended_at" IS NULL AND a."user_id" = l."user_id" AND a."state" = l."state" AND a."since" = l."started_at";--> statement-breakpoint
UPDATE "agent_state_log" SET "ended_at" = "started_at" WHERE "ended_at" IS NULL;--> statement-breakpoint
DROP INDEX "agent_state_log_started_idx";--> statement-breakpoint
DROP INDEX "agent_state_log_open_idx";--> statement-breakpoint
ALTER TABLE "agent_state_log" ALTER COLUMN "ended_at" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "agent_state_log_ended_idx" ON "agent_state_log" USING btree ("ended_at");--> statement-breakpoint
DROP TRIGGER "agent_state_log_trigger" ON "agent_states";--> statement-breakpoint
-- the state that ended (a change of state or of campaigns; a deleted agent's last one ends now)
CREATE OR REPLACE FUNCTION agent_state_log_write() RETURNS trigger AS $$
BEGIN
  INSERT INTO agent_state_log (user_id, state, campaign_ids, started_at, ended_at)
  VALUES (OLD.user_id, OLD.state, OLD.campaign_ids, OLD.since, CASE WHEN TG_OP = 'DELETE' THEN greatest(OLD.since, now()) ELSE NEW.since END);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER "agent_state_ended" AFTER UPDATE ON "agent_states" FOR EACH ROW
  WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.campaign_ids IS DISTINCT FROM NEW.campaign_ids)
  EXECUTE FUNCTION agent_state_log_write();--> statement-breakpoint
CREATE TRIGGER "agent_state_deleted" AFTER DELETE ON "agent_states" FOR EACH ROW EXECUTE FUNCTION agent_state_log_write();
