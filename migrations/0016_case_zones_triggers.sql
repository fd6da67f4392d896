-- CP-2 local hours: case_zones lists the zones of each campaign's cases ('' = the campaign's own
-- zone), so a claim can name the zones whose window is open and let the hopper index skip the
-- rest. Kept here whichever path adds a case or changes its zone or campaign.
CREATE FUNCTION case_zones_added() RETURNS trigger AS $$
BEGIN
  INSERT INTO case_zones (campaign_id, tz)
  SELECT DISTINCT campaign_id, coalesce(tz, '') FROM added_zone_cases
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER cases_zones_added AFTER INSERT ON cases REFERENCING NEW TABLE AS added_zone_cases
  FOR EACH STATEMENT EXECUTE FUNCTION case_zones_added();
--> statement-breakpoint
-- fires only for statements that set tz or campaign_id (the dialer's updates set neither)
CREATE FUNCTION case_zones_changed() RETURNS trigger AS $$
BEGIN
  INSERT INTO case_zones (campaign_id, tz) VALUES (NEW.campaign_id, coalesce(NEW.tz, ''))
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER cases_zones_changed AFTER UPDATE OF tz, campaign_id ON cases FOR EACH ROW
  WHEN (OLD.tz IS DISTINCT FROM NEW.tz OR OLD.campaign_id <> NEW.campaign_id)
  EXECUTE FUNCTION case_zones_changed();
--> statement-breakpoint
INSERT INTO case_zones (campaign_id, tz) SELECT DISTINCT campaign_id, coalesce(tz, '') FROM cases ON CONFLICT DO NOTHING;
