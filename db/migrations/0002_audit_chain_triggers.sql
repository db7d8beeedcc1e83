-- The audit log is append-only and hash-chained; the points ledger is append-only.
-- Each audit row gets the next seq and hash = sha256(prev_hash | seq | row fields) under an advisory lock,
-- so the chain follows commit order. UPDATE and DELETE are refused by triggers on both tables.
CREATE OR REPLACE FUNCTION audit_row_material(r audit_log) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce(r.prev_hash, '') || '|' || r.seq::text || '|' ||
    to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '|' ||
    coalesce(r.actor_id::text, '') || '|' || r.action || '|' || r.entity || '|' || coalesce(r.entity_id, '') || '|' ||
    coalesce(r.before::text, '') || '|' || coalesce(r.after::text, '') || '|' || coalesce(r.ip, '')
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE last_row record;
BEGIN
  PERFORM pg_advisory_xact_lock(738201, 1);
  SELECT seq, hash INTO last_row FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1;
  NEW.seq := coalesce(last_row.seq, 0) + 1;
  NEW.prev_hash := coalesce(last_row.hash, '');
  NEW.hash := encode(sha256(convert_to(audit_row_material(NEW), 'UTF8')), 'hex');
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_chain();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER ledger_append_only BEFORE UPDATE OR DELETE ON ledger_entries FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger_entries FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
