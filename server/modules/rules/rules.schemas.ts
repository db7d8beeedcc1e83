import { Type, type Static } from 'typebox';
import { Year } from '../../lib/schemas';

export const BlockCode = Type.Union([Type.Literal('base'), Type.Literal('task'), Type.Literal('reward')]);

export const RuleBlock = Type.Object({
  code: BlockCode,
  name: Type.String({ minLength: 1, maxLength: 20 }),
  cap: Type.Integer({ minimum: 0, maximum: 1000 }),
});

export const RuleItem = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  block: BlockCode,
  points: Type.Integer(),
  yearlyCap: Type.Union([Type.Integer(), Type.Null()]),
  evidenceRequired: Type.Boolean(),
  description: Type.Union([Type.String(), Type.Null()]),
  rewardCandidate: Type.Boolean(),
  active: Type.Boolean(),
});
export type RuleItemT = Static<typeof RuleItem>;

export const RuleItemInput = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_.-]+$' }),
  name: Type.String({ minLength: 1, maxLength: 60 }),
  block: BlockCode,
  points: Type.Integer({ minimum: 1, maximum: 100 }),
  yearlyCap: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 1000 }), Type.Null()])),
  evidenceRequired: Type.Optional(Type.Boolean({ default: false })),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  rewardCandidate: Type.Optional(Type.Boolean({ default: false })),
});
export type RuleItemInputT = Static<typeof RuleItemInput>;

export const RuleSet = Type.Object({
  year: Type.Integer(),
  threshold: Type.Integer(),
  /** true once points were recorded under this year's rules: items can then only be added or retired. */
  locked: Type.Boolean(),
  blocks: Type.Array(Type.Object({ code: BlockCode, name: Type.String(), cap: Type.Integer() })),
  items: Type.Array(RuleItem),
});
export type RuleSetT = Static<typeof RuleSet>;

export const RuleSetInput = Type.Object({
  year: Year,
  threshold: Type.Integer({ minimum: 0, maximum: 1000 }),
  blocks: Type.Array(RuleBlock, { minItems: 3, maxItems: 3 }),
  items: Type.Array(RuleItemInput, { minItems: 1, maxItems: 200 }),
});
export type RuleSetInputT = Static<typeof RuleSetInput>;

export const RulesQuery = Type.Object({ year: Year });
export const RuleYears = Type.Object({ items: Type.Array(Type.Object({ year: Type.Integer(), threshold: Type.Integer(), itemCount: Type.Integer(), locked: Type.Boolean() })), total: Type.Integer() });
export const AddItemBody = Type.Object({ year: Year, ...RuleItemInput.properties });
