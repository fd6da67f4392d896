-- CP-7, CT-4: a case is undialable when its contact is blocked, lacks the number its campaign
-- dials, or that number is on the block list. These triggers keep cases.undialable true to that
-- whichever path changes it (the API, an import, plain SQL); the hopper indexes leave such cases
-- out, so a claim no longer walks past every blocked case at the head of its queue. The claim
-- still checks the block list itself: the flag only keeps it fast.
CREATE FUNCTION cases_refresh_undialable(contact_ids bigint[]) RETURNS void AS $$
  UPDATE cases k SET undialable = x.undialable
  FROM (
    SELECT k2.id, (ct.blocked OR n.phone IS NULL OR EXISTS (SELECT 1 FROM blocked_numbers b WHERE b.phone = n.phone)) AS undialable
    FROM cases k2
    JOIN contacts ct ON ct.id = k2.contact_id
    JOIN campaigns c ON c.id = k2.campaign_id
    CROSS JOIN LATERAL (SELECT CASE WHEN c.phone_column = 'phone2' THEN ct.phone2 ELSE ct.phone1 END AS phone) n
    WHERE k2.contact_id = ANY (contact_ids)
  ) x
  WHERE k.id = x.id AND k.undialable <> x.undialable;
$$ LANGUAGE sql;
--> statement-breakpoint
-- numbers added to, removed from or changed on the block list (one transition table per trigger)
CREATE FUNCTION blocked_numbers_refresh_cases() RETURNS trigger AS $$
BEGIN
  PERFORM cases_refresh_undialable(array(
    SELECT ct.id FROM contacts ct WHERE ct.phone1 IN (SELECT phone FROM changed_numbers)
    UNION SELECT ct.id FROM contacts ct WHERE ct.phone2 IN (SELECT phone FROM changed_numbers)));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER blocked_numbers_added AFTER INSERT ON blocked_numbers REFERENCING NEW TABLE AS changed_numbers
  FOR EACH STATEMENT EXECUTE FUNCTION blocked_numbers_refresh_cases();
--> statement-breakpoint
CREATE TRIGGER blocked_numbers_removed AFTER DELETE ON blocked_numbers REFERENCING OLD TABLE AS changed_numbers
  FOR EACH STATEMENT EXECUTE FUNCTION blocked_numbers_refresh_cases();
--> statement-breakpoint
CREATE TRIGGER blocked_numbers_renamed_from AFTER UPDATE ON blocked_numbers REFERENCING OLD TABLE AS changed_numbers
  FOR EACH STATEMENT EXECUTE FUNCTION blocked_numbers_refresh_cases();
--> statement-breakpoint
CREATE TRIGGER blocked_numbers_renamed_to AFTER UPDATE ON blocked_numbers REFERENCING NEW TABLE AS changed_numbers
  FOR EACH STATEMENT EXECUTE FUNCTION blocked_numbers_refresh_cases();
--> statement-breakpoint
-- a contact blocked or unblocked, or its numbers edited (only when one of them really changed)
-- (row by row, so the statement is written out here: PL/pgSQL keeps its plan for the session).
-- A bulk statement that refreshes the cases itself, set-based, afterwards (setBlocked) turns this off
-- for its transaction with parley.defer_dialability = 'on': row by row, blocking 50 000 contacts took
-- 40–90 s on PGlite instead of about 3.
CREATE FUNCTION contacts_refresh_cases() RETURNS trigger AS $$
BEGIN
  IF current_setting('parley.defer_dialability', true) = 'on' THEN
    RETURN NULL;
  END IF;
  UPDATE cases k SET undialable = x.undialable
  FROM (
    SELECT k2.id, (NEW.blocked OR n.phone IS NULL OR EXISTS (SELECT 1 FROM blocked_numbers b WHERE b.phone = n.phone)) AS undialable
    FROM cases k2
    JOIN campaigns c ON c.id = k2.campaign_id
    CROSS JOIN LATERAL (SELECT CASE WHEN c.phone_column = 'phone2' THEN NEW.phone2 ELSE NEW.phone1 END AS phone) n
    WHERE k2.contact_id = NEW.id
  ) x
  WHERE k.id = x.id AND k.undialable <> x.undialable;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER contacts_dialability AFTER UPDATE OF blocked, phone1, phone2 ON contacts FOR EACH ROW
  WHEN (OLD.blocked IS DISTINCT FROM NEW.blocked OR OLD.phone1 IS DISTINCT FROM NEW.phone1 OR OLD.phone2 IS DISTINCT FROM NEW.phone2)
  EXECUTE FUNCTION contacts_refresh_cases();
--> statement-breakpoint
-- new cases (assignment, callbacks): joined to the statement's own rows, so a batch costs its
-- size and not the table's; only the undialable ones are written again
CREATE FUNCTION cases_added_refresh() RETURNS trigger AS $$
BEGIN
  UPDATE cases k SET undialable = true
  FROM added_cases n
  JOIN contacts ct ON ct.id = n.contact_id
  JOIN campaigns c ON c.id = n.campaign_id
  CROSS JOIN LATERAL (SELECT CASE WHEN c.phone_column = 'phone2' THEN ct.phone2 ELSE ct.phone1 END AS phone) p
  WHERE k.id = n.id AND NOT k.undialable
    AND (ct.blocked OR p.phone IS NULL OR EXISTS (SELECT 1 FROM blocked_numbers b WHERE b.phone = p.phone));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER cases_added AFTER INSERT ON cases REFERENCING NEW TABLE AS added_cases
  FOR EACH STATEMENT EXECUTE FUNCTION cases_added_refresh();
--> statement-breakpoint
-- a campaign switched the number it dials (phone1 / phone2)
CREATE FUNCTION campaigns_refresh_cases() RETURNS trigger AS $$
BEGIN
  PERFORM cases_refresh_undialable(array(SELECT contact_id FROM cases WHERE campaign_id = NEW.id));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER campaigns_dialed_number AFTER UPDATE OF phone_column ON campaigns FOR EACH ROW
  WHEN (OLD.phone_column IS DISTINCT FROM NEW.phone_column)
  EXECUTE FUNCTION campaigns_refresh_cases();
--> statement-breakpoint
-- cases that exist already
UPDATE cases k SET undialable = true
FROM contacts ct, campaigns c
WHERE ct.id = k.contact_id AND c.id = k.campaign_id
  AND (ct.blocked OR (CASE WHEN c.phone_column = 'phone2' THEN ct.phone2 ELSE ct.phone1 END) IS NULL
    OR EXISTS (SELECT 1 FROM blocked_numbers b WHERE b.phone = (CASE WHEN c.phone_column = 'phone2' THEN ct.phone2 ELSE ct.phone1 END)));
