import { Type, type Static } from 'typebox';
import { DateStr, Id, Instant, NullableInstant, PageQuery, Year } from '../../lib/schemas';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
const Time = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:mm' });

export const MaterialLink = Type.Object({ title: Text(200), url: Type.String({ minLength: 1, maxLength: 1000, pattern: '^(https?://|/)' }) });

// ── 每周一学 ────────────────────────────────────────────────────────────────
export const SessionForm = Type.Union([
  Type.Literal('leader_led'), Type.Literal('group'), Type.Literal('self'), Type.Literal('expert'), Type.Literal('center_group'), Type.Literal('party_day'),
], { description: '领导领学 / 集体研学 / 个人自学 / 专家讲堂 / 理论学习中心组 / 主题党日' });
export type SessionFormT = Static<typeof SessionForm>;
export const AttendanceStatus = Type.Union([Type.Literal('attended'), Type.Literal('leave'), Type.Literal('absent')]);
export type AttendanceStatusT = Static<typeof AttendanceStatus>;

export const Session = Type.Object({
  id: Type.Integer(),
  year: Type.Integer(),
  heldOn: DateStr,
  startTime: Nullable(Type.String()),
  endTime: Nullable(Type.String()),
  topic: Type.String(),
  form: SessionForm,
  presenter: Nullable(Type.String()),
  location: Nullable(Type.String()),
  materials: Type.Array(MaterialLink),
  invitedUnitIds: Type.Array(Type.Integer()),
  invitedUnitNames: Type.Array(Type.String()),
  ruleItemId: Type.Integer(),
  ruleItemName: Type.String(),
  points: Type.Integer({ description: '每名参加人员记分' }),
  status: Type.Union([Type.Literal('planned'), Type.Literal('closed')]),
  closings: Type.Integer(),
  closedAt: NullableInstant,
  notes: Nullable(Type.String()),
  createdBy: Type.Integer(),
  version: Type.Integer(),
  counts: Type.Object({ expected: Type.Integer(), attended: Type.Integer(), leave: Type.Integer(), absent: Type.Integer(), unmarked: Type.Integer() }),
});
export type SessionT = Static<typeof Session>;

export const AttendanceLine = Type.Object({
  userId: Type.Integer(),
  name: Type.String(),
  sectionId: Nullable(Type.Integer()),
  sectionName: Nullable(Type.String()),
  status: Nullable(AttendanceStatus),
  note: Nullable(Type.String()),
  markedBy: Nullable(Type.Integer()),
  /** Net points this session credited the person (0 after a reversal), null when never credited. */
  points: Nullable(Type.Integer()),
  claimId: Nullable(Type.Integer()),
});
export const SessionDetail = Type.Intersect([Session, Type.Object({ attendance: Type.Array(AttendanceLine) })]);
export type SessionDetailT = Static<typeof SessionDetail>;

export const CreateSessionBody = Type.Object({
  heldOn: DateStr,
  startTime: Type.Optional(Time),
  endTime: Type.Optional(Time),
  topic: Text(200),
  form: SessionForm,
  presenter: Type.Optional(Type.String({ maxLength: 100 })),
  location: Type.Optional(Type.String({ maxLength: 100 })),
  materials: Type.Optional(Type.Array(MaterialLink, { maxItems: 20 })),
  invitedUnitIds: Type.Optional(Type.Array(Id, { maxItems: 50 })),
  ruleItemId: Type.Optional(Id),
  notes: Type.Optional(Type.String({ maxLength: 2000 })),
}, { additionalProperties: false });
export type CreateSessionBodyT = Static<typeof CreateSessionBody>;
export const UpdateSessionBody = Type.Partial(CreateSessionBody, { additionalProperties: false });
export type UpdateSessionBodyT = Static<typeof UpdateSessionBody>;

export const ListSessionsQuery = Type.Object({
  year: Type.Optional(Year),
  status: Type.Optional(Type.Union([Type.Literal('planned'), Type.Literal('closed')])),
  from: Type.Optional(DateStr),
  to: Type.Optional(DateStr),
  ...PageQuery,
});
export type ListSessionsQueryT = Static<typeof ListSessionsQuery>;

