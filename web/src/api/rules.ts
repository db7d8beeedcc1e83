import type { Static } from 'typebox';
import type { AddItemBody as AddItemBodySchema, RuleItem, RuleItemInput as RuleItemInputSchema, RuleSet, RuleSetInput as RuleSetInputSchema, RuleYears } from '../../../server/modules/rules/rules.schemas';
import { http } from './http';

export type RuleSet = Static<typeof RuleSet>;
export type RuleItem = Static<typeof RuleItem>;
export type BlockCode = RuleItem['block'];
export type RuleYears = Static<typeof RuleYears>;
export type RuleSetInput = Static<typeof RuleSetInputSchema>;
export type RuleItemInput = Static<typeof RuleItemInputSchema>;
export type AddItemBody = Static<typeof AddItemBodySchema>;

export const getRules = (year: number, opts?: { silent?: boolean }) => http.get<RuleSet>('/rules', { year }, opts);
export const getRuleYears = (opts?: { silent?: boolean }) => http.get<RuleYears>('/rules/years', undefined, opts);
/** Creates a year's catalogue or replaces it whole; 409 RULES_LOCKED once points were recorded that year. */
export const saveRules = (body: RuleSetInput, opts?: { silent?: boolean }) => http.post<RuleSet>('/rules', body, opts);
/** Adds one item, allowed even to a locked year. */
export const addRuleItem = (body: AddItemBody, opts?: { silent?: boolean }) => http.post<RuleItem>('/rules/items', body, opts);
export const retireRuleItem = (id: number) => http.post<RuleItem>(`/rules/items/${id}/retire`);
export const restoreRuleItem = (id: number) => http.post<RuleItem>(`/rules/items/${id}/restore`);
