-- settings_version.v changes with every statement that writes a campaign, a status, a campaign's
-- list of statuses or a process, in that statement's transaction: a process that read a
-- campaign's settings under v may use them while v is current (and a statement can check it).
INSERT INTO settings_version (id, v) VALUES (1, gen_random_uuid()::text) ON CONFLICT (id) DO NOTHING;
--> statement-breakpoint
CREATE FUNCTION settings_changed() RETURNS trigger AS $$
BEGIN
  -- an upsert: a truncated table gets its row back (until then nothing is kept: no version, no cache)
  INSERT INTO settings_version (id, v) VALUES (1, gen_random_uuid()::text)
  ON CONFLICT (id) DO UPDATE SET v = excluded.v;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER campaigns_settings_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON campaigns
  FOR EACH STATEMENT EXECUTE FUNCTION settings_changed();
--> statement-breakpoint
CREATE TRIGGER statuses_settings_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON statuses
  FOR EACH STATEMENT EXECUTE FUNCTION settings_changed();
--> statement-breakpoint
CREATE TRIGGER campaign_statuses_settings_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON campaign_statuses
  FOR EACH STATEMENT EXECUTE FUNCTION settings_changed();
--> statement-breakpoint
CREATE TRIGGER processes_settings_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON processes
  FOR EACH STATEMENT EXECUTE FUNCTION settings_changed();
