CREATE TABLE "key_tasks" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" smallint NOT NULL,
	"category" text NOT NULL,
	"title" text NOT NULL,
	"goal" text,
	"section_id" integer NOT NULL,
	"owner_id" integer NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lecture_reflections" (
	"id" serial PRIMARY KEY NOT NULL,
	"lecture_id" integer NOT NULL,
	"author_id" integer NOT NULL,
	"text" text NOT NULL,
	"claim_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lecture_slots" (
	"id" serial PRIMARY KEY NOT NULL,
	"week_of" date NOT NULL,
	"section_id" integer,
	"lecturer_id" integer,
	"status" text DEFAULT 'planned' NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lectures" (
	"id" serial PRIMARY KEY NOT NULL,
	"slot_id" integer,
	"lecturer_id" integer NOT NULL,
	"held_on" date NOT NULL,
	"year" smallint NOT NULL,
	"topic" text NOT NULL,
	"outline" text,
	"materials" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"given_at" timestamp with time zone,
	"confirmed_by" integer,
	"claim_id" integer,
	"comment" text,
	"comment_by" integer,
	"comment_at" timestamp with time zone,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_attendance" (
	"session_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"section_id" integer,
	"status" text NOT NULL,
	"note" text,
	"marked_by" integer NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_attendance_session_id_user_id_pk" PRIMARY KEY("session_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "study_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" smallint NOT NULL,
	"held_on" date NOT NULL,
	"start_time" text,
	"end_time" text,
	"topic" text NOT NULL,
	"form" text NOT NULL,
	"presenter" text,
	"location" text,
	"materials" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"invited_unit_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"rule_item_id" integer NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"closings" integer DEFAULT 0 NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" integer,
	"notes" text,
	"created_by" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_milestones" (
	"id" serial PRIMARY KEY NOT NULL,
	"task_id" integer NOT NULL,
	"title" text NOT NULL,
	"due_on" date NOT NULL,
	"done_on" date,
	"done_by" integer
);
--> statement-breakpoint
CREATE TABLE "task_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"task_id" integer NOT NULL,
	"week_of" date NOT NULL,
	"reporter_id" integer NOT NULL,
	"status" text NOT NULL,
	"percent" smallint NOT NULL,
	"text" text NOT NULL,
	"comment" text,
	"comment_by" integer,
	"comment_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_reports_percent_ck" CHECK ("task_reports"."percent" between 0 and 100)
);
--> statement-breakpoint
ALTER TABLE "key_tasks" ADD CONSTRAINT "key_tasks_section_id_org_units_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_tasks" ADD CONSTRAINT "key_tasks_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_tasks" ADD CONSTRAINT "key_tasks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecture_reflections" ADD CONSTRAINT "lecture_reflections_lecture_id_lectures_id_fk" FOREIGN KEY ("lecture_id") REFERENCES "public"."lectures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecture_reflections" ADD CONSTRAINT "lecture_reflections_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecture_reflections" ADD CONSTRAINT "lecture_reflections_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecture_slots" ADD CONSTRAINT "lecture_slots_section_id_org_units_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecture_slots" ADD CONSTRAINT "lecture_slots_lecturer_id_users_id_fk" FOREIGN KEY ("lecturer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lectures" ADD CONSTRAINT "lectures_slot_id_lecture_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."lecture_slots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lectures" ADD CONSTRAINT "lectures_lecturer_id_users_id_fk" FOREIGN KEY ("lecturer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lectures" ADD CONSTRAINT "lectures_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lectures" ADD CONSTRAINT "lectures_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lectures" ADD CONSTRAINT "lectures_comment_by_users_id_fk" FOREIGN KEY ("comment_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lectures" ADD CONSTRAINT "lectures_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_attendance" ADD CONSTRAINT "session_attendance_session_id_study_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."study_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_attendance" ADD CONSTRAINT "session_attendance_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_attendance" ADD CONSTRAINT "session_attendance_marked_by_users_id_fk" FOREIGN KEY ("marked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_sessions" ADD CONSTRAINT "study_sessions_rule_item_id_rule_items_id_fk" FOREIGN KEY ("rule_item_id") REFERENCES "public"."rule_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_sessions" ADD CONSTRAINT "study_sessions_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_sessions" ADD CONSTRAINT "study_sessions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_milestones" ADD CONSTRAINT "task_milestones_task_id_key_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."key_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_milestones" ADD CONSTRAINT "task_milestones_done_by_users_id_fk" FOREIGN KEY ("done_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_reports" ADD CONSTRAINT "task_reports_task_id_key_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."key_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_reports" ADD CONSTRAINT "task_reports_reporter_id_users_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_reports" ADD CONSTRAINT "task_reports_comment_by_users_id_fk" FOREIGN KEY ("comment_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "key_tasks_year_cat_idx" ON "key_tasks" USING btree ("year","category");--> statement-breakpoint
CREATE UNIQUE INDEX "key_tasks_year_title_uq" ON "key_tasks" USING btree ("year","title");--> statement-breakpoint
CREATE UNIQUE INDEX "lecture_reflections_author_uq" ON "lecture_reflections" USING btree ("lecture_id","author_id");--> statement-breakpoint
CREATE UNIQUE INDEX "lecture_slots_week_uq" ON "lecture_slots" USING btree ("week_of");--> statement-breakpoint
CREATE INDEX "lectures_year_held_idx" ON "lectures" USING btree ("year","held_on");--> statement-breakpoint
CREATE UNIQUE INDEX "lectures_slot_uq" ON "lectures" USING btree ("slot_id");--> statement-breakpoint
CREATE INDEX "session_attendance_user_idx" ON "session_attendance" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "study_sessions_year_held_idx" ON "study_sessions" USING btree ("year","held_on");--> statement-breakpoint
CREATE INDEX "task_milestones_task_idx" ON "task_milestones" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "task_milestones_due_idx" ON "task_milestones" USING btree ("due_on");--> statement-breakpoint
CREATE UNIQUE INDEX "task_reports_task_week_uq" ON "task_reports" USING btree ("task_id","week_of");--> statement-breakpoint
CREATE INDEX "task_reports_week_idx" ON "task_reports" USING btree ("week_of");