export const MarkAttendanceBody = Type.Object({
  entries: Type.Array(Type.Object({ userId: Id, status: AttendanceStatus, note: Type.Optional(Type.String({ maxLength: 200 })) }), { minItems: 1, maxItems: 500 }),
}, { additionalProperties: false });
export type MarkAttendanceBodyT = Static<typeof MarkAttendanceBody>;

export const ReasonBody = Type.Object({ reason: Text(500) });

export const CloseResult = Type.Object({
  session: Session,
  credited: Type.Integer({ description: '本次新记分人数' }),
  reversed: Type.Integer({ description: '本次冲销人数' }),
  restored: Type.Integer({ description: '此前冲销、本次恢复记分的人数' }),
});

const RateRow = { expected: Type.Integer(), attended: Type.Integer(), leave: Type.Integer(), absent: Type.Integer(), rate: Type.Number({ description: '出勤率 0–1（参加/应到）' }) };
export const StudyStats = Type.Object({
  year: Type.Integer(),
  sessionsHeld: Type.Integer({ description: '已开展（已结束）场次' }),
  sessionsPlanned: Type.Integer(),
  byForm: Type.Array(Type.Object({ form: SessionForm, count: Type.Integer() })),
  overall: Type.Object(RateRow),
  bySection: Type.Array(Type.Object({ sectionId: Type.Integer(), name: Type.String(), ...RateRow })),
  byPerson: Type.Array(Type.Object({ userId: Type.Integer(), name: Type.String(), sectionId: Nullable(Type.Integer()), sectionName: Nullable(Type.String()), ...RateRow })),
});
export type StudyStatsT = Static<typeof StudyStats>;
export const YearQuery = Type.Object({ year: Type.Optional(Year) });

// ── 每周一讲 ────────────────────────────────────────────────────────────────
export const Slot = Type.Object({
  id: Type.Integer(),
  weekOf: DateStr,
  sectionId: Nullable(Type.Integer()),
  sectionName: Nullable(Type.String()),
  lecturerId: Nullable(Type.Integer()),
  lecturerName: Nullable(Type.String()),
  lecturerActive: Type.Boolean(),
  status: Type.Union([Type.Literal('planned'), Type.Literal('skipped'), Type.Literal('done')]),
  note: Nullable(Type.String()),
  lectureId: Nullable(Type.Integer()),
});
export type SlotT = Static<typeof Slot>;
export const Rotation = Type.Object({
  items: Type.Array(Slot),
  /** The signed-in person's next planned turn. */
  myNext: Nullable(Slot),
  /** Lectures given so far per person (all years): who has lectured least goes first. */
  counts: Type.Array(Type.Object({ userId: Type.Integer(), name: Type.String(), sectionId: Nullable(Type.Integer()), given: Type.Integer() })),
});
export const RotationQuery = Type.Object({ from: Type.Optional(DateStr), to: Type.Optional(DateStr) });
export const GenerateBody = Type.Object({
  weeks: Type.Integer({ minimum: 1, maximum: 52 }),
  from: Type.Optional(DateStr),
  /** Weeks (any day in them) with no lecture: holidays. */
  holidays: Type.Optional(Type.Array(DateStr, { maxItems: 52 })),
  /** Sections in turn order; default all sections of the unit, in their order. */
  sectionIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 50 })),
}, { additionalProperties: false });
export type GenerateBodyT = Static<typeof GenerateBody>;
export const SwapBody = Type.Object({ otherId: Id }, { additionalProperties: false });
export const SkipBody = Type.Object({ reason: Text(200) }, { additionalProperties: false });
export const AssignBody = Type.Object({ lecturerId: Id }, { additionalProperties: false });

