import { Type, type Static } from 'typebox';
import { DateStr, Id, Instant, NullableInstant, PageQuery, Year } from '../../lib/schemas';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const Paragraph = Type.Object({
  lead: Type.Optional(Type.String({ maxLength: 60, description: '段首加粗的小标题，如“顶格推进。”' })),
  text: Type.String({ maxLength: 5000 }),
});
export type ParagraphT = Static<typeof Paragraph>;

export const Distribution = Type.Object({
  bao: Type.String({ maxLength: 1000, description: '报（上级）' }),
  song: Type.String({ maxLength: 1000, description: '送（同级）' }),
  fa: Type.String({ maxLength: 1000, description: '发（下级）' }),
});

export const ItemStatus = Type.Union([
  Type.Literal('submitted'), Type.Literal('returned'), Type.Literal('rejected'), Type.Literal('adopted'), Type.Literal('published'), Type.Literal('withdrawn'),
]);
export type ItemStatusT = Static<typeof ItemStatus>;
export const ItemKind = Type.Union([Type.Literal('original'), Type.Literal('reference')]);

export const Image = Type.Object({ id: Type.Integer(), filename: Type.String(), mime: Type.String(), size: Type.Integer() });

export const Item = Type.Object({
  id: Type.Integer(),
  authorId: Type.Integer(),
  authorName: Type.String(),
  unitId: Nullable(Type.Integer()),
  sectionName: Nullable(Type.String()),
  kind: ItemKind,
  headline: Type.String(),
  paragraphs: Type.Array(Paragraph),
  attribution: Type.String(),
  status: ItemStatus,
  submittedOn: DateStr,
  submittedAt: Instant,
  reviewComment: Nullable(Type.String()),
  reviewedBy: Nullable(Type.Integer()),
  reviewedAt: NullableInstant,
  higherPublication: Nullable(Type.String()),
  higherPublicationOn: Nullable(DateStr),
  /** The issue holding it (a draft or the published one). */
  issueId: Nullable(Type.Integer()),
  issueLabel: Nullable(Type.String()),
  images: Type.Array(Image),
  version: Type.Integer(),
  createdAt: Instant,
});
export type ItemT = Static<typeof Item>;

const Headline = Type.String({ minLength: 1, maxLength: 200 });
const Attribution = Type.String({ minLength: 1, maxLength: 100, description: '署名单位，如“宿松县委组织部”' });
const Paragraphs = Type.Array(Paragraph, { minItems: 1, maxItems: 60 });

export const CreateItemBody = Type.Object({
  headline: Headline,
  paragraphs: Paragraphs,
  attribution: Attribution,
  kind: Type.Optional(ItemKind),
});
export type CreateItemBodyT = Static<typeof CreateItemBody>;
export const UpdateItemBody = Type.Object({
  headline: Type.Optional(Headline),
  paragraphs: Type.Optional(Paragraphs),
  attribution: Type.Optional(Attribution),
});
export type UpdateItemBodyT = Static<typeof UpdateItemBody>;

export const ListItemsQuery = Type.Object({
  status: Type.Optional(ItemStatus),
  authorId: Type.Optional(Id),
  mine: Type.Optional(Type.Boolean()),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(DateStr),
  to: Type.Optional(DateStr),
  available: Type.Optional(Type.Boolean({ description: '只列出已采用、尚未编入任何一期的稿件' })),
  ...PageQuery,
});
export type ListItemsQueryT = Static<typeof ListItemsQuery>;

export const ReviewBody = Type.Object({ comment: Type.Optional(Type.String({ maxLength: 2000 })) });
export const CommentBody = Type.Object({ comment: Type.String({ minLength: 1, maxLength: 2000 }) });
export const HigherBody = Type.Object({
  publication: Type.String({ minLength: 1, maxLength: 200, description: '上级刊物，如“《安徽组工信息》第 12 期”' }),
  on: DateStr,
});

// ── quota ─────────────────────────────────────────────
export const QuotaQuery = Type.Object({ date: Type.Optional(DateStr) });
export const QuotaPerson = Type.Object({
  userId: Type.Integer(), name: Type.String(), sectionName: Nullable(Type.String()),
  perWeek: Type.Integer(), week: Type.Integer(), weekMet: Type.Boolean(),
  month: Type.Integer(), monthWeeks: Type.Integer(), monthWeeksMet: Type.Integer(), monthMet: Type.Boolean(),
  adoptedYear: Type.Integer(),
});
export type QuotaPersonT = Static<typeof QuotaPerson>;
export const Quota = Type.Object({
  date: DateStr,
  week: Type.Object({ from: DateStr, to: DateStr }),
  month: Type.Object({ from: DateStr, to: DateStr }),
  me: Nullable(QuotaPerson),
  people: Type.Array(QuotaPerson),
  metWeek: Type.Integer(),
  metMonth: Type.Integer(),
});
export type QuotaT = Static<typeof Quota>;
export const QuotaSetting = Type.Object({ orgUnitId: Id, perWeek: Type.Integer({ minimum: 0, maximum: 20 }) });
export const QuotaSettings = Type.Object({ items: Type.Array(Type.Object({ orgUnitId: Type.Integer(), name: Type.String(), kind: Type.String(), perWeek: Type.Integer() })) });

