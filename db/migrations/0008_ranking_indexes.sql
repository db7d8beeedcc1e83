DROP INDEX "member_year_total_idx";--> statement-breakpoint
ALTER TABLE "member_year_totals" ADD COLUMN "branch_id" integer;--> statement-breakpoint
ALTER TABLE "member_year_totals" ADD COLUMN "section_id" integer;--> statement-breakpoint
ALTER TABLE "member_year_totals" ADD COLUMN "group_id" integer;--> statement-breakpoint
CREATE INDEX "claims_item_year_status_idx" ON "claims" USING btree ("rule_item_id","year","status");--> statement-breakpoint
CREATE INDEX "member_year_rank_idx" ON "member_year_totals" USING btree ("year","total" DESC NULLS LAST,"user_id");--> statement-breakpoint
CREATE INDEX "member_year_branch_rank_idx" ON "member_year_totals" USING btree ("year","branch_id","total" DESC NULLS LAST,"user_id");--> statement-breakpoint
CREATE INDEX "member_year_section_rank_idx" ON "member_year_totals" USING btree ("year","section_id","total" DESC NULLS LAST,"user_id");--> statement-breakpoint
CREATE INDEX "member_year_group_rank_idx" ON "member_year_totals" USING btree ("year","group_id","total" DESC NULLS LAST,"user_id");