export const Reflection = Type.Object({
  id: Type.Integer(), lectureId: Type.Integer(), authorId: Type.Integer(), authorName: Type.String(), text: Type.String(),
  claimId: Nullable(Type.Integer()), credited: Type.Boolean(), createdAt: Instant,
});
export const Lecture = Type.Object({
  id: Type.Integer(),
  slotId: Nullable(Type.Integer()),
  lecturerId: Type.Integer(),
  lecturerName: Type.String(),
  sectionName: Nullable(Type.String()),
  heldOn: DateStr,
  topic: Type.String(),
  outline: Nullable(Type.String()),
  materials: Type.Array(MaterialLink),
  status: Type.Union([Type.Literal('planned'), Type.Literal('given')]),
  givenAt: NullableInstant,
  claimId: Nullable(Type.Integer()),
  comment: Nullable(Type.String()),
  commentBy: Nullable(Type.Integer()),
  commentByName: Nullable(Type.String()),
  commentAt: NullableInstant,
  reflections: Type.Array(Reflection),
});
export type LectureT = Static<typeof Lecture>;
export const CreateLectureBody = Type.Object({
  slotId: Type.Optional(Id),
  lecturerId: Type.Optional(Id),
  heldOn: DateStr,
  topic: Text(200),
  outline: Type.Optional(Type.String({ maxLength: 5000 })),
  materials: Type.Optional(Type.Array(MaterialLink, { maxItems: 20 })),
}, { additionalProperties: false });
export type CreateLectureBodyT = Static<typeof CreateLectureBody>;
export const TextBody = Type.Object({ text: Text(3000, 2) }, { additionalProperties: false });
export const ListLecturesQuery = Type.Object({ year: Type.Optional(Year), lecturerId: Type.Optional(Id), ...PageQuery });

// ── 每周一评 ────────────────────────────────────────────────────────────────
export const ReportStatus = Type.Union([Type.Literal('on_track'), Type.Literal('at_risk'), Type.Literal('late'), Type.Literal('done')], { description: '正常推进 / 有风险 / 滞后 / 已完成' });
export const Light = Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red'), Type.Literal('done')]);
export const Milestone = Type.Object({ id: Type.Integer(), title: Type.String(), dueOn: DateStr, doneOn: Nullable(DateStr) });
export const Report = Type.Object({
  id: Type.Integer(), taskId: Type.Integer(), taskTitle: Type.String(), weekOf: DateStr, reporterId: Type.Integer(), reporterName: Type.String(),
  status: ReportStatus, percent: Type.Integer(), text: Type.String(),
  comment: Nullable(Type.String()), commentBy: Nullable(Type.Integer()), commentByName: Nullable(Type.String()), commentAt: NullableInstant, createdAt: Instant,
});
export type ReportT = Static<typeof Report>;
export const Task = Type.Object({
  id: Type.Integer(), year: Type.Integer(), category: Type.String(), title: Type.String(), goal: Nullable(Type.String()),
  sectionId: Type.Integer(), sectionName: Type.String(), ownerId: Type.Integer(), ownerName: Type.String(),
  milestones: Type.Array(Milestone),
  latest: Nullable(Report),
  percent: Type.Integer(),
  light: Light,
  reportedThisWeek: Type.Boolean(),
  /** Whether the signed-in person may report on it. */
  canReport: Type.Boolean(),
});
export type TaskT = Static<typeof Task>;
export const TaskDetail = Type.Intersect([Task, Type.Object({ reports: Type.Array(Report) })]);
export const MilestoneInput = Type.Object({ title: Text(200), dueOn: DateStr });
export const CreateTaskBody = Type.Object({
  year: Type.Optional(Year), category: Text(50), title: Text(200), goal: Type.Optional(Type.String({ maxLength: 2000 })),
  sectionId: Id, ownerId: Id, milestones: Type.Optional(Type.Array(MilestoneInput, { maxItems: 30 })),
}, { additionalProperties: false });
export type CreateTaskBodyT = Static<typeof CreateTaskBody>;
export const ListTasksQuery = Type.Object({
  year: Type.Optional(Year), category: Type.Optional(Type.String({ maxLength: 50 })), sectionId: Type.Optional(Id), mine: Type.Optional(Type.Boolean()),
  ...PageQuery,
});
export type ListTasksQueryT = Static<typeof ListTasksQuery>;
export const ReportBody = Type.Object({
  status: ReportStatus, percent: Type.Integer({ minimum: 0, maximum: 100 }), text: Text(3000, 2),
}, { additionalProperties: false });
export type ReportBodyT = Static<typeof ReportBody>;
export const ImportResult = Type.Object({ tasks: Type.Integer(), milestones: Type.Integer(), categories: Type.Array(Type.String()) });
export const Board = Type.Object({
  year: Type.Integer(),
  weekOf: DateStr,
  weekEnd: DateStr,
  totals: Type.Object({ tasks: Type.Integer(), done: Type.Integer(), green: Type.Integer(), yellow: Type.Integer(), red: Type.Integer(), reportedThisWeek: Type.Integer() }),
  categories: Type.Array(Type.Object({ name: Type.String(), tasks: Type.Array(Task), done: Type.Integer(), avgPercent: Type.Integer() })),
  late: Type.Array(Task),
  dueThisWeek: Type.Array(Type.Object({ milestone: Milestone, taskId: Type.Integer(), taskTitle: Type.String(), ownerName: Type.String(), sectionName: Type.String() })),
  notReported: Type.Array(Type.Object({ taskId: Type.Integer(), taskTitle: Type.String(), ownerId: Type.Integer(), ownerName: Type.String(), sectionName: Type.String() })),
  chart: Type.Array(Type.Object({ weekOf: DateStr, done: Type.Integer(), avgPercent: Type.Integer(), reports: Type.Integer() })),
});
export type BoardT = Static<typeof Board>;
export const WeekQuery = Type.Object({ date: Type.Optional(DateStr), year: Type.Optional(Year) });
export const ReportsQuery = Type.Object({ weekOf: Type.Optional(DateStr), taskId: Type.Optional(Id), uncommented: Type.Optional(Type.Boolean()), ...PageQuery });

