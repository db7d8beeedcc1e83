CREATE TABLE "bulletin_counters" (
	"title_id" integer NOT NULL,
	"year" smallint NOT NULL,
	"last_number" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bulletin_counters_title_id_year_pk" PRIMARY KEY("title_id","year")
);
--> statement-breakpoint
CREATE TABLE "bulletin_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"issue_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"section" smallint DEFAULT 0 NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"mark" text,
	"headline" text NOT NULL,
	"paragraphs" jsonb NOT NULL,
	"attribution" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bulletin_images" (
	"id" serial PRIMARY KEY NOT NULL,
	"item_id" integer NOT NULL,
	"filename" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bulletin_issues" (
	"id" serial PRIMARY KEY NOT NULL,
	"title_id" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"kind" text DEFAULT 'regular' NOT NULL,
	"corrects_issue_id" integer,
	"year" smallint,
	"number" integer,
	"issue_date" date,
	"title_name" text NOT NULL,
	"office" text NOT NULL,
	"sections" jsonb NOT NULL,
	"distribution" jsonb NOT NULL,
	"note" text,
	"created_by" integer NOT NULL,
	"published_by" integer,
	"published_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bulletin_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"author_id" integer NOT NULL,
	"unit_id" integer,
	"branch_id" integer,
	"section_id" integer,
	"kind" text DEFAULT 'original' NOT NULL,
	"headline" text NOT NULL,
	"paragraphs" jsonb NOT NULL,
	"attribution" text NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"submitted_on" date NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"review_comment" text,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"higher_publication" text,
	"higher_publication_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bulletin_quotas" (
	"org_unit_id" integer PRIMARY KEY NOT NULL,
	"per_week" smallint DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bulletin_titles" (
	"id" serial PRIMARY KEY NOT NULL,
	"unit_id" integer,
	"name" text NOT NULL,
	"office" text NOT NULL,
	"sections" jsonb DEFAULT '["市内信息","市外参考"]'::jsonb NOT NULL,
	"distribution" jsonb DEFAULT '{"bao":"","song":"","fa":""}'::jsonb NOT NULL,
	"start_year" smallint,
	"start_number" integer DEFAULT 1 NOT NULL,
	"adopted_rule_code" text DEFAULT 'info_adopted' NOT NULL,
	"publication_rule_code" text DEFAULT 'publication' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bulletin_counters" ADD CONSTRAINT "bulletin_counters_title_id_bulletin_titles_id_fk" FOREIGN KEY ("title_id") REFERENCES "public"."bulletin_titles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulletin_entries" ADD CONSTRAINT "bulletin_entries_issue_id_bulletin_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."bulletin_issues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulletin_entries" ADD CONSTRAINT "bulletin_entries_item_id_bulletin_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."bulletin_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulletin_images" ADD CONSTRAINT "bulletin_images_item_id_bulletin_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."bulletin_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulletin_images" ADD CONSTRAINT "bulletin_images_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulletin_issues" ADD CONSTRAINT "bulletin_issues_title_id_bulletin_titles_id_fk" FOREIGN KEY ("title_id") REFERENCES "public"."bulletin_titles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulletin_issues" ADD CONSTRAINT "bulletin_issues_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulletin_issues" ADD CONSTRAINT "bulletin_issues_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulletin_items" ADD CONSTRAINT "bulletin_items_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulletin_items" ADD CONSTRAINT "bulletin_items_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulletin_quotas" ADD CONSTRAINT "bulletin_quotas_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulletin_titles" ADD CONSTRAINT "bulletin_titles_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulletin_titles" ADD CONSTRAINT "bulletin_titles_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bulletin_entries_item_uq" ON "bulletin_entries" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "bulletin_entries_issue_idx" ON "bulletin_entries" USING btree ("issue_id","section","position");--> statement-breakpoint
CREATE INDEX "bulletin_images_item_idx" ON "bulletin_images" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bulletin_issues_number_uq" ON "bulletin_issues" USING btree ("title_id","year","number") WHERE number is not null;--> statement-breakpoint
CREATE INDEX "bulletin_issues_status_idx" ON "bulletin_issues" USING btree ("status","issue_date");--> statement-breakpoint
CREATE INDEX "bulletin_items_author_day_idx" ON "bulletin_items" USING btree ("author_id","submitted_on");--> statement-breakpoint
CREATE INDEX "bulletin_items_status_idx" ON "bulletin_items" USING btree ("status","submitted_at");--> statement-breakpoint
CREATE INDEX "bulletin_items_unit_idx" ON "bulletin_items" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bulletin_titles_unit_name_uq" ON "bulletin_titles" USING btree ("unit_id","name");