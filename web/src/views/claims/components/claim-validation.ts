import { t } from '../../../locales';

export interface ClaimFormValues { ruleItemId: number | null; occurredOn: string; quantity: number; description: string }
export type ClaimField = keyof ClaimFormValues | 'evidence';

/**
 * What the server would refuse, checked before sending: an item, a date that is not in the future
 * (on the department's calendar), 1–100 occurrences, a description, and evidence where the item needs it.
 */
export function claimErrors(v: ClaimFormValues, o: { today: string; evidenceRequired: boolean; evidenceCount: number }): Partial<Record<ClaimField, string>> {
  const e: Partial<Record<ClaimField, string>> = {};
  if (!v.ruleItemId) e.ruleItemId = t('points.claims.rules.item');
  if (!v.occurredOn) e.occurredOn = t('points.claims.rules.date');
  else if (v.occurredOn > o.today) e.occurredOn = t('points.claims.rules.future');
  if (!Number.isInteger(v.quantity) || v.quantity < 1 || v.quantity > 100) e.quantity = t('points.claims.rules.quantity');
  if (!v.description.trim()) e.description = t('points.claims.rules.description');
  else if (v.description.length > 2000) e.description = t('points.claims.descPlaceholder');
  if (o.evidenceRequired && o.evidenceCount === 0) e.evidence = t('points.claims.evidenceRequiredMissing');
  return e;
}
