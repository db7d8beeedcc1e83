import { existsSync, readFileSync } from 'node:fs';
import { and, asc, desc, eq, gte, ilike, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import {
  bulletinEntries, bulletinImages, bulletinIssues, bulletinItems, bulletinQuotas, bulletinTitles, claims, orgUnits, ruleItems, users,
  type BulletinIssueRow, type BulletinItemRow, type BulletinParagraph, type BulletinTitleRow,
} from '../../../db/schema';
import { rows, type Executor } from '../../../db/client';
import type { AppContext, AuthUser } from '../../lib/context';
import { hasRole } from '../../lib/context';
import { audit } from '../../lib/audit';
import { ConflictError, ForbiddenError, NotFoundError, fieldError } from '../../lib/errors';
import { addDays, isValidDate, monthRange, parts, today, weekOf } from '../../lib/dates';

import { createClaimsService } from '../claims/claims.service';
import { createEvidenceStore, type StoredFile } from '../claims/evidence-store';
import type {
  CreateIssueBodyT, CreateItemBodyT, CreateTitleBodyT, EntryT, IssueSummaryT, IssueT, ItemT, ListIssuesQueryT, ListItemsQueryT,
  ParagraphT, QuotaPersonT, QuotaT, TitleT, UpdateIssueBodyT, UpdateItemBodyT, UpdateTitleBodyT,
} from './bulletin.schemas';

export const ITEM_REF = (id: number) => `bulletin-item:${id}`;
export const PUBLICATION_REF = (id: number) => `bulletin-publication:${id}`;
const DEFAULT_PER_WEEK = 1;

const isEditor = (u: AuthUser) => hasRole(u, 'editor');
/** Who sees everyone's items and quota: the editor, and leaders and admin who oversee the work. */
const seesAll = (u: AuthUser) => hasRole(u, 'editor', 'leader', 'admin');

export function issueLabel(i: { titleName: string; year: number | null; number: number | null }) {
  return i.number ? `${i.titleName} ${i.year} 年第 ${i.number} 期` : `${i.titleName}（草稿）`;
}

/** Trim the text, drop empty paragraphs; a paragraph with neither lead nor text is a 400 naming it. */
function cleanParagraphs(ps: ParagraphT[], field = 'paragraphs'): BulletinParagraph[] {
  const out: BulletinParagraph[] = [];
  ps.forEach((p, i) => {
    const lead = p.lead?.trim() || undefined;
    const text = p.text.trim();
    if (!lead && !text) throw fieldError(`${field}[${i}]`, '段落不能为空');
    out.push(lead ? { lead, text } : { text });
  });
  if (!out.length) throw fieldError(field, '至少需要一个段落');
  return out;
}
function nonBlank(field: string, v: string) {
  const s = v.trim();
  if (!s) throw fieldError(field, '不能为空');
  return s;
}
const likeEscape = (s: string) => `%${s.replace(/[\\%_]/g, (c) => '\\' + c)}%`;

export function createBulletinService(ctx: AppContext) {
  const { db, clock } = ctx;
  const claimsSvc = createClaimsService(ctx);
  const store = createEvidenceStore(ctx.config.evidenceDir);

  // ── items ──────────────────────────────────────────────
  async function toItems(ex: Executor, list: BulletinItemRow[]): Promise<ItemT[]> {
    if (!list.length) return [];
    const ids = list.map((i) => i.id);
    const authorIds = [...new Set(list.map((i) => i.authorId))];
    const people = await ex.select({ id: users.id, name: users.name, section: orgUnits.name }).from(users).leftJoin(orgUnits, eq(orgUnits.id, users.sectionId)).where(inArray(users.id, authorIds));
    const byId = new Map(people.map((p) => [p.id, p]));
    const imgs = await ex.select().from(bulletinImages).where(inArray(bulletinImages.itemId, ids)).orderBy(asc(bulletinImages.id));
    const ents = await ex
      .select({ itemId: bulletinEntries.itemId, issueId: bulletinIssues.id, titleName: bulletinIssues.titleName, year: bulletinIssues.year, number: bulletinIssues.number })
      .from(bulletinEntries).innerJoin(bulletinIssues, eq(bulletinIssues.id, bulletinEntries.issueId)).where(inArray(bulletinEntries.itemId, ids));
    const entBy = new Map(ents.map((e) => [e.itemId, e]));
    return list.map((i) => {
      const e = entBy.get(i.id);
      return {
        id: i.id, authorId: i.authorId, authorName: byId.get(i.authorId)?.name ?? '', unitId: i.unitId, sectionName: byId.get(i.authorId)?.section ?? null,
        kind: i.kind, headline: i.headline, paragraphs: i.paragraphs, attribution: i.attribution, status: i.status,
        submittedOn: i.submittedOn, submittedAt: i.submittedAt.toISOString(), reviewComment: i.reviewComment, reviewedBy: i.reviewedBy,
        reviewedAt: i.reviewedAt?.toISOString() ?? null, higherPublication: i.higherPublication, higherPublicationOn: i.higherPublicationOn,
        issueId: e?.issueId ?? null, issueLabel: e ? issueLabel(e) : null,
        images: imgs.filter((m) => m.itemId === i.id).map((m) => ({ id: m.id, filename: m.filename, mime: m.mime, size: m.size })),
        version: i.version, createdAt: i.createdAt.toISOString(),
      };
    });
  }

  function itemScope(viewer: AuthUser): SQL | undefined {
    return seesAll(viewer) ? undefined : eq(bulletinItems.authorId, viewer.id);
  }

  async function getItem(viewer: AuthUser, id: number, ex: Executor = db): Promise<ItemT> {
    const [row] = await ex.select().from(bulletinItems).where(and(eq(bulletinItems.id, id), itemScope(viewer)));
    if (!row) throw new NotFoundError('信息稿不存在或无权查看', 'ITEM_NOT_FOUND');
    return (await toItems(ex, [row]))[0];
  }

  async function listItems(viewer: AuthUser, q: ListItemsQueryT) {
    const where = and(
      q.mine ? eq(bulletinItems.authorId, viewer.id) : itemScope(viewer),
      q.status ? eq(bulletinItems.status, q.status) : undefined,
      q.authorId ? eq(bulletinItems.authorId, q.authorId) : undefined,
      q.from ? gte(bulletinItems.submittedOn, q.from) : undefined,
      q.to ? lte(bulletinItems.submittedOn, q.to) : undefined,
      q.q ? or(ilike(bulletinItems.headline, likeEscape(q.q)), sql`${bulletinItems.paragraphs}::text ilike ${likeEscape(q.q)}`, ilike(bulletinItems.attribution, likeEscape(q.q))) : undefined,
      q.available ? and(eq(bulletinItems.status, 'adopted'), sql`not exists (select 1 from ${bulletinEntries} e where e.item_id = ${bulletinItems.id})`) : undefined,
    );
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(bulletinItems).where(where);
    const list = await db.select().from(bulletinItems).where(where).orderBy(desc(bulletinItems.submittedAt), desc(bulletinItems.id)).limit(q.limit ?? 50).offset(q.offset ?? 0);
    return { items: await toItems(db, list), total: Number(n) };
  }

  async function createItem(actor: AuthUser, body: CreateItemBodyT, ip?: string): Promise<ItemT> {
    const kind = body.kind ?? 'original';
    if (kind === 'reference' && !isEditor(actor)) throw new ForbiddenError('外地参考稿由信息员摘编录入');
    const headline = nonBlank('headline', body.headline);
    const attribution = nonBlank('attribution', body.attribution);
    const paragraphs = cleanParagraphs(body.paragraphs);
    const now = clock();
    const id = await db.transaction(async (tx) => {
      const [row] = await tx.insert(bulletinItems).values({
        authorId: actor.id, unitId: actor.unitId, branchId: actor.branchId, sectionId: actor.sectionId, kind, headline, paragraphs, attribution,
        status: 'submitted', submittedOn: today(clock), submittedAt: now, createdAt: now, updatedAt: now,
      }).returning();
      await audit(tx, { actorId: actor.id, action: 'bulletin.item.submit', entity: 'bulletin_item', entityId: row.id, after: row, ip });
      return row.id;
    });
    return getItem(actor, id);
  }

  /** The author edits an item waiting for review or returned to them; a returned item goes back to the queue. */
  async function updateItem(actor: AuthUser, id: number, body: UpdateItemBodyT, ip?: string): Promise<ItemT> {
    await db.transaction(async (tx) => {
      const [before] = await tx.select().from(bulletinItems).where(and(eq(bulletinItems.id, id), itemScope(actor)));
      if (!before) throw new NotFoundError('信息稿不存在或无权查看', 'ITEM_NOT_FOUND');
      if (before.authorId !== actor.id) throw new ForbiddenError('只有作者本人可以修改信息稿');
      const patch: Partial<BulletinItemRow> = { status: 'submitted', updatedAt: clock(), submittedAt: clock() };
      if (body.headline !== undefined) patch.headline = nonBlank('headline', body.headline);
      if (body.attribution !== undefined) patch.attribution = nonBlank('attribution', body.attribution);
      if (body.paragraphs !== undefined) patch.paragraphs = cleanParagraphs(body.paragraphs);
      const [after] = await tx.update(bulletinItems).set({ ...patch, version: sql`${bulletinItems.version} + 1` })
        .where(and(eq(bulletinItems.id, id), inArray(bulletinItems.status, ['submitted', 'returned']))).returning();
      if (!after) throw new ConflictError('ITEM_NOT_EDITABLE', '只有待审核或被退回的信息稿可以修改');
      await audit(tx, { actorId: actor.id, action: 'bulletin.item.update', entity: 'bulletin_item', entityId: id, before, after, ip });
    });
    return getItem(actor, id);
  }

  async function withdrawItem(actor: AuthUser, id: number, ip?: string): Promise<ItemT> {
    await db.transaction(async (tx) => {
      const [before] = await tx.select().from(bulletinItems).where(and(eq(bulletinItems.id, id), itemScope(actor)));
      if (!before) throw new NotFoundError('信息稿不存在或无权查看', 'ITEM_NOT_FOUND');
      if (before.authorId !== actor.id) throw new ForbiddenError('只有作者本人可以撤回信息稿');
      const [after] = await tx.update(bulletinItems).set({ status: 'withdrawn', updatedAt: clock(), version: sql`${bulletinItems.version} + 1` })
        .where(and(eq(bulletinItems.id, id), inArray(bulletinItems.status, ['submitted', 'returned']))).returning();
      if (!after) throw new ConflictError('ITEM_NOT_WITHDRAWABLE', '只有待审核或被退回的信息稿可以撤回');
      await audit(tx, { actorId: actor.id, action: 'bulletin.item.withdraw', entity: 'bulletin_item', entityId: id, before, after, ip });
    });
    return getItem(actor, id);
  }

  /** Editor's decision on a submitted item. Adopting one's own original item is refused: it would earn its author points. */
  async function review(actor: AuthUser, id: number, decision: 'adopted' | 'returned' | 'rejected', comment: string | undefined, ip?: string): Promise<ItemT> {
    if ((decision === 'returned' || decision === 'rejected') && !comment?.trim()) throw fieldError('comment', decision === 'returned' ? '退回修改须写明意见' : '不予采用须说明理由');
    await db.transaction(async (tx) => {
      const [before] = await tx.select().from(bulletinItems).where(eq(bulletinItems.id, id));
      if (!before) throw new NotFoundError('信息稿不存在', 'ITEM_NOT_FOUND');
      if (before.authorId === actor.id && before.kind === 'original') throw new ForbiddenError('不能审核本人撰写的信息稿', 'SELF_REVIEW');
      const now = clock();
      const [after] = await tx.update(bulletinItems)
        .set({ status: decision, reviewComment: comment?.trim() || null, reviewedBy: actor.id, reviewedAt: now, updatedAt: now, version: sql`${bulletinItems.version} + 1` })
        .where(and(eq(bulletinItems.id, id), eq(bulletinItems.status, 'submitted'))).returning();
      if (!after) throw new ConflictError('ITEM_NOT_SUBMITTED', '该信息稿不在待审核状态（可能已被处理）');
      await audit(tx, { actorId: actor.id, action: `bulletin.item.${decision}`, entity: 'bulletin_item', entityId: id, before, after, ip });
    });
    return getItem(actor, id);
  }

  /** Taken up by a higher-level publication: recorded once, and credits the author with the reward item once. */
  async function markHigher(actor: AuthUser, id: number, body: { publication: string; on: string }, ip?: string): Promise<ItemT> {
    if (!isValidDate(body.on)) throw fieldError('on', '不是有效的日期（YYYY-MM-DD）');
    if (body.on > today(clock)) throw fieldError('on', '不能是将来的日期');
    const publication = nonBlank('publication', body.publication);
    await db.transaction(async (tx) => {
      const [before] = await tx.select().from(bulletinItems).where(eq(bulletinItems.id, id));
      if (!before) throw new NotFoundError('信息稿不存在', 'ITEM_NOT_FOUND');
      if (before.kind !== 'original') throw new ConflictError('ITEM_IS_REFERENCE', '外地参考稿不计作者积分');
      const [after] = await tx.update(bulletinItems)
        .set({ higherPublication: publication, higherPublicationOn: body.on, updatedAt: clock(), version: sql`${bulletinItems.version} + 1` })
        .where(and(eq(bulletinItems.id, id), inArray(bulletinItems.status, ['adopted', 'published']), isNull(bulletinItems.higherPublication))).returning();
      if (!after) {
        throw before.higherPublication
          ? new ConflictError('ALREADY_MARKED', `该信息稿已标记为被${before.higherPublication}采用`)
          : new ConflictError('ITEM_NOT_ADOPTED', '只有已采用的信息稿可以标记为上级刊物采用');
      }
      const title = await titleOfItem(tx, id);
      const code = title?.publicationRuleCode ?? 'publication';
      const ruleItemId = await ruleItemFor(tx, code, parts(body.on).year);
      if (ruleItemId) {
        await claimsSvc.credit(tx, {
          userId: before.authorId, ruleItemId, occurredOn: body.on, description: `信息《${before.headline}》被${publication}采用`,
          source: 'bulletin', sourceRef: PUBLICATION_REF(id), actorId: actor.id,
        });
      }
      await audit(tx, { actorId: actor.id, action: 'bulletin.item.higher', entity: 'bulletin_item', entityId: id, before, after, ip });
    });
    return getItem(actor, id);
  }

  async function titleOfItem(ex: Executor, itemId: number): Promise<BulletinTitleRow | null> {
    const [r] = await ex.select({ t: bulletinTitles }).from(bulletinEntries)
      .innerJoin(bulletinIssues, eq(bulletinIssues.id, bulletinEntries.issueId))
      .innerJoin(bulletinTitles, eq(bulletinTitles.id, bulletinIssues.titleId))
      .where(eq(bulletinEntries.itemId, itemId));
    return r?.t ?? null;
  }

  async function ruleItemFor(ex: Executor, code: string, year: number): Promise<number | null> {
    const [r] = await ex.select({ id: ruleItems.id }).from(ruleItems).where(and(eq(ruleItems.code, code), eq(ruleItems.year, year), eq(ruleItems.active, true)));
    return r?.id ?? null;
  }

  async function addImage(actor: AuthUser, itemId: number, file: { file: NodeJS.ReadableStream & { truncated?: boolean }; filename: string }, ip?: string) {
    const [item] = await db.select().from(bulletinItems).where(and(eq(bulletinItems.id, itemId), itemScope(actor)));
    if (!item) throw new NotFoundError('信息稿不存在或无权查看', 'ITEM_NOT_FOUND');
    if (item.authorId !== actor.id && !isEditor(actor)) throw new ForbiddenError('只有作者和信息员可以添加图片');
    if (item.status === 'published' || item.status === 'withdrawn') throw new ConflictError('ITEM_LOCKED', '已刊发或已撤回的信息稿不能再添加图片');
    const saved: StoredFile = await store.save(file.file as never, file.filename);
    if (!saved.mime.startsWith('image/')) throw fieldError('file', '只接受图片（JPG/PNG/GIF/WEBP）');
    return db.transaction(async (tx) => {
      const [row] = await tx.insert(bulletinImages).values({ itemId, filename: saved.filename, mime: saved.mime, size: saved.size, sha256: saved.sha256, uploadedBy: actor.id }).returning();
      await audit(tx, { actorId: actor.id, action: 'bulletin.image.add', entity: 'bulletin_item', entityId: itemId, after: row, ip });
      return { id: row.id, filename: row.filename, mime: row.mime, size: row.size };
    });
  }

  async function openImage(viewer: AuthUser, id: number) {
    const [r] = await db.select({ img: bulletinImages, item: bulletinItems }).from(bulletinImages).innerJoin(bulletinItems, eq(bulletinItems.id, bulletinImages.itemId)).where(eq(bulletinImages.id, id));
    // Published items are public to the department; others to their author and the editors.
    if (!r || (r.item.status !== 'published' && !seesAll(viewer) && r.item.authorId !== viewer.id)) throw new NotFoundError('图片不存在', 'IMAGE_NOT_FOUND');
    const f = store.open(r.img.sha256);
    if (!f) throw new NotFoundError('图片文件缺失', 'IMAGE_NOT_FOUND');
    return { row: r.img, ...f };
  }

  /** The image files of these items, for the Word export. */
  async function imageFiles(itemIds: number[]) {
    if (!itemIds.length) return {};
    const list = await db.select().from(bulletinImages).where(inArray(bulletinImages.itemId, itemIds)).orderBy(asc(bulletinImages.id));
    const out: Record<number, Array<{ data: Buffer; mime: string }>> = {};
    for (const r of list) {
      const p = store.pathOf(r.sha256);
      if (!existsSync(p)) continue;
      (out[r.itemId] ??= []).push({ data: readFileSync(p), mime: r.mime });
    }
    return out;
  }

  // ── quota ──────────────────────────────────────────────
  /** The ISO weeks (Monday–Sunday) that belong to a month: those whose Thursday falls in it. */
  function weeksOfMonth(year: number, month: number): Array<{ from: string; to: string }> {
    const { from, to } = monthRange(year, month);
    const out: Array<{ from: string; to: string }> = [];
    let w = weekOf(from);
    while (w.from <= to) {
      const thu = addDays(w.from, 3);
      if (thu >= from && thu <= to) out.push(w);
      w = weekOf(addDays(w.from, 7));
    }
    return out;
  }

  async function quota(viewer: AuthUser, dateQ?: string): Promise<QuotaT> {
    const date = dateQ ?? today(clock);
    if (!isValidDate(date)) throw fieldError('date', '不是有效的日期（YYYY-MM-DD）');
    const week = weekOf(date);
    const thu = parts(addDays(week.from, 3));
    // A month is counted in whole weeks: the weeks whose Thursday falls in it, up to this one.
    const allWeeks = weeksOfMonth(thu.year, thu.month);
    const weeks = allWeeks.filter((w) => w.from <= date);
    const month = { from: allWeeks[0].from, to: week.to };
    const everyone = seesAll(viewer);
    const people = await db.select({ id: users.id, name: users.name, sectionId: users.sectionId, branchId: users.branchId, unitId: users.unitId, section: orgUnits.name })
      .from(users).leftJoin(orgUnits, eq(orgUnits.id, users.sectionId))
      .where(and(eq(users.active, true), sql`'cadre' = any(${users.roles})`, everyone ? undefined : eq(users.id, viewer.id)))
      .orderBy(asc(users.sectionId), asc(users.id));
    const ids = people.map((p) => p.id);
    const settings = new Map((await db.select().from(bulletinQuotas)).map((q) => [q.orgUnitId, q.perWeek]));
    const lo = month.from;
    const hi = week.to;
    const counts = ids.length
      ? await db.select({ authorId: bulletinItems.authorId, on: bulletinItems.submittedOn }).from(bulletinItems)
        // Own writing counts; excerpts of other places' experience (reference) do not.
        .where(and(inArray(bulletinItems.authorId, ids), eq(bulletinItems.kind, 'original'), sql`${bulletinItems.status} <> 'withdrawn'`, gte(bulletinItems.submittedOn, lo), lte(bulletinItems.submittedOn, hi)))
      : [];
    const yearAdopted = ids.length
      ? await db.select({ authorId: bulletinItems.authorId, n: sql<number>`count(*)::int` }).from(bulletinItems)
        .where(and(inArray(bulletinItems.authorId, ids), eq(bulletinItems.kind, 'original'), eq(bulletinItems.status, 'published'), gte(bulletinItems.submittedOn, `${parts(date).year}-01-01`)))
        .groupBy(bulletinItems.authorId)
      : [];
    const adoptedBy = new Map(yearAdopted.map((r) => [r.authorId, Number(r.n)]));
    const byAuthor = new Map<number, string[]>();
    for (const c of counts) byAuthor.set(c.authorId, [...(byAuthor.get(c.authorId) ?? []), c.on]);
    const list: QuotaPersonT[] = people.map((p) => {
      const perWeek = [p.sectionId, p.branchId, p.unitId].map((u) => (u == null ? undefined : settings.get(u))).find((v) => v !== undefined) ?? DEFAULT_PER_WEEK;
      const days = byAuthor.get(p.id) ?? [];
      const inRange = (r: { from: string; to: string }) => days.filter((d) => d >= r.from && d <= r.to).length;
      const weekN = inRange(week);
      const metWeeks = weeks.filter((w) => inRange(w) >= perWeek).length;
      return {
        userId: p.id, name: p.name, sectionName: p.section ?? null, perWeek, week: weekN, weekMet: weekN >= perWeek,
        month: inRange(month), monthWeeks: weeks.length, monthWeeksMet: metWeeks, monthMet: metWeeks >= weeks.length,
        adoptedYear: adoptedBy.get(p.id) ?? 0,
      };
    });
    const me = list.find((p) => p.userId === viewer.id) ?? null;
    return {
      date, week, month: { from: allWeeks[0].from, to: allWeeks.at(-1)!.to }, me,
      people: everyone ? list : [], metWeek: list.filter((p) => p.weekMet).length, metMonth: list.filter((p) => p.monthMet).length,
    };
  }

  async function quotaSettings() {
    const r = await db.select({ orgUnitId: orgUnits.id, name: orgUnits.name, kind: orgUnits.kind, perWeek: bulletinQuotas.perWeek })
      .from(orgUnits).leftJoin(bulletinQuotas, eq(bulletinQuotas.orgUnitId, orgUnits.id))
      .where(and(inArray(orgUnits.kind, ['unit', 'branch', 'section']), eq(orgUnits.active, true))).orderBy(asc(orgUnits.sortOrder), asc(orgUnits.id));
    return { items: r.map((x) => ({ ...x, perWeek: x.perWeek ?? -1 })) };
  }

  async function setQuota(actor: AuthUser, body: { orgUnitId: number; perWeek: number }, ip?: string) {
    await db.transaction(async (tx) => {
      const [u] = await tx.select().from(orgUnits).where(eq(orgUnits.id, body.orgUnitId));
      if (!u || u.kind === 'group') throw fieldError('orgUnitId', '单位、党支部或科室不存在');
      await tx.insert(bulletinQuotas).values({ orgUnitId: body.orgUnitId, perWeek: body.perWeek })
        .onConflictDoUpdate({ target: bulletinQuotas.orgUnitId, set: { perWeek: body.perWeek, updatedAt: clock() } });
      await audit(tx, { actorId: actor.id, action: 'bulletin.quota.set', entity: 'org_unit', entityId: body.orgUnitId, after: body, ip });
    });
    return quotaSettings();
  }

  // ── titles ─────────────────────────────────────────────
  async function toTitle(ex: Executor, t: BulletinTitleRow): Promise<TitleT> {
    const counters = await rows<{ year: number; last_number: number }>(ex, sql`select year, last_number from bulletin_counters where title_id = ${t.id} order by year desc`);
    return {
      id: t.id, unitId: t.unitId, name: t.name, office: t.office, sections: t.sections, distribution: t.distribution, startYear: t.startYear,
      startNumber: t.startNumber, adoptedRuleCode: t.adoptedRuleCode, publicationRuleCode: t.publicationRuleCode, active: t.active,
      lastNumbers: counters.map((c) => ({ year: Number(c.year), lastNumber: Number(c.last_number) })),
    };
  }
  async function listTitles() {
    const list = await db.select().from(bulletinTitles).orderBy(desc(bulletinTitles.active), asc(bulletinTitles.id));
    return { items: await Promise.all(list.map((t) => toTitle(db, t))), total: list.length };
  }
  async function getTitleRow(ex: Executor, id: number) {
    const [t] = await ex.select().from(bulletinTitles).where(eq(bulletinTitles.id, id));
    if (!t) throw new NotFoundError('刊物不存在', 'TITLE_NOT_FOUND');
    return t;
  }
  async function createTitle(actor: AuthUser, body: CreateTitleBodyT, ip?: string): Promise<TitleT> {
    const name = nonBlank('name', body.name);
    const office = nonBlank('office', body.office);
    const sections = body.sections?.map((s, i) => nonBlank(`sections[${i}]`, s.replace(/^★\s*/, '')));
    const row = await db.transaction(async (tx) => {
      const unitId = body.unitId ?? actor.unitId;
      const [dup] = await tx.select({ id: bulletinTitles.id }).from(bulletinTitles).where(and(eq(bulletinTitles.name, name), unitId == null ? isNull(bulletinTitles.unitId) : eq(bulletinTitles.unitId, unitId)));
      if (dup) throw new ConflictError('TITLE_EXISTS', `本单位已有刊物“${name}”`);
      const [r] = await tx.insert(bulletinTitles).values({
        unitId, name, office, ...(sections ? { sections } : {}), ...(body.distribution ? { distribution: body.distribution } : {}),
        startYear: body.startYear ?? null, startNumber: body.startNumber ?? 1,
        adoptedRuleCode: body.adoptedRuleCode ?? 'info_adopted', publicationRuleCode: body.publicationRuleCode ?? 'publication', createdBy: actor.id,
      }).returning();
      await audit(tx, { actorId: actor.id, action: 'bulletin.title.create', entity: 'bulletin_title', entityId: r.id, after: r, ip });
      return r;
    });
    return toTitle(db, row);
  }
  async function updateTitle(actor: AuthUser, id: number, body: UpdateTitleBodyT, ip?: string): Promise<TitleT> {
    const row = await db.transaction(async (tx) => {
      const before = await getTitleRow(tx, id);
      const patch: Partial<BulletinTitleRow> = { updatedAt: clock() };
      if (body.name !== undefined) patch.name = nonBlank('name', body.name);
      if (body.office !== undefined) patch.office = nonBlank('office', body.office);
      if (body.sections !== undefined) patch.sections = body.sections.map((s, i) => nonBlank(`sections[${i}]`, s.replace(/^★\s*/, '')));
      if (body.distribution !== undefined) patch.distribution = body.distribution;
      if (body.startYear !== undefined) patch.startYear = body.startYear;
      if (body.startNumber !== undefined) patch.startNumber = body.startNumber;
      if (body.adoptedRuleCode !== undefined) patch.adoptedRuleCode = body.adoptedRuleCode;
      if (body.publicationRuleCode !== undefined) patch.publicationRuleCode = body.publicationRuleCode;
      if (body.active !== undefined) patch.active = body.active;
      const [after] = await tx.update(bulletinTitles).set(patch).where(eq(bulletinTitles.id, id)).returning();
      await audit(tx, { actorId: actor.id, action: 'bulletin.title.update', entity: 'bulletin_title', entityId: id, before, after, ip });
      return after;
    });
    return toTitle(db, row);
  }

  // ── issues ─────────────────────────────────────────────
  async function entriesOf(ex: Executor, issueIds: number[]) {
    if (!issueIds.length) return [];
    return ex.select({ e: bulletinEntries, authorId: bulletinItems.authorId, authorName: users.name, kind: bulletinItems.kind })
      .from(bulletinEntries).innerJoin(bulletinItems, eq(bulletinItems.id, bulletinEntries.itemId)).innerJoin(users, eq(users.id, bulletinItems.authorId))
      .where(inArray(bulletinEntries.issueId, issueIds)).orderBy(asc(bulletinEntries.section), asc(bulletinEntries.position), asc(bulletinEntries.id));
  }
  const toEntry = (r: Awaited<ReturnType<typeof entriesOf>>[number]): EntryT => ({
    id: r.e.id, itemId: r.e.itemId, section: r.e.section, position: r.e.position, mark: r.e.mark, headline: r.e.headline, paragraphs: r.e.paragraphs,
    attribution: r.e.attribution, authorId: r.authorId, authorName: r.authorName, kind: r.kind, images: [],
  });
  function toSummary(i: BulletinIssueRow, ents: EntryT[]): IssueSummaryT {
    return {
      id: i.id, titleId: i.titleId, titleName: i.titleName, office: i.office, status: i.status, kind: i.kind, correctsIssueId: i.correctsIssueId,
      year: i.year, number: i.number, issueDate: i.issueDate, publishedAt: i.publishedAt?.toISOString() ?? null, entryCount: ents.length,
      headlines: ents.map((e) => e.headline), version: i.version,
    };
  }

  async function getIssue(viewer: AuthUser, id: number, ex: Executor = db): Promise<IssueT> {
    const [i] = await ex.select().from(bulletinIssues).where(eq(bulletinIssues.id, id));
    if (!i || (i.status === 'draft' && !isEditor(viewer))) throw new NotFoundError('期刊不存在或尚未刊发', 'ISSUE_NOT_FOUND');
    const ents = (await entriesOf(ex, [id])).map(toEntry);
    if (ents.length) {
      const imgs = await ex.select().from(bulletinImages).where(inArray(bulletinImages.itemId, ents.map((e) => e.itemId))).orderBy(asc(bulletinImages.id));
      for (const e of ents) e.images = imgs.filter((m) => m.itemId === e.itemId).map((m) => ({ id: m.id, filename: m.filename, mime: m.mime, size: m.size }));
    }
    const refs = ents.map((e) => ITEM_REF(e.itemId));
    const credits = refs.length
      ? await ex.select({ sourceRef: claims.sourceRef, userId: claims.userId, id: claims.id, points: claims.recordedPoints }).from(claims)
        .where(and(eq(claims.source, 'bulletin'), inArray(claims.sourceRef, refs), inArray(claims.status, ['recorded', 'approved'])))
      : [];
    return {
      ...toSummary(i, ents), sections: i.sections, distribution: i.distribution, note: i.note, entries: ents,
      credits: credits.map((c) => ({ itemId: Number(c.sourceRef!.split(':')[1]), userId: c.userId, claimId: c.id, points: c.points ?? 0 })),
    };
  }

  async function listIssues(viewer: AuthUser, q: ListIssuesQueryT) {
    const editor = isEditor(viewer);
    if (q.status === 'draft' && !editor) return { items: [], total: 0 };
    const entryMatch = (cond: SQL) => sql`exists (select 1 from ${bulletinEntries} e where e.issue_id = ${bulletinIssues.id} and ${cond})`;
    const where = and(
      editor ? (q.status ? eq(bulletinIssues.status, q.status) : undefined) : eq(bulletinIssues.status, 'published'),
      q.titleId ? eq(bulletinIssues.titleId, q.titleId) : undefined,
      q.year ? eq(bulletinIssues.year, q.year) : undefined,
      q.from ? gte(bulletinIssues.issueDate, q.from) : undefined,
      q.to ? lte(bulletinIssues.issueDate, q.to) : undefined,
      q.q ? entryMatch(sql`(e.headline ilike ${likeEscape(q.q)} or e.paragraphs::text ilike ${likeEscape(q.q)} or e.attribution ilike ${likeEscape(q.q)})`) : undefined,
      q.unit ? entryMatch(sql`e.attribution ilike ${likeEscape(q.unit)}`) : undefined,
    );
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(bulletinIssues).where(where);
    const list = await db.select().from(bulletinIssues).where(where)
      .orderBy(sql`${bulletinIssues.status} = 'published'`, desc(bulletinIssues.issueDate), desc(bulletinIssues.number), desc(bulletinIssues.id))
      .limit(q.limit ?? 50).offset(q.offset ?? 0);
    const ents = await entriesOf(db, list.map((i) => i.id));
    return { items: list.map((i) => toSummary(i, ents.filter((e) => e.e.issueId === i.id).map(toEntry))), total: Number(n) };
  }

  /** Items the issue may take: adopted and in no other issue (or already in this one). */
  async function checkItems(tx: Executor, issueId: number | null, itemIds: number[]) {
    if (new Set(itemIds).size !== itemIds.length) throw fieldError('entries', '同一篇信息稿不能重复编入');
    if (!itemIds.length) return new Map<number, BulletinItemRow>();
    const found = await tx.select({ i: bulletinItems, inIssue: bulletinEntries.issueId }).from(bulletinItems)
      .leftJoin(bulletinEntries, eq(bulletinEntries.itemId, bulletinItems.id)).where(inArray(bulletinItems.id, itemIds));
    const by = new Map(found.map((f) => [f.i.id, f]));
    itemIds.forEach((id, k) => {
      const f = by.get(id);
      if (!f) throw fieldError(`entries[${k}].itemId`, `信息稿 ${id} 不存在`);
      if (f.inIssue != null && f.inIssue !== issueId) throw new ConflictError('ITEM_IN_OTHER_ISSUE', `信息稿“${f.i.headline}”已编入另一期`);
      if (f.i.status !== 'adopted') throw new ConflictError('ITEM_NOT_ADOPTED', `信息稿“${f.i.headline}”尚未采用，不能编入`);
    });
    return new Map(found.map((f) => [f.i.id, f.i]));
  }

  async function createIssue(actor: AuthUser, body: CreateIssueBodyT, ip?: string): Promise<IssueT> {
    const id = await db.transaction(async (tx) => {
      const t = await getTitleRow(tx, body.titleId).catch(() => { throw fieldError('titleId', '刊物不存在'); });
      if (!t.active) throw fieldError('titleId', '该刊物已停用');
      if (body.kind === 'erratum') {
        if (!body.correctsIssueId) throw fieldError('correctsIssueId', '更正须指明被更正的一期');
        const [c] = await tx.select().from(bulletinIssues).where(eq(bulletinIssues.id, body.correctsIssueId));
        if (!c || c.status !== 'published') throw fieldError('correctsIssueId', '被更正的一期不存在或尚未刊发');
      }
      const itemIds = body.itemIds ?? [];
      const items = await checkItems(tx, null, itemIds);
      const [issue] = await tx.insert(bulletinIssues).values({
        titleId: t.id, kind: body.kind ?? 'regular', correctsIssueId: body.kind === 'erratum' ? body.correctsIssueId! : null,
        titleName: t.name, office: t.office, sections: t.sections, distribution: t.distribution, createdBy: actor.id,
      }).returning();
      if (itemIds.length) {
        await tx.insert(bulletinEntries).values(itemIds.map((itemId, k) => {
          const it = items.get(itemId)!;
          return { issueId: issue.id, itemId, section: it.kind === 'reference' && t.sections.length > 1 ? 1 : 0, position: k, headline: it.headline, paragraphs: it.paragraphs, attribution: it.attribution };
        }));
      }
      await audit(tx, { actorId: actor.id, action: 'bulletin.issue.create', entity: 'bulletin_issue', entityId: issue.id, after: { issue, itemIds }, ip });
      return issue.id;
    });
    return getIssue(actor, id);
  }

  async function lockDraft(tx: Executor, id: number, version?: number) {
    const r = await rows<{ id: number; status: string; version: number }>(tx, sql`select id, status, version from bulletin_issues where id = ${id} for update`);
    if (!r.length) throw new NotFoundError('期刊不存在', 'ISSUE_NOT_FOUND');
    if (r[0].status !== 'draft') throw new ConflictError('ISSUE_PUBLISHED', '该期已刊发，不能再修改；如需更正请编发更正或新一期');
    if (version !== undefined && Number(r[0].version) !== version) throw new ConflictError('ISSUE_VERSION', '该期已被他人修改，请刷新后再编辑');
    const [row] = await tx.select().from(bulletinIssues).where(eq(bulletinIssues.id, id));
    return row;
  }

  async function updateIssue(actor: AuthUser, id: number, body: UpdateIssueBodyT, ip?: string): Promise<IssueT> {
    await db.transaction(async (tx) => {
      const before = await lockDraft(tx, id, body.version);
      const patch: Partial<BulletinIssueRow> = { updatedAt: clock() };
      if (body.titleName !== undefined) patch.titleName = nonBlank('titleName', body.titleName);
      if (body.office !== undefined) patch.office = nonBlank('office', body.office);
      if (body.issueDate !== undefined) {
        if (body.issueDate !== null && !isValidDate(body.issueDate)) throw fieldError('issueDate', '不是有效的日期（YYYY-MM-DD）');
        patch.issueDate = body.issueDate;
      }
      if (body.sections !== undefined) patch.sections = body.sections.map((s, i) => nonBlank(`sections[${i}]`, s.replace(/^★\s*/, '')));
      if (body.distribution !== undefined) patch.distribution = body.distribution;
      if (body.note !== undefined) patch.note = body.note;
      const sections = patch.sections ?? before.sections;
      if (body.entries) {
        body.entries.forEach((e, k) => {
          if (e.section >= sections.length) throw fieldError(`entries[${k}].section`, `栏目序号超出范围（共 ${sections.length} 个栏目）`);
        });
        const items = await checkItems(tx, id, body.entries.map((e) => e.itemId));
        const old = new Map((await tx.select().from(bulletinEntries).where(eq(bulletinEntries.issueId, id))).map((e) => [e.itemId, e]));
        await tx.delete(bulletinEntries).where(eq(bulletinEntries.issueId, id));
        const counters = new Map<number, number>();
        if (body.entries.length) {
          await tx.insert(bulletinEntries).values(body.entries.map((e, k) => {
            const prev = old.get(e.itemId);
            const it = items.get(e.itemId)!;
            const pos = counters.get(e.section) ?? 0;
            counters.set(e.section, pos + 1);
            return {
              issueId: id, itemId: e.itemId, section: e.section, position: pos,
              mark: e.mark === undefined ? (prev?.mark ?? null) : (e.mark?.trim() || null),
              headline: e.headline !== undefined ? nonBlank(`entries[${k}].headline`, e.headline) : (prev?.headline ?? it.headline),
              paragraphs: e.paragraphs !== undefined ? cleanParagraphs(e.paragraphs, `entries[${k}].paragraphs`) : (prev?.paragraphs ?? it.paragraphs),
              attribution: e.attribution !== undefined ? nonBlank(`entries[${k}].attribution`, e.attribution) : (prev?.attribution ?? it.attribution),
            };
          }));
        }
      } else if (body.sections) {
        const [{ max }] = await rows<{ max: number | null }>(tx, sql`select max(section) as max from bulletin_entries where issue_id = ${id}`);
        if (max != null && Number(max) >= sections.length) throw fieldError('sections', '仍有条目在被删除的栏目中，请先移动这些条目');
      }
      const [after] = await tx.update(bulletinIssues).set({ ...patch, version: sql`${bulletinIssues.version} + 1` }).where(eq(bulletinIssues.id, id)).returning();
      await audit(tx, { actorId: actor.id, action: 'bulletin.issue.update', entity: 'bulletin_issue', entityId: id, before, after: { ...after, entries: body.entries }, ip });
    });
    return getIssue(actor, id);
  }

  async function deleteIssue(actor: AuthUser, id: number, ip?: string) {
    await db.transaction(async (tx) => {
      const before = await lockDraft(tx, id);
      await tx.delete(bulletinEntries).where(eq(bulletinEntries.issueId, id));
      await tx.delete(bulletinIssues).where(eq(bulletinIssues.id, id));
      await audit(tx, { actorId: actor.id, action: 'bulletin.issue.delete', entity: 'bulletin_issue', entityId: id, before, ip });
    });
    return { ok: true };
  }

  /**
   * Publication: the number comes from the title's counter row for the year, bumped in this transaction
   * (INSERT … ON CONFLICT DO UPDATE takes the row lock), so two editors publishing at once get consecutive
   * numbers and a rolled-back publication gives its number to the next one. Then the issue is frozen, its
   * items marked published, and each original item's author credited once.
   */
  async function publish(actor: AuthUser, id: number, body: { issueDate?: string; version?: number }, ip?: string): Promise<IssueT> {
    const now = clock();
    const todayStr = today(clock);
    await db.transaction(async (tx) => {
      const before = await lockDraft(tx, id, body.version);
      const issueDate = body.issueDate ?? before.issueDate ?? todayStr;
      if (!isValidDate(issueDate)) throw fieldError('issueDate', '不是有效的日期（YYYY-MM-DD）');
      if (issueDate > todayStr) throw fieldError('issueDate', '刊发日期不能是将来的日期');
      const ents = await entriesOf(tx, [id]);
      if (!ents.length) throw new ConflictError('ISSUE_EMPTY', '本期还没有编入任何信息，不能刊发');
      const t = await getTitleRow(tx, before.titleId);
      const year = parts(issueDate).year;
      const start = t.startYear === year ? t.startNumber : 1;
      const [{ last_number: n }] = await rows<{ last_number: number }>(tx, sql`
        insert into bulletin_counters (title_id, year, last_number) values (${t.id}, ${year}, ${start})
        on conflict (title_id, year) do update set last_number = bulletin_counters.last_number + 1, updated_at = now()
        returning last_number`);
      const number = Number(n);
      const [after] = await tx.update(bulletinIssues)
        .set({ status: 'published', year, number, issueDate, publishedAt: now, publishedBy: actor.id, updatedAt: now, version: sql`${bulletinIssues.version} + 1` })
        .where(and(eq(bulletinIssues.id, id), eq(bulletinIssues.status, 'draft'))).returning();
      if (!after) throw new ConflictError('ISSUE_PUBLISHED', '该期已刊发');
      await tx.update(bulletinItems).set({ status: 'published', updatedAt: now }).where(inArray(bulletinItems.id, ents.map((e) => e.e.itemId)));
      const ruleItemId = await ruleItemFor(tx, t.adoptedRuleCode, year);
      if (ruleItemId) {
        for (const e of ents) {
          if (e.kind !== 'original') continue;
          await claimsSvc.credit(tx, {
            userId: e.authorId, ruleItemId, occurredOn: issueDate, description: `信息《${e.e.headline}》被《${after.titleName}》${year} 年第 ${number} 期采用`,
            source: 'bulletin', sourceRef: ITEM_REF(e.e.itemId), actorId: actor.id,
          });
        }
      }
      await audit(tx, { actorId: actor.id, action: 'bulletin.issue.publish', entity: 'bulletin_issue', entityId: id, before, after, ip });
    });
    return getIssue(actor, id);
  }

  return {
    listItems, getItem, createItem, updateItem, withdrawItem, review, markHigher, addImage, openImage, imageFiles,
    quota, quotaSettings, setQuota, listTitles, createTitle, updateTitle,
    listIssues, getIssue, createIssue, updateIssue, deleteIssue, publish,
  };
}
export type BulletinService = ReturnType<typeof createBulletinService>;