// ── 本周 and 信息素材 ───────────────────────────────────────────────────────
export const Week = Type.Object({
  weekOf: DateStr,
  weekEnd: DateStr,
  sessions: Type.Array(Session),
  slot: Nullable(Slot),
  lectures: Type.Array(Lecture),
  reports: Type.Array(Report),
  notReported: Board.properties.notReported,
  points: Type.Object({
    claims: Type.Integer({ description: '本周由学讲评记录产生的积分条数' }),
    points: Type.Integer(),
    bySource: Type.Array(Type.Object({ source: Type.String(), claims: Type.Integer(), points: Type.Integer() })),
  }),
});
export type WeekT = Static<typeof Week>;

export const MaterialKind = Type.Union([
  Type.Literal('study_summary'), Type.Literal('session'), Type.Literal('lecture'), Type.Literal('task'), Type.Literal('board'), Type.Literal('week'),
], { description: 'study_summary：全年每周一学；session：一场学习；lecture：一次授课；task：一项重点任务；board：重点任务总体；week：本周学讲评' });
export const MaterialQuery = Type.Object({
  kind: MaterialKind,
  id: Type.Optional(Id),
  year: Type.Optional(Year),
  date: Type.Optional(DateStr),
});
export type MaterialQueryT = Static<typeof MaterialQuery>;
/**
 * A draft bulletin paragraph. `headline` is a △ 标题 candidate, `paragraph` the body with the facts filled in,
 * `facts` the same numbers machine-readable, `attribution` the （单位） line, `source` what it was drawn from.
 */
export const BulletinMaterial = Type.Object({
  kind: MaterialKind,
  headline: Type.String(),
  paragraph: Type.String(),
  attribution: Type.String(),
  facts: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Array(Type.String())])),
  source: Type.Object({ kind: Type.String(), id: Nullable(Type.Integer()), url: Type.String() }),
  generatedAt: Instant,
});
export type BulletinMaterialT = Static<typeof BulletinMaterial>;
