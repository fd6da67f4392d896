-- AG-3: every change of an agent's state (or campaigns) closes the open log row and opens a new
-- one, whichever code path wrote it (the agent panel, the dialer's one-statement connect, a crash
-- recovery), so occupancy can be computed from the log.
CREATE FUNCTION agent_state_log_write() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.state = OLD.state AND NEW.campaign_ids = OLD.campaign_ids THEN
    RETURN NEW;
  END IF;
  UPDATE agent_state_log SET ended_at = NEW.since WHERE user_id = NEW.user_id AND ended_at IS NULL;
  INSERT INTO agent_state_log (user_id, state, campaign_ids, started_at) VALUES (NEW.user_id, NEW.state, NEW.campaign_ids, NEW.since);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER agent_state_log_trigger AFTER INSERT OR UPDATE ON agent_states FOR EACH ROW EXECUTE FUNCTION agent_state_log_write();
