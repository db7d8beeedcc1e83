import { Type, type Static } from 'typebox';
import { DateStr, Id, Instant, Month, NullableInstant, PageQuery, Year } from '../../lib/schemas';
import { BlockCode } from '../rules/rules.schemas';

export const ClaimStatus = Type.Union([
  Type.Literal('submitted'), Type.Literal('returned'), Type.Literal('rejected'), Type.Literal('withdrawn'), Type.Literal('recorded'), Type.Literal('approved'),
]);
export type ClaimStatusT = Static<typeof ClaimStatus>;
export const ClaimSource = Type.Union([
  Type.Literal('self'), Type.Literal('study_session'), Type.Literal('lecture'), Type.Literal('reflection'), Type.Literal('quiz'), Type.Literal('bulletin'), Type.Literal('import'),
]);

export const Warning = Type.Object({
  code: Type.Union([Type.Literal('DUPLICATE'), Type.Literal('EVIDENCE_REUSED')]),
  message: Type.String(),
  claimIds: Type.Array(Type.Integer()),
});

export const EvidenceInfo = Type.Object({
  id: Type.Integer(), filename: Type.String(), size: Type.Integer(), sha256: Type.String(), mime: Type.String(), createdAt: Instant,
});
export type EvidenceInfoT = Static<typeof EvidenceInfo>;

export const Claim = Type.Object({
  id: Type.Integer(),
  userId: Type.Integer(),
  ruleItemId: Type.Integer(),
  block: BlockCode,
  occurredOn: DateStr,
  quantity: Type.Integer(),
  description: Type.String(),
  status: ClaimStatus,
  claimedPoints: Type.Integer(),
  recordedPoints: Type.Union([Type.Integer(), Type.Null()]),
  recordedBy: Type.Union([Type.Integer(), Type.Null()]),
  recordedAt: NullableInstant,
  reason: Type.Union([Type.String(), Type.Null()]),
  source: ClaimSource,
  version: Type.Integer(),
  createdAt: Instant,
  // Beyond API.md: what the screens need without a second request.
  userName: Type.String(),
  ruleItemName: Type.String(),
  branchId: Type.Union([Type.Integer(), Type.Null()]),
  sectionId: Type.Union([Type.Integer(), Type.Null()]),
  sourceRef: Type.Union([Type.String(), Type.Null()]),
  netPoints: Type.Integer(),
  submittedAt: Instant,
  decidedBy: Type.Union([Type.Integer(), Type.Null()]),
  decidedAt: NullableInstant,
  evidenceCount: Type.Integer(),
  evidenceRequired: Type.Boolean(),
  warnings: Type.Array(Warning),
});
export type ClaimT = Static<typeof Claim>;

export const LedgerEntry = Type.Object({
  id: Type.Integer(), points: Type.Integer(), kind: Type.Union([Type.Literal('record'), Type.Literal('reversal'), Type.Literal('adjustment')]),
  reason: Type.Union([Type.String(), Type.Null()]), createdBy: Type.Union([Type.Integer(), Type.Null()]), createdByName: Type.Union([Type.String(), Type.Null()]), createdAt: Instant,
});

export const ClaimDetail = Type.Object({
  ...Claim.properties,
  evidence: Type.Array(EvidenceInfo),
  ledger: Type.Array(LedgerEntry),
  recordedByName: Type.Union([Type.String(), Type.Null()]),
  decidedByName: Type.Union([Type.String(), Type.Null()]),
});
export type ClaimDetailT = Static<typeof ClaimDetail>;

export const Description = Type.String({ minLength: 1, maxLength: 2000 });
export const Quantity = Type.Integer({ minimum: 1, maximum: 100 });

export const CreateClaimBody = Type.Object({
  ruleItemId: Id,
  occurredOn: DateStr,
  quantity: Type.Optional(Quantity),
  description: Description,
});
export type CreateClaimBodyT = Static<typeof CreateClaimBody>;

export const UpdateClaimBody = Type.Object({
  ruleItemId: Type.Optional(Id),
  occurredOn: Type.Optional(DateStr),
  quantity: Type.Optional(Quantity),
  description: Type.Optional(Description),
});
export type UpdateClaimBodyT = Static<typeof UpdateClaimBody>;

export const Reason = Type.String({ minLength: 1, maxLength: 500 });
export const RecordBody = Type.Object({
  points: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  reason: Type.Optional(Reason),
});
export const ReasonBody = Type.Object({ reason: Reason });
export const AdjustBody = Type.Object({
  points: Type.Integer({ minimum: -1000, maximum: 1000, description: '增减的分值（负数为扣减）' }),
  reason: Reason,
});

export const ListClaimsQuery = Type.Object({
  status: Type.Optional(ClaimStatus),
  userId: Type.Optional(Id),
  year: Type.Optional(Year),
  month: Type.Optional(Month),
  branchId: Type.Optional(Id),
  sectionId: Type.Optional(Id),
  ruleItemId: Type.Optional(Id),
  source: Type.Optional(ClaimSource),
  from: Type.Optional(DateStr),
  to: Type.Optional(DateStr),
  /** 'queue' = oldest submitted first (the scorekeeper's order); default newest first. */
  order: Type.Optional(Type.Union([Type.Literal('queue'), Type.Literal('recent'), Type.Literal('occurred')])),
  ...PageQuery,
});
export type ListClaimsQueryT = Static<typeof ListClaimsQuery>;
