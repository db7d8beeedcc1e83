-- Sealing the audit chain after commit instead of inside every writing transaction: the insert trigger
-- took a lock held until commit, so all audited writes ran one at a time. Rows now arrive with seq NULL;
-- audit_seal() chains every row whose transaction precedes the oldest running one (so no earlier row can
-- still appear), in (txid, id) order. Until sealed a row is covered by the append-only guard only.
DROP TRIGGER IF EXISTS audit_log_chain ON audit_log;
--> statement-breakpoint
DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Sealing may fill seq, prev_hash and hash of a row that has no hash yet; nothing else may change.
  IF TG_OP = 'UPDATE' AND OLD.hash IS NULL
     AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id AND NEW.action = OLD.action
     AND NEW.entity = OLD.entity AND NEW.entity_id IS NOT DISTINCT FROM OLD.entity_id AND NEW.before IS NOT DISTINCT FROM OLD.before
     AND NEW.after IS NOT DISTINCT FROM OLD.after AND NEW.ip IS NOT DISTINCT FROM OLD.ip AND NEW.txid = OLD.txid
     AND (OLD.seq IS NULL OR NEW.seq = OLD.seq) AND (OLD.prev_hash IS NULL OR NEW.prev_hash = OLD.prev_hash) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_guard();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_seal() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  r record;
  last_seq bigint;
  last_hash text;
  horizon bigint;
  n integer := 0;
BEGIN
  -- One sealer at a time, across all API processes; the others simply skip.
  IF NOT pg_try_advisory_xact_lock(738201, 2) THEN RETURN 0; END IF;
  horizon := pg_snapshot_xmin(pg_current_snapshot())::text::bigint;
  SELECT seq, hash INTO last_seq, last_hash FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1;
  FOR r IN SELECT id FROM audit_log WHERE seq IS NULL AND txid < horizon ORDER BY txid, id LOOP
    last_seq := coalesce(last_seq, 0) + 1;
    UPDATE audit_log SET seq = last_seq, prev_hash = coalesce(last_hash, '') WHERE id = r.id;
    UPDATE audit_log a SET hash = encode(sha256(convert_to(audit_row_material(a), 'UTF8')), 'hex') WHERE a.id = r.id RETURNING a.hash INTO last_hash;
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;