// ── titles ────────────────────────────────────────────
export const Title = Type.Object({
  id: Type.Integer(), unitId: Nullable(Type.Integer()), name: Type.String(), office: Type.String(),
  sections: Type.Array(Type.String()), distribution: Distribution,
  startYear: Nullable(Type.Integer()), startNumber: Type.Integer(),
  adoptedRuleCode: Type.String(), publicationRuleCode: Type.String(), active: Type.Boolean(),
  lastNumbers: Type.Array(Type.Object({ year: Type.Integer(), lastNumber: Type.Integer() })),
});
export type TitleT = Static<typeof Title>;
const Sections = Type.Array(Type.String({ minLength: 1, maxLength: 30 }), { minItems: 1, maxItems: 8 });
export const CreateTitleBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 40 }),
  office: Type.String({ minLength: 1, maxLength: 60 }),
  unitId: Type.Optional(Id),
  sections: Type.Optional(Sections),
  distribution: Type.Optional(Distribution),
  startYear: Type.Optional(Year),
  startNumber: Type.Optional(Type.Integer({ minimum: 1, maximum: 9999 })),
  adoptedRuleCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  publicationRuleCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
});
export type CreateTitleBodyT = Static<typeof CreateTitleBody>;
export const UpdateTitleBody = Type.Partial(Type.Object({ ...CreateTitleBody.properties, active: Type.Boolean() }));
export type UpdateTitleBodyT = Static<typeof UpdateTitleBody>;

// ── issues ────────────────────────────────────────────
export const Entry = Type.Object({
  id: Type.Integer(), itemId: Type.Integer(), section: Type.Integer(), position: Type.Integer(), mark: Nullable(Type.String()),
  headline: Type.String(), paragraphs: Type.Array(Paragraph), attribution: Type.String(),
  authorId: Type.Integer(), authorName: Type.String(), kind: ItemKind,
  images: Type.Array(Image),
});
export type EntryT = Static<typeof Entry>;
export const IssueStatus = Type.Union([Type.Literal('draft'), Type.Literal('published')]);
export const IssueSummary = Type.Object({
  id: Type.Integer(), titleId: Type.Integer(), titleName: Type.String(), office: Type.String(), status: IssueStatus,
  kind: Type.Union([Type.Literal('regular'), Type.Literal('erratum')]), correctsIssueId: Nullable(Type.Integer()),
  year: Nullable(Type.Integer()), number: Nullable(Type.Integer()), issueDate: Nullable(DateStr),
  publishedAt: NullableInstant, entryCount: Type.Integer(), headlines: Type.Array(Type.String()), version: Type.Integer(),
});
export type IssueSummaryT = Static<typeof IssueSummary>;
export const Issue = Type.Object({
  ...IssueSummary.properties,
  sections: Type.Array(Type.String()), distribution: Distribution, note: Nullable(Type.String()),
  entries: Type.Array(Entry),
  credits: Type.Array(Type.Object({ itemId: Type.Integer(), userId: Type.Integer(), claimId: Type.Integer(), points: Type.Integer() })),
});
export type IssueT = Static<typeof Issue>;

export const CreateIssueBody = Type.Object({
  titleId: Id,
  kind: Type.Optional(Type.Union([Type.Literal('regular'), Type.Literal('erratum')])),
  correctsIssueId: Type.Optional(Id),
  itemIds: Type.Optional(Type.Array(Id, { maxItems: 50 })),
});
export type CreateIssueBodyT = Static<typeof CreateIssueBody>;
export const UpdateIssueBody = Type.Object({
  version: Type.Integer({ minimum: 1, description: '乐观锁：编辑时读到的版本' }),
  titleName: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  office: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  issueDate: Type.Optional(Nullable(DateStr)),
  sections: Type.Optional(Sections),
  distribution: Type.Optional(Distribution),
  note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  entries: Type.Optional(Type.Array(Type.Object({
    itemId: Id,
    section: Type.Integer({ minimum: 0, maximum: 7 }),
    mark: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    headline: Type.Optional(Headline),
    paragraphs: Type.Optional(Paragraphs),
    attribution: Type.Optional(Attribution),
  }), { maxItems: 50, description: '全部条目，按顺序；未列出的条目移出本期' })),
});
export type UpdateIssueBodyT = Static<typeof UpdateIssueBody>;
export const PublishBody = Type.Object({ issueDate: Type.Optional(DateStr), version: Type.Optional(Type.Integer({ minimum: 1 })) });
export const ListIssuesQuery = Type.Object({
  titleId: Type.Optional(Id),
  status: Type.Optional(IssueStatus),
  year: Type.Optional(Year),
  q: Type.Optional(Type.String({ maxLength: 100, description: '全文：标题、正文、署名' })),
  unit: Type.Optional(Type.String({ maxLength: 100, description: '署名单位（包含）' })),
  from: Type.Optional(DateStr),
  to: Type.Optional(DateStr),
  ...PageQuery,
});
export type ListIssuesQueryT = Static<typeof ListIssuesQuery>;

// ── facts ─────────────────────────────────────────────
export const FactsQuery = Type.Object({ from: Type.Optional(DateStr), to: Type.Optional(DateStr) });
export const Fact = Type.Object({
  key: Type.String(), topic: Type.String(), text: Type.String(), period: Type.Object({ from: DateStr, to: DateStr }), source: Type.String(),
});
export type FactT = Static<typeof Fact>;
export const Facts = Type.Object({ from: DateStr, to: DateStr, items: Type.Array(Fact), unavailable: Type.Array(Type.String()) });
export type FactsT = Static<typeof Facts>;
