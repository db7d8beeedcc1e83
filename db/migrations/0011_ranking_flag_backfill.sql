-- Only active cadres with a branch are ranked.
UPDATE member_year_totals t SET ranked = (u.active AND u.branch_id IS NOT NULL AND 'cadre' = ANY(u.roles)) FROM users u WHERE u.id = t.user_id;
