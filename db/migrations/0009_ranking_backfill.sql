-- Copy each member's placement into their year rows, and give every active member a (zero) row for each
-- year with rules, so a ranking can read member_year_totals alone.
UPDATE member_year_totals t SET branch_id = u.branch_id, section_id = u.section_id, group_id = u.group_id FROM users u WHERE u.id = t.user_id;
--> statement-breakpoint
INSERT INTO member_year_totals (user_id, year, branch_id, section_id, group_id)
SELECT u.id, rs.year, u.branch_id, u.section_id, u.group_id FROM users u CROSS JOIN rule_sets rs
WHERE u.active AND u.branch_id IS NOT NULL AND 'cadre' = ANY(u.roles)
ON CONFLICT (user_id, year) DO NOTHING;
