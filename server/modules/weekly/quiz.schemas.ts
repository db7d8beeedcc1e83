import { Type, type Static } from 'typebox';
import { Id, Instant, NullableInstant } from '../../lib/schemas';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
export const QuestionKind = Type.Union([Type.Literal('single'), Type.Literal('multiple'), Type.Literal('judge')], { description: '单选 / 多选 / 判断' });
/** A question as a test-taker sees it: no answer. */
export const QuizQuestion = Type.Object({ id: Type.Integer(), kind: QuestionKind, stem: Type.String(), options: Type.Array(Type.String()) });
export const QuizQuestionKey = Type.Intersect([QuizQuestion, Type.Object({ answer: Type.Array(Type.Integer()), explanation: Nullable(Type.String()), chosen: Type.Array(Type.Integer()), correct: Type.Boolean() })]);
export const Bank = Type.Object({ bank: Type.String(), single: Type.Integer(), multiple: Type.Integer(), judge: Type.Integer(), total: Type.Integer() });
export const QuizImportResult = Type.Object({ questions: Type.Integer(), banks: Type.Array(Type.String()) });
export const Quiz = Type.Object({
  id: Type.Integer(), title: Type.String(), bank: Type.String(), questions: Type.Integer(), lectureId: Nullable(Type.Integer()),
  opensAt: Instant, closesAt: Instant, timeLimitMinutes: Type.Integer(), passMark: Type.Integer(), ruleItemId: Nullable(Type.Integer()), ruleItemName: Nullable(Type.String()), createdBy: Type.Integer(),
  state: Type.Union([Type.Literal('upcoming'), Type.Literal('open'), Type.Literal('closed')]),
  mine: Nullable(Type.Object({ startedAt: Instant, deadline: Instant, submittedAt: NullableInstant, score: Nullable(Type.Integer()), passed: Nullable(Type.Boolean()) })),
});
export type QuizT = Static<typeof Quiz>;
export const CreateQuizBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  bank: Type.String({ minLength: 1, maxLength: 100 }),
  count: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: '抽取题数，默认全部' })),
  opensAt: Type.Optional(Instant),
  closesAt: Instant,
  timeLimitMinutes: Type.Integer({ minimum: 1, maximum: 240 }),
  passMark: Type.Integer({ minimum: 1, maximum: 100, description: '及格分（百分制）' }),
  ruleItemId: Type.Optional(Id),
  lectureId: Type.Optional(Id),
}, { additionalProperties: false });
export type CreateQuizBodyT = Static<typeof CreateQuizBody>;
export const Attempt = Type.Object({ quizId: Type.Integer(), startedAt: Instant, deadline: Instant, questions: Type.Array(QuizQuestion) });
export const SubmitBody = Type.Object({
  answers: Type.Record(Type.String({ pattern: '^[0-9]+$' }), Type.Array(Type.Integer({ minimum: 0, maximum: 9 }), { maxItems: 10 })),
}, { additionalProperties: false });
export type SubmitBodyT = Static<typeof SubmitBody>;
export const QuizResult = Type.Object({
  quizId: Type.Integer(), score: Type.Integer(), correct: Type.Integer(), total: Type.Integer(), passed: Type.Boolean(), passMark: Type.Integer(),
  credited: Type.Boolean({ description: '及格并已记分' }),
  /** Correct answers are shown once the test has closed. */
  key: Nullable(Type.Array(QuizQuestionKey)),
});
export type QuizResultT = Static<typeof QuizResult>;
export const QuizStats = Type.Object({
  quizId: Type.Integer(), submitted: Type.Integer(), average: Type.Number(), passRate: Type.Number(),
  people: Type.Array(Type.Object({ userId: Type.Integer(), name: Type.String(), score: Nullable(Type.Integer()), passed: Nullable(Type.Boolean()), submittedAt: NullableInstant })),
  hardest: Type.Array(Type.Object({ questionId: Type.Integer(), stem: Type.String(), correctRate: Type.Number() })),
});
