import { Type, type Static } from 'typebox';
import { DateStr, Id, Instant, Month, Quarter, Year } from '../../lib/schemas';
import { Claim, ClaimDetail } from '../claims/claims.schemas';

export const RankingsQuery = Type.Object({
  year: Year,
  quarter: Type.Optional(Quarter),
  month: Type.Optional(Month),
  branchId: Type.Optional(Id),
  sectionId: Type.Optional(Id),
  groupId: Type.Optional(Id),
  by: Type.Optional(Type.Union([Type.Literal('person'), Type.Literal('section'), Type.Literal('group')], { default: 'person' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});
export type RankingsQueryT = Static<typeof RankingsQuery>;

export const RankingItem = Type.Object({
  rank: Type.Integer(), id: Type.Integer(), name: Type.String(),
  base: Type.Integer(), task: Type.Integer(), reward: Type.Integer(), total: Type.Integer(), overflow: Type.Integer(),
  sectionName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  branchName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  members: Type.Optional(Type.Integer()),
  average: Type.Optional(Type.Number()),
});
export type RankingItemT = Static<typeof RankingItem>;
export const Rankings = Type.Object({
  year: Type.Integer(), quarter: Type.Union([Type.Integer(), Type.Null()]), month: Type.Union([Type.Integer(), Type.Null()]),
  by: Type.String(), capped: Type.Boolean(), items: Type.Array(RankingItem), total: Type.Integer(),
});

export const AnnualQuery = Type.Object({ branchId: Type.Optional(Id) });
export const YearParams = Type.Object({ year: Year });
export const AnnualItem = Type.Object({
  userId: Type.Integer(), name: Type.String(), sectionName: Type.Union([Type.String(), Type.Null()]), branchName: Type.Union([Type.String(), Type.Null()]),
  base: Type.Integer(), task: Type.Integer(), reward: Type.Integer(), total: Type.Integer(), overflow: Type.Integer(), rank: Type.Integer(),
  talkList: Type.Boolean(), eligible: Type.Boolean(), rewardCandidate: Type.Boolean(),
  rewardReasons: Type.Array(Type.String()),
  /** Below the threshold this year and the year before. */
  secondYearBelow: Type.Boolean(),
  talk: Type.Union([Type.Object({ id: Type.Integer(), talkedOn: DateStr, talkedBy: Type.String(), notes: Type.String() }), Type.Null()]),
});
export type AnnualItemT = Static<typeof AnnualItem>;
export const Annual = Type.Object({
  year: Type.Integer(), threshold: Type.Integer(), final: Type.Boolean(), approvedQuarters: Type.Integer(), items: Type.Array(AnnualItem),
  counts: Type.Object({ members: Type.Integer(), talkList: Type.Integer(), rewardCandidates: Type.Integer(), average: Type.Number() }),
});
export type AnnualT = Static<typeof Annual>;

export const BlockSummary = Type.Object({
  code: Type.String(), name: Type.String(), cap: Type.Integer(), points: Type.Integer(), effective: Type.Integer(), overflow: Type.Integer(),
});
export const Summary = Type.Object({
  userId: Type.Integer(), name: Type.String(), year: Type.Integer(), threshold: Type.Integer(), max: Type.Integer(),
  blocks: Type.Array(BlockSummary), total: Type.Integer(), overflow: Type.Integer(), monthPoints: Type.Integer(),
  monthly: Type.Array(Type.Integer()),
  rankInBranch: Type.Union([Type.Integer(), Type.Null()]), branchSize: Type.Integer(),
  rankInSection: Type.Union([Type.Integer(), Type.Null()]), sectionSize: Type.Integer(),
  forecast: Type.Object({
    soFar: Type.Integer(), elapsedShare: Type.Number(), pacePerMonth: Type.Number(), projected: Type.Integer(), warning: Type.Boolean(), message: Type.String(),
  }),
  claims: Type.Object({ submitted: Type.Integer(), returned: Type.Integer(), recorded: Type.Integer(), approved: Type.Integer(), rejected: Type.Integer() }),
});
export type SummaryT = Static<typeof Summary>;
export const SummaryQuery = Type.Object({ year: Type.Optional(Year) });

export const WeeklyQuery = Type.Object({ date: Type.Optional(DateStr), branchId: Type.Optional(Id) });
const WeeklyCounts = {
  submitted: Type.Integer(), recordedPoints: Type.Integer(), recordedClaims: Type.Integer(), processed: Type.Integer(),
};
export const Weekly = Type.Object({
  from: DateStr, to: DateStr, branchId: Type.Union([Type.Integer(), Type.Null()]),
  people: Type.Array(Type.Object({ userId: Type.Integer(), name: Type.String(), sectionName: Type.Union([Type.String(), Type.Null()]), ...WeeklyCounts })),
  sections: Type.Array(Type.Object({ sectionId: Type.Union([Type.Integer(), Type.Null()]), name: Type.String(), members: Type.Integer(), ...WeeklyCounts })),
  totals: Type.Object(WeeklyCounts),
  queue: Type.Object({ waiting: Type.Integer(), oldestSubmittedAt: Type.Union([Instant, Type.Null()]) }),
});

export const Talk = Type.Object({
  id: Type.Integer(), userId: Type.Integer(), userName: Type.String(), year: Type.Integer(), talkedOn: DateStr, talkedBy: Type.String(), notes: Type.String(),
  createdBy: Type.Integer(), createdAt: Instant,
});
export const TalkBody = Type.Object({
  userId: Id, year: Year, talkedOn: DateStr, talkedBy: Type.String({ minLength: 1, maxLength: 60 }), notes: Type.String({ minLength: 1, maxLength: 4000 }),
});
export const TalksQuery = Type.Object({ year: Type.Optional(Year), userId: Type.Optional(Id), branchId: Type.Optional(Id) });

export const ArchiveQuery = Type.Object({ year: Type.Optional(Year) });
export const Archive = Type.Object({
  person: Type.Object({
    id: Type.Integer(), username: Type.String(), name: Type.String(), title: Type.Union([Type.String(), Type.Null()]), roles: Type.Array(Type.String()),
    branchName: Type.Union([Type.String(), Type.Null()]), sectionName: Type.Union([Type.String(), Type.Null()]), groupName: Type.Union([Type.String(), Type.Null()]),
    active: Type.Boolean(),
  }),
  year: Type.Union([Type.Integer(), Type.Null()]),
  years: Type.Array(Type.Object({
    year: Type.Integer(), threshold: Type.Integer(), base: Type.Integer(), task: Type.Integer(), reward: Type.Integer(), total: Type.Integer(), overflow: Type.Integer(),
    talkList: Type.Boolean(), rank: Type.Union([Type.Integer(), Type.Null()]), branchSize: Type.Integer(), approvedQuarters: Type.Integer(),
  })),
  claims: Type.Array(ClaimDetail),
  activities: Type.Array(Type.Object({ source: Type.String(), label: Type.String(), count: Type.Integer(), points: Type.Integer() })),
  talks: Type.Array(Talk),
  objections: Type.Array(Type.Object({ id: Type.Integer(), claimId: Type.Integer(), status: Type.String(), reason: Type.String(), note: Type.Union([Type.String(), Type.Null()]) })),
});
export type ArchiveT = Static<typeof Archive>;

export const RegisterQuery = Type.Object({ branchId: Id, year: Year, month: Type.Optional(Month), quarter: Type.Optional(Quarter) });
export { Claim };
