import { Type, type Static } from 'typebox';
import { DateStr, Id, Instant, Month, NullableInstant, Quarter, Year } from '../../lib/schemas';

export const PublicationLine = Type.Object({
  userId: Type.Integer(), name: Type.String(), sectionName: Type.Union([Type.String(), Type.Null()]), monthPoints: Type.Integer(), yearTotal: Type.Integer(),
});
export const PublicationClaim = Type.Object({
  claimId: Type.Integer(), userId: Type.Integer(), userName: Type.String(), ruleItemName: Type.String(), block: Type.String(),
  occurredOn: DateStr, points: Type.Integer(), description: Type.String(),
});
export const Objection = Type.Object({
  id: Type.Integer(), publicationId: Type.Integer(), claimId: Type.Integer(), branchId: Type.Integer(),
  objectorId: Type.Integer(), objectorName: Type.String(), claimantId: Type.Integer(), claimantName: Type.String(), ruleItemName: Type.String(),
  reason: Type.String(), status: Type.Union([Type.Literal('open'), Type.Literal('upheld'), Type.Literal('dismissed')]),
  ruledBy: Type.Union([Type.Integer(), Type.Null()]), ruledByName: Type.Union([Type.String(), Type.Null()]), ruledAt: NullableInstant,
  upheld: Type.Union([Type.Boolean(), Type.Null()]), note: Type.Union([Type.String(), Type.Null()]), createdAt: Instant,
  year: Type.Integer(), month: Type.Integer(),
});
export type ObjectionT = Static<typeof Objection>;

export const PublicationSummary = Type.Object({
  id: Type.Integer(), branchId: Type.Integer(), branchName: Type.String(), year: Type.Integer(), month: Type.Integer(),
  kind: Type.Union([Type.Literal('regular'), Type.Literal('supplementary')]),
  publishedAt: Instant, closesAt: Instant, open: Type.Boolean(), publishedBy: Type.Integer(), publishedByName: Type.String(),
  lineCount: Type.Integer(), claimCount: Type.Integer(), openObjections: Type.Integer(),
});
export type PublicationSummaryT = Static<typeof PublicationSummary>;

export const Publication = Type.Object({
  ...PublicationSummary.properties,
  lines: Type.Array(PublicationLine),
  claims: Type.Array(PublicationClaim),
  objections: Type.Array(Objection),
});
export type PublicationT = Static<typeof Publication>;

export const PublishBody = Type.Object({ branchId: Id, year: Year, month: Month, closesAt: Type.Optional(Instant) });
export type PublishBodyT = Static<typeof PublishBody>;
export const SupplementBody = Type.Object({ closesAt: Type.Optional(Instant) });
export const PreviewQuery = Type.Object({ branchId: Id, year: Year, month: Month });
export const Preview = Type.Object({
  branchId: Type.Integer(), year: Type.Integer(), month: Type.Integer(), published: Type.Boolean(), closesAt: Instant,
  lines: Type.Array(PublicationLine), claims: Type.Array(PublicationClaim), lateClaims: Type.Array(PublicationClaim),
});
export const ListPublicityQuery = Type.Object({ branchId: Type.Optional(Id), year: Type.Optional(Year) });

export const ObjectionBody = Type.Object({ claimId: Id, reason: Type.String({ minLength: 1, maxLength: 1000 }) });
export const RuleBody = Type.Object({ upheld: Type.Boolean(), note: Type.String({ minLength: 1, maxLength: 1000 }) });
export const ListObjectionsQuery = Type.Object({
  branchId: Type.Optional(Id), status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('upheld'), Type.Literal('dismissed')])),
  publicationId: Type.Optional(Id), year: Type.Optional(Year),
});

export const ApprovalBody = Type.Object({ branchId: Id, year: Year, quarter: Quarter, note: Type.Optional(Type.String({ maxLength: 500 })) });
export const Approval = Type.Object({
  id: Type.Integer(), branchId: Type.Integer(), year: Type.Integer(), quarter: Type.Integer(), approvedBy: Type.Integer(), approvedByName: Type.String(),
  approvedAt: Instant, claimCount: Type.Integer(), note: Type.Union([Type.String(), Type.Null()]),
  /** Whose own claims still await a second branch member (null when the quarter is complete). */
  pendingUserId: Type.Union([Type.Integer(), Type.Null()]), pendingUserName: Type.Union([Type.String(), Type.Null()]),
  coApprovedBy: Type.Union([Type.Integer(), Type.Null()]), coApprovedByName: Type.Union([Type.String(), Type.Null()]), coApprovedAt: NullableInstant,
  complete: Type.Boolean(),
});
export type ApprovalT = Static<typeof Approval>;
export const ReadinessQuery = Type.Object({ branchId: Id, year: Year, quarter: Quarter });
export const Blocker = Type.Object({
  code: Type.Union([
    Type.Literal('ALREADY_APPROVED'), Type.Literal('QUARTER_NOT_ENDED'), Type.Literal('PENDING_CLAIMS'), Type.Literal('UNPUBLISHED_MONTH'),
    Type.Literal('WINDOW_OPEN'), Type.Literal('OPEN_OBJECTION'), Type.Literal('LATE_ENTRIES'), Type.Literal('CO_APPROVAL_NEEDED'),
  ]),
  message: Type.String(),
  month: Type.Optional(Type.Integer()),
  publicationId: Type.Optional(Type.Integer()),
  claimIds: Type.Optional(Type.Array(Type.Integer())),
  objectionIds: Type.Optional(Type.Array(Type.Integer())),
  closesAt: Type.Optional(Instant),
});
export type BlockerT = Static<typeof Blocker>;
export const Readiness = Type.Object({
  branchId: Type.Integer(), year: Type.Integer(), quarter: Type.Integer(), ready: Type.Boolean(), approved: Type.Union([Approval, Type.Null()]),
  blockers: Type.Array(Blocker),
  /** Not blocking, but worth knowing: returned claims that can no longer be resubmitted after approval. */
  notes: Type.Array(Type.String()),
  summary: Type.Object({ members: Type.Integer(), recordedClaims: Type.Integer(), points: Type.Integer() }),
});
export type ReadinessT = Static<typeof Readiness>;
export const ListApprovalsQuery = Type.Object({ branchId: Type.Optional(Id), year: Type.Optional(Year) });
