import ExcelJS from 'exceljs';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { quizAttempts, quizQuestions, quizzes, ruleItems, users, type QuizQuestionRow, type QuizRow } from '../../../db/schema';
import type { AppContext, AuthUser } from '../../lib/context';
import { hasRole } from '../../lib/context';
import { audit } from '../../lib/audit';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, fieldError } from '../../lib/errors';
import { today } from '../../lib/dates';
import { createClaimsService } from '../claims/claims.service';
import { assertOrganizer, ruleItemFor } from './common';
import type { CreateQuizBodyT, QuizResultT, QuizT, SubmitBodyT } from './quiz.schemas';

export const quizRef = (id: number) => `quiz:${id}`;
const KIND_NAMES: Record<string, 'single' | 'multiple' | 'judge'> = { 单选: 'single', 单选题: 'single', 多选: 'multiple', 多选题: 'multiple', 判断: 'judge', 判断题: 'judge' };
const LETTERS = 'ABCDEFGHIJ';
/** Submissions a little after the deadline still count: the phone may have been on a slow network. */
const GRACE_MS = 30_000;

export function createQuizService(ctx: AppContext) {
  const { db, clock } = ctx;
  const claimsSvc = createClaimsService(ctx);

  /** 题库 from Excel. Header: 题库、题型（单选/多选/判断）、题干、选项A…选项F、答案（如 A、AC、对/错）、解析. */
  async function importQuestions(actor: AuthUser, buf: Buffer, ip?: string) {
    assertOrganizer(actor);
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(buf as never);
    } catch {
      throw new BadRequestError('IMPORT_NOT_XLSX', 'file: 不是有效的 Excel（.xlsx）文件');
    }
    const ws = wb.worksheets[0];
    if (!ws || ws.rowCount < 2) throw new BadRequestError('IMPORT_EMPTY', 'file: 表格为空，第 1 行应为表头，第 2 行起每行一道题');
    const header = new Map<string, number>();
    ws.getRow(1).eachCell((c, col) => header.set(c.text.trim().replace(/\s+/g, ''), col));
    const need = { bank: header.get('题库'), kind: header.get('题型'), stem: header.get('题干'), answer: header.get('答案') };
    for (const [k, name] of [['bank', '题库'], ['kind', '题型'], ['stem', '题干'], ['answer', '答案']] as const) {
      if (!need[k]) throw new BadRequestError('IMPORT_BAD_HEADER', `第 1 行（表头）：缺少“${name}”列`);
    }
    const optionCols = [...LETTERS.slice(0, 6)].map((l) => header.get(`选项${l}`)).filter((c): c is number => c != null);
    const explanationCol = header.get('解析');
    const parsed: Array<{ bank: string; kind: 'single' | 'multiple' | 'judge'; stem: string; options: string[]; answer: number[]; explanation: string | null }> = [];
    for (let r = 2; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cell = (c?: number) => (c ? row.getCell(c).text.trim() : '');
      const where = (c: number, name: string) => `第 ${r} 行“${name}”列（${ws.getColumn(c).letter}${r}）`;
      const bank = cell(need.bank), kindText = cell(need.kind), stem = cell(need.stem), ans = cell(need.answer).toUpperCase().replace(/[\s,，、]/g, '');
      if (![bank, kindText, stem, ans, ...optionCols.map((c) => cell(c))].some(Boolean)) continue;
      if (!bank) throw new BadRequestError('IMPORT_BAD_CELL', `${where(need.bank!, '题库')}：不能为空`);
      const kind = KIND_NAMES[kindText];
      if (!kind) throw new BadRequestError('IMPORT_BAD_CELL', `${where(need.kind!, '题型')}：应为“单选”“多选”或“判断”`);
      if (!stem) throw new BadRequestError('IMPORT_BAD_CELL', `${where(need.stem!, '题干')}：不能为空`);
      let options: string[];
      let answer: number[];
      if (kind === 'judge') {
        options = ['正确', '错误'];
        answer = ['对', '正确', '√', 'A', 'T'].includes(ans) ? [0] : ['错', '错误', '×', 'B', 'F'].includes(ans) ? [1] : [];
        if (!answer.length) throw new BadRequestError('IMPORT_BAD_CELL', `${where(need.answer!, '答案')}：判断题答案应为“对”或“错”`);
      } else {
        options = optionCols.map((c) => cell(c));
        while (options.length && !options[options.length - 1]) options.pop();
        const empty = options.findIndex((o) => !o);
        if (empty >= 0) throw new BadRequestError('IMPORT_BAD_CELL', `${where(optionCols[empty], `选项${LETTERS[empty]}`)}：选项不能空缺`);
        if (options.length < 2) throw new BadRequestError('IMPORT_BAD_CELL', `第 ${r} 行：选择题至少要有选项A、选项B`);
        answer = [...new Set([...ans].map((ch) => LETTERS.indexOf(ch)))].sort();
        if (!ans || answer.some((i) => i < 0 || i >= options.length)) throw new BadRequestError('IMPORT_BAD_CELL', `${where(need.answer!, '答案')}：“${ans}”不是有效选项（${LETTERS.slice(0, options.length).split('').join('、')}）`);
        if (kind === 'single' && answer.length !== 1) throw new BadRequestError('IMPORT_BAD_CELL', `${where(need.answer!, '答案')}：单选题只能有一个答案`);
        if (kind === 'multiple' && answer.length < 2) throw new BadRequestError('IMPORT_BAD_CELL', `${where(need.answer!, '答案')}：多选题至少两个答案`);
      }
      parsed.push({ bank, kind, stem, options, answer, explanation: cell(explanationCol) || null });
    }
    if (!parsed.length) throw new BadRequestError('IMPORT_EMPTY', 'file: 没有可导入的题目');
    const inserted = await db.transaction(async (tx) => {
      const now = clock();
      const r = await tx.insert(quizQuestions).values(parsed.map((p) => ({ ...p, createdBy: actor.id, createdAt: now, updatedAt: now }))).onConflictDoNothing().returning({ id: quizQuestions.id });
      await audit(tx, { actorId: actor.id, action: 'quiz.import', entity: 'quiz_question', after: { rows: parsed.length, inserted: r.length }, ip });
      return r.length;
    });
    return { questions: inserted, banks: [...new Set(parsed.map((p) => p.bank))] };
  }

  async function banks() {
    const r = await db.select({ bank: quizQuestions.bank, kind: quizQuestions.kind, n: sql<number>`count(*)::int` }).from(quizQuestions).groupBy(quizQuestions.bank, quizQuestions.kind).orderBy(asc(quizQuestions.bank));
    const m = new Map<string, { bank: string; single: number; multiple: number; judge: number; total: number }>();
    for (const x of r) {
      const b = m.get(x.bank) ?? { bank: x.bank, single: 0, multiple: 0, judge: 0, total: 0 };
      b[x.kind] += Number(x.n);
      b.total += Number(x.n);
      m.set(x.bank, b);
    }
    return [...m.values()];
  }

  const stateOf = (q: QuizRow, now: Date) => (now < q.opensAt ? 'upcoming' : now > q.closesAt ? 'closed' : 'open') as QuizT['state'];

  async function shape(viewer: AuthUser, list: QuizRow[]): Promise<QuizT[]> {
    if (!list.length) return [];
    const mine = await db.select().from(quizAttempts).where(and(eq(quizAttempts.userId, viewer.id), inArray(quizAttempts.quizId, list.map((q) => q.id))));
    const items = new Map((await db.select().from(ruleItems).where(inArray(ruleItems.id, list.map((q) => q.ruleItemId ?? 0)))).map((i) => [i.id, i.name]));
    const now = clock();
    return list.map((q) => {
      const a = mine.find((m) => m.quizId === q.id);
      return {
        id: q.id, title: q.title, bank: q.bank, questions: q.questionIds.length, lectureId: q.lectureId, opensAt: q.opensAt.toISOString(), closesAt: q.closesAt.toISOString(),
        timeLimitMinutes: q.timeLimitMinutes, passMark: q.passMark, ruleItemId: q.ruleItemId, ruleItemName: q.ruleItemId ? (items.get(q.ruleItemId) ?? null) : null, createdBy: q.createdBy, state: stateOf(q, now),
        mine: a ? { startedAt: a.startedAt.toISOString(), deadline: a.deadline.toISOString(), submittedAt: a.submittedAt?.toISOString() ?? null, score: a.score, passed: a.passed } : null,
      };
    });
  }
  async function load(id: number): Promise<QuizRow> {
    const [q] = await db.select().from(quizzes).where(eq(quizzes.id, id));
    if (!q) throw new NotFoundError('测试不存在', 'QUIZ_NOT_FOUND');
    return q;
  }
  async function list(viewer: AuthUser) {
    const r = await db.select().from(quizzes).orderBy(desc(quizzes.closesAt), desc(quizzes.id)).limit(100);
    return { items: await shape(viewer, r), total: r.length };
  }

  async function create(actor: AuthUser, body: CreateQuizBodyT, ip?: string): Promise<QuizT> {
    assertOrganizer(actor);
    const opensAt = body.opensAt ? new Date(body.opensAt) : clock();
    const closesAt = new Date(body.closesAt);
    if (closesAt <= opensAt) throw fieldError('closesAt', '截止时间须晚于开始时间');
    const qs = await db.select({ id: quizQuestions.id }).from(quizQuestions).where(eq(quizQuestions.bank, body.bank.trim())).orderBy(asc(quizQuestions.id));
    if (!qs.length) throw fieldError('bank', `题库“${body.bank}”中没有题目`);
    if (body.count && body.count > qs.length) throw fieldError('count', `题库“${body.bank}”只有 ${qs.length} 道题`);
    const day = new Date(closesAt.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const item = body.ruleItemId ? await ruleItemFor(db, day, 'ruleItemId', { id: body.ruleItemId }) : null;
    const id = await db.transaction(async (tx) => {
      const now = clock();
      const [row] = await tx.insert(quizzes).values({
        title: body.title.trim(), bank: body.bank.trim(), questionIds: qs.slice(0, body.count ?? qs.length).map((q) => q.id), lectureId: body.lectureId ?? null,
        opensAt, closesAt, timeLimitMinutes: body.timeLimitMinutes, passMark: body.passMark, ruleItemId: item?.id ?? null, createdBy: actor.id, createdAt: now, updatedAt: now,
      }).returning();
      await audit(tx, { actorId: actor.id, action: 'quiz.create', entity: 'quiz', entityId: row.id, after: row, ip });
      return row.id;
    });
    return (await shape(actor, [await load(id)]))[0];
  }

  async function questionsOf(q: QuizRow): Promise<QuizQuestionRow[]> {
    const r = await db.select().from(quizQuestions).where(inArray(quizQuestions.id, q.questionIds));
    const byId = new Map(r.map((x) => [x.id, x]));
    return q.questionIds.map((id) => byId.get(id)!).filter(Boolean);
  }

  /** 开始答题: one attempt per person; starting again returns the same attempt and deadline. */
  async function start(actor: AuthUser, id: number) {
    if (!hasRole(actor, 'cadre')) throw new ForbiddenError('只有党员干部参加业务知识测试');
    const q = await load(id);
    if (q.createdBy === actor.id) throw new ForbiddenError('出题人不能参加本人组织的测试', 'OWN_QUIZ');
    const now = clock();
    if (stateOf(q, now) !== 'open') throw new ConflictError('QUIZ_NOT_OPEN', stateOf(q, now) === 'upcoming' ? '测试尚未开始' : '测试已截止');
    const deadline = new Date(Math.min(now.getTime() + q.timeLimitMinutes * 60_000, q.closesAt.getTime()));
    await db.insert(quizAttempts).values({ quizId: id, userId: actor.id, startedAt: now, deadline, total: q.questionIds.length }).onConflictDoNothing();
    const [a] = await db.select().from(quizAttempts).where(and(eq(quizAttempts.quizId, id), eq(quizAttempts.userId, actor.id)));
    if (a.submittedAt) throw new ConflictError('ALREADY_SUBMITTED', '您已提交过本次测试');
    const qs = await questionsOf(q);
    return { quizId: id, startedAt: a.startedAt.toISOString(), deadline: a.deadline.toISOString(), questions: qs.map((x) => ({ id: x.id, kind: x.kind, stem: x.stem, options: x.options })) };
  }

  /** 交卷: graded at once; a pass credits the configured rule item once (source quiz). */
  async function submit(actor: AuthUser, id: number, body: SubmitBodyT, ip?: string): Promise<QuizResultT> {
    const q = await load(id);
    const qs = await questionsOf(q);
    const byId = new Map(qs.map((x) => [String(x.id), x]));
    for (const [k, v] of Object.entries(body.answers)) {
      const x = byId.get(k);
      if (!x) throw fieldError(`answers.${k}`, '不是本次测试的题目');
      if (v.some((i) => i >= x.options.length)) throw fieldError(`answers.${k}`, '选项超出范围');
      if (x.kind !== 'multiple' && v.length > 1) throw fieldError(`answers.${k}`, '单选题、判断题只能选一个答案');
    }
    await db.transaction(async (tx) => {
      const [a] = await tx.select().from(quizAttempts).where(and(eq(quizAttempts.quizId, id), eq(quizAttempts.userId, actor.id)));
      if (!a) throw new ConflictError('QUIZ_NOT_STARTED', '请先开始答题');
      const now = clock();
      if (now.getTime() > a.deadline.getTime() + GRACE_MS) throw new ConflictError('TIME_UP', '答题时间已到，不能再提交');
      const same = (x: number[], y: number[]) => x.length === y.length && [...x].sort().every((v, i) => v === [...y].sort()[i]);
      const correct = qs.filter((x) => same(body.answers[String(x.id)] ?? [], x.answer)).length;
      const score = Math.round((correct / Math.max(1, qs.length)) * 100);
      const passed = score >= q.passMark;
      const [row] = await tx.update(quizAttempts).set({ submittedAt: now, answers: body.answers, correct, score, passed })
        .where(and(eq(quizAttempts.id, a.id), sql`${quizAttempts.submittedAt} is null`)).returning();
      if (!row) throw new ConflictError('ALREADY_SUBMITTED', '您已提交过本次测试');
      if (passed && q.ruleItemId) {
        const claim = await claimsSvc.credit(tx, {
          userId: actor.id, ruleItemId: q.ruleItemId, occurredOn: today(clock), source: 'quiz', sourceRef: quizRef(id), actorId: q.createdBy,
          description: `业务知识测试及格：${q.title}（${score} 分）`,
        });
        if (claim) await tx.update(quizAttempts).set({ claimId: claim.id }).where(eq(quizAttempts.id, a.id));
      }
      await audit(tx, { actorId: actor.id, action: 'quiz.submit', entity: 'quiz_attempt', entityId: a.id, after: { score, passed }, ip });
    });
    return result(actor, id);
  }

  async function result(actor: AuthUser, id: number): Promise<QuizResultT> {
    const q = await load(id);
    const [a] = await db.select().from(quizAttempts).where(and(eq(quizAttempts.quizId, id), eq(quizAttempts.userId, actor.id)));
    if (!a?.submittedAt) throw new NotFoundError('您还没有提交本次测试', 'QUIZ_NO_RESULT');
    const open = clock() <= q.closesAt;
    const qs = open ? [] : await questionsOf(q);
    const answers = a.answers ?? {};
    return {
      quizId: id, score: a.score!, correct: a.correct!, total: a.total, passed: !!a.passed, passMark: q.passMark, credited: a.claimId != null,
      key: open ? null : qs.map((x) => {
        const chosen = answers[String(x.id)] ?? [];
        return { id: x.id, kind: x.kind, stem: x.stem, options: x.options, answer: x.answer, explanation: x.explanation, chosen, correct: chosen.length === x.answer.length && chosen.every((c) => x.answer.includes(c)) };
      }),
    };
  }

  /** Results per test: average, pass rate, hardest questions (for the organizer). */
  async function stats(actor: AuthUser, id: number) {
    assertOrganizer(actor);
    const q = await load(id);
    const qs = await questionsOf(q);
    const atts = await db.select({ a: quizAttempts, name: users.name }).from(quizAttempts).innerJoin(users, eq(users.id, quizAttempts.userId)).where(eq(quizAttempts.quizId, id)).orderBy(desc(quizAttempts.score));
    const done = atts.filter((x) => x.a.submittedAt);
    const rate = (n: number) => Math.round((n / Math.max(1, done.length)) * 1000) / 1000;
    const hardest = qs.map((x) => {
      const ok = done.filter((d) => {
        const c = (d.a.answers ?? {})[String(x.id)] ?? [];
        return c.length === x.answer.length && c.every((v) => x.answer.includes(v));
      }).length;
      return { questionId: x.id, stem: x.stem, correctRate: rate(ok) };
    }).sort((p, r) => p.correctRate - r.correctRate).slice(0, 5);
    return {
      quizId: id, submitted: done.length,
      average: done.length ? Math.round((done.reduce((s, d) => s + (d.a.score ?? 0), 0) / done.length) * 10) / 10 : 0,
      passRate: rate(done.filter((d) => d.a.passed).length),
      people: atts.map((x) => ({ userId: x.a.userId, name: x.name, score: x.a.score, passed: x.a.passed, submittedAt: x.a.submittedAt?.toISOString() ?? null })),
      hardest,
    };
  }

  return { importQuestions, banks, list, create, start, submit, result, stats };
}
