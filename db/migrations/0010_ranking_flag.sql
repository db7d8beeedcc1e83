DROP INDEX "member_year_rank_idx";--> statement-breakpoint
DROP INDEX "member_year_branch_rank_idx";--> statement-breakpoint
DROP INDEX "member_year_section_rank_idx";--> statement-breakpoint
DROP INDEX "member_year_group_rank_idx";--> statement-breakpoint
ALTER TABLE "member_year_totals" ADD COLUMN "ranked" boolean DEFAULT true NOT NULL;--> statement-breakpoint
CREATE INDEX "member_year_rank_idx" ON "member_year_totals" USING btree ("year","total" DESC NULLS LAST,"user_id") WHERE ranked;--> statement-breakpoint
CREATE INDEX "member_year_branch_rank_idx" ON "member_year_totals" USING btree ("year","branch_id","total" DESC NULLS LAST,"user_id") WHERE ranked;--> statement-breakpoint
CREATE INDEX "member_year_section_rank_idx" ON "member_year_totals" USING btree ("year","section_id","total" DESC NULLS LAST,"user_id") WHERE ranked;--> statement-breakpoint
CREATE INDEX "member_year_group_rank_idx" ON "member_year_totals" USING btree ("year","group_id","total" DESC NULLS LAST,"user_id") WHERE ranked;