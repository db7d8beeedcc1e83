/**
 * 学讲评 (麟游县): 每周一学 study sessions with attendance, 每周一讲 rotation and lectures with
 * a leader's 点评 and colleagues' reflections, 每周一评 key tasks with milestones and weekly reports.
 * Points are never stored here: sessions, lectures and reflections credit claims (claims.source/sourceRef).
 */
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, serial, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant, timestamps } from './_columns';
import { orgUnits, users } from './org';
import { ruleItems } from './rules';
import { claims } from './claims';

export type Material = { title: string; url: string };

/** 领导领学 / 集体研学 / 个人自学 / 专家讲堂 / 理论学习中心组 / 主题党日 */
export const SESSION_FORMS = ['leader_led', 'group', 'self', 'expert', 'center_group', 'party_day'] as const;
export type SessionForm = (typeof SESSION_FORMS)[number];
export const SESSION_STATUSES = ['planned', 'closed'] as const;

export const studySessions = pgTable(
  'study_sessions',
  {
    id: serial('id').primaryKey(),
    year: smallint('year').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    startTime: text('start_time'),
    endTime: text('end_time'),
    topic: text('topic').notNull(),
    form: text('form', { enum: SESSION_FORMS }).notNull(),
    presenter: text('presenter'),
    location: text('location'),
    materials: jsonb('materials').$type<Material[]>().notNull().default(sql`'[]'::jsonb`),
    /** Branches or sections invited; empty = the whole unit. */
    invitedUnitIds: integer('invited_unit_ids').array().notNull().default(sql`'{}'::int[]`),
    /** The rule item attendance credits (集中理论学习 or 经济讲堂 by default). */
    ruleItemId: integer('rule_item_id').notNull().references(() => ruleItems.id),
    status: text('status', { enum: SESSION_STATUSES }).notNull().default('planned'),
    /** How many times it was closed: a reopened session closed again only posts the differences. */
    closings: integer('closings').notNull().default(0),
    closedAt: instant('closed_at'),
    closedBy: integer('closed_by').references(() => users.id),
    notes: text('notes'),
    createdBy: integer('created_by').notNull().references(() => users.id),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [index('study_sessions_year_held_idx').on(t.year, t.heldOn)],
);

export const ATTENDANCE = ['attended', 'leave', 'absent'] as const;
export type Attendance = (typeof ATTENDANCE)[number];

export const sessionAttendance = pgTable(
  'session_attendance',
  {
    sessionId: integer('session_id').notNull().references(() => studySessions.id, { onDelete: 'cascade' }),
    userId: integer('user_id').notNull().references(() => users.id),
    /** The attendee's section when marked: rates per section follow it. */
    sectionId: integer('section_id'),
    status: text('status', { enum: ATTENDANCE }).notNull(),
    note: text('note'),
    markedBy: integer('marked_by').notNull().references(() => users.id),
    markedAt: instant('marked_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] }), index('session_attendance_user_idx').on(t.userId)],
);

export const SLOT_STATUSES = ['planned', 'skipped', 'done'] as const;
export type SlotStatus = (typeof SLOT_STATUSES)[number];

/** 每周一讲 rotation: one row per week (its Monday), 组室轮流，一人一讲. */
export const lectureSlots = pgTable(
  'lecture_slots',
  {
    id: serial('id').primaryKey(),
    weekOf: date('week_of', { mode: 'string' }).notNull(),
    sectionId: integer('section_id').references(() => orgUnits.id),
    lecturerId: integer('lecturer_id').references(() => users.id),
    status: text('status', { enum: SLOT_STATUSES }).notNull().default('planned'),
    note: text('note'),
    ...timestamps,
  },
  (t) => [uniqueIndex('lecture_slots_week_uq').on(t.weekOf)],
);

export const LECTURE_STATUSES = ['planned', 'given'] as const;

export const lectures = pgTable(
  'lectures',
  {
    id: serial('id').primaryKey(),
    slotId: integer('slot_id').references(() => lectureSlots.id),
    lecturerId: integer('lecturer_id').notNull().references(() => users.id),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    year: smallint('year').notNull(),
    topic: text('topic').notNull(),
    outline: text('outline'),
    materials: jsonb('materials').$type<Material[]>().notNull().default(sql`'[]'::jsonb`),
    status: text('status', { enum: LECTURE_STATUSES }).notNull().default('planned'),
    givenAt: instant('given_at'),
    confirmedBy: integer('confirmed_by').references(() => users.id),
    claimId: integer('claim_id').references(() => claims.id),
    /** 领导点评 */
    comment: text('comment'),
    commentBy: integer('comment_by').references(() => users.id),
    commentAt: instant('comment_at'),
    createdBy: integer('created_by').notNull().references(() => users.id),
    ...timestamps,
  },
  (t) => [index('lectures_year_held_idx').on(t.year, t.heldOn), uniqueIndex('lectures_slot_uq').on(t.slotId)],
);

/** 谈感想/谈心得/谈体会: at most three per lecture, each written by that colleague. */
export const lectureReflections = pgTable(
  'lecture_reflections',
  {
    id: serial('id').primaryKey(),
    lectureId: integer('lecture_id').notNull().references(() => lectures.id),
    authorId: integer('author_id').notNull().references(() => users.id),
    text: text('text').notNull(),
    claimId: integer('claim_id').references(() => claims.id),
    ...timestamps,
  },
  (t) => [uniqueIndex('lecture_reflections_author_uq').on(t.lectureId, t.authorId)],
);

/** 重点任务清单: 工作项目化、项目目标化、目标节点化、节点责任化. */
export const keyTasks = pgTable(
  'key_tasks',
  {
    id: serial('id').primaryKey(),
    year: smallint('year').notNull(),
    category: text('category').notNull(),
    title: text('title').notNull(),
    goal: text('goal'),
    sectionId: integer('section_id').notNull().references(() => orgUnits.id),
    ownerId: integer('owner_id').notNull().references(() => users.id),
    sortOrder: integer('sort_order').notNull().default(0),
    createdBy: integer('created_by').notNull().references(() => users.id),
    ...timestamps,
  },
  (t) => [index('key_tasks_year_cat_idx').on(t.year, t.category), uniqueIndex('key_tasks_year_title_uq').on(t.year, t.title)],
);

export const taskMilestones = pgTable(
  'task_milestones',
  {
    id: serial('id').primaryKey(),
    taskId: integer('task_id').notNull().references(() => keyTasks.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    doneOn: date('done_on', { mode: 'string' }),
    doneBy: integer('done_by').references(() => users.id),
  },
  (t) => [index('task_milestones_task_idx').on(t.taskId), index('task_milestones_due_idx').on(t.dueOn)],
);

export const REPORT_STATUSES = ['on_track', 'at_risk', 'late', 'done'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** 周汇报: one per task and week; a leader's 点评 is written once, by someone other than the reporter. */
export const taskReports = pgTable(
  'task_reports',
  {
    id: serial('id').primaryKey(),
    taskId: integer('task_id').notNull().references(() => keyTasks.id, { onDelete: 'cascade' }),
    weekOf: date('week_of', { mode: 'string' }).notNull(),
    reporterId: integer('reporter_id').notNull().references(() => users.id),
    status: text('status', { enum: REPORT_STATUSES }).notNull(),
    percent: smallint('percent').notNull(),
    text: text('text').notNull(),
    comment: text('comment'),
    commentBy: integer('comment_by').references(() => users.id),
    commentAt: instant('comment_at'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('task_reports_task_week_uq').on(t.taskId, t.weekOf),
    index('task_reports_week_idx').on(t.weekOf),
    check('task_reports_percent_ck', sql`${t.percent} between 0 and 100`),
  ],
);

export type StudySessionRow = typeof studySessions.$inferSelect;
export type AttendanceRow = typeof sessionAttendance.$inferSelect;
export type LectureSlotRow = typeof lectureSlots.$inferSelect;
export type LectureRow = typeof lectures.$inferSelect;
export type ReflectionRow = typeof lectureReflections.$inferSelect;
export type KeyTaskRow = typeof keyTasks.$inferSelect;
export type MilestoneRow = typeof taskMilestones.$inferSelect;
export type TaskReportRow = typeof taskReports.$inferSelect;

// ── 业务知识测试 (after 桐城: 组工干部讲课+业务知识测试) ──
export const QUESTION_KINDS = ['single', 'multiple', 'judge'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** A question of a bank (题库, by topic); answers are option indexes. */
export const quizQuestions = pgTable(
  'quiz_questions',
  {
    id: serial('id').primaryKey(),
    bank: text('bank').notNull(),
    kind: text('kind', { enum: QUESTION_KINDS }).notNull(),
    stem: text('stem').notNull(),
    options: jsonb('options').$type<string[]>().notNull(),
    answer: jsonb('answer').$type<number[]>().notNull(),
    explanation: text('explanation'),
    createdBy: integer('created_by').notNull().references(() => users.id),
    ...timestamps,
  },
  (t) => [index('quiz_questions_bank_idx').on(t.bank), uniqueIndex('quiz_questions_bank_stem_uq').on(t.bank, t.stem)],
);

/** A test: a fixed set of questions, a window, a time limit and a pass mark; a pass credits the rule item once. */
export const quizzes = pgTable(
  'quizzes',
  {
    id: serial('id').primaryKey(),
    title: text('title').notNull(),
    bank: text('bank').notNull(),
    questionIds: integer('question_ids').array().notNull(),
    lectureId: integer('lecture_id').references(() => lectures.id),
    opensAt: instant('opens_at').notNull(),
    closesAt: instant('closes_at').notNull(),
    timeLimitMinutes: integer('time_limit_minutes').notNull(),
    passMark: integer('pass_mark').notNull(),
    ruleItemId: integer('rule_item_id').references(() => ruleItems.id),
    createdBy: integer('created_by').notNull().references(() => users.id),
    ...timestamps,
  },
  (t) => [index('quizzes_closes_idx').on(t.closesAt)],
);

/** One attempt per person and test; graded on submission. */
export const quizAttempts = pgTable(
  'quiz_attempts',
  {
    id: serial('id').primaryKey(),
    quizId: integer('quiz_id').notNull().references(() => quizzes.id),
    userId: integer('user_id').notNull().references(() => users.id),
    startedAt: instant('started_at').notNull(),
    deadline: instant('deadline').notNull(),
    submittedAt: instant('submitted_at'),
    answers: jsonb('answers').$type<Record<string, number[]>>(),
    correct: integer('correct'),
    total: integer('total').notNull(),
    score: integer('score'),
    passed: boolean('passed'),
    claimId: integer('claim_id').references(() => claims.id),
  },
  (t) => [uniqueIndex('quiz_attempts_quiz_user_uq').on(t.quizId, t.userId)],
);

export type QuizQuestionRow = typeof quizQuestions.$inferSelect;
export type QuizRow = typeof quizzes.$inferSelect;
export type QuizAttemptRow = typeof quizAttempts.$inferSelect;
