import type { Static } from 'typebox';
import type { RuleItem, RuleSet, RuleYears } from '../../../server/modules/rules/rules.schemas';
import { http } from './http';

export type RuleSet = Static<typeof RuleSet>;
export type RuleItem = Static<typeof RuleItem>;
export type BlockCode = RuleItem['block'];
export type RuleYears = Static<typeof RuleYears>;

export const getRules = (year: number, opts?: { silent?: boolean }) => http.get<RuleSet>('/rules', { year }, opts);
export const getRuleYears = () => http.get<RuleYears>('/rules/years');
