// The editable copy of a year's catalogue and the rules it must satisfy before POST /api/rules.
import type { BlockCode, RuleItemInput, RuleSet, RuleSetInput } from '../../../api/rules';
import { t, type MessageKey } from '../../../locales';

export const BLOCK_ORDER: BlockCode[] = ['base', 'task', 'reward'];
const DEFAULT_BLOCK_NAMES: Record<BlockCode, string> = { base: '基础分', task: '任务分', reward: '奖励分' };
const CODE_RE = /^[A-Za-z0-9_.-]+$/;

export interface DraftRow {
  /** Local key for v-for; never sent. */
  key: number;
  code: string;
  name: string;
  block: BlockCode;
  points: number | null;
  yearlyCap: number | null;
  evidenceRequired: boolean;
  rewardCandidate: boolean;
  description: string;
}
export interface DraftBlock {
  code: BlockCode;
  name: string;
  cap: number | null;
}
export interface Draft {
  year: number;
  threshold: number | null;
  blocks: DraftBlock[];
  items: DraftRow[];
}
/** Error messages by field path: `threshold`, `blocks.base.name`, `items.<key>.code`, `items`. */
export type DraftErrors = Record<string, string>;

let nextKey = 1;
const newKey = () => nextKey++;

/** A draft from a stored rule set; only active items (retired ones stay as they are). `year` re-targets a copy. */
export function toDraft(rs: RuleSet | null, year?: number): Draft {
  const blocks = BLOCK_ORDER.map((code) => {
    const b = rs?.blocks.find((x) => x.code === code);
    return { code, name: b?.name ?? DEFAULT_BLOCK_NAMES[code], cap: b?.cap ?? null };
  });
  const items = (rs?.items ?? [])
    .filter((i) => i.active)
    .map((i) => ({
      key: newKey(), code: i.code, name: i.name, block: i.block, points: i.points, yearlyCap: i.yearlyCap,
      evidenceRequired: i.evidenceRequired, rewardCandidate: i.rewardCandidate, description: i.description ?? '',
    }));
  return { year: year ?? rs?.year ?? new Date().getFullYear(), threshold: rs?.threshold ?? null, blocks, items };
}

export function emptyRow(block: BlockCode): DraftRow {
  return { key: newKey(), code: '', name: '', block, points: null, yearlyCap: null, evidenceRequired: false, rewardCandidate: block === 'reward', description: '' };
}

export const rowsOf = (d: Draft, block: BlockCode) => d.items.filter((i) => i.block === block);

/** Adds an empty row at the end of a block's rows (the list stays grouped by block). */
export function addRow(d: Draft, block: BlockCode): DraftRow {
  const row = emptyRow(block);
  let at = -1;
  d.items.forEach((r, i) => {
    if (BLOCK_ORDER.indexOf(r.block) <= BLOCK_ORDER.indexOf(block)) at = i;
  });
  d.items.splice(at + 1, 0, row);
  return row;
}

export function removeRow(d: Draft, key: number) {
  const i = d.items.findIndex((r) => r.key === key);
  if (i >= 0) d.items.splice(i, 1);
}

const isInt = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const msg = (k: MessageKey) => t(k);

/** One item's field errors (also used by the 新增项目 dialog); `taken` are codes already used. */
export function itemErrors(r: Pick<DraftRow, 'code' | 'name' | 'points' | 'yearlyCap'>, taken: Set<string> = new Set()): Partial<Record<'code' | 'name' | 'points' | 'yearlyCap', string>> {
  const e: Partial<Record<'code' | 'name' | 'points' | 'yearlyCap', string>> = {};
  const code = r.code.trim();
  if (!code) e.code = msg('admin.rules.err.codeRequired');
  else if (code.length > 40 || !CODE_RE.test(code)) e.code = msg('admin.rules.err.codePattern');
  else if (taken.has(code)) e.code = msg('admin.rules.err.codeDup');
  if (!r.name.trim() || r.name.trim().length > 60) e.name = msg('admin.rules.err.nameRequired');
  if (!isInt(r.points, 1, 100)) e.points = msg('admin.rules.err.points');
  if (r.yearlyCap !== null && !isInt(r.yearlyCap, 1, 1000)) e.yearlyCap = msg('admin.rules.err.yearlyCap');
  return e;
}

export function validateDraft(d: Draft): DraftErrors {
  const out: DraftErrors = {};
  if (!isInt(d.threshold, 0, 1000)) out.threshold = msg('admin.rules.err.threshold');
  for (const b of d.blocks) {
    if (!b.name.trim() || b.name.trim().length > 20) out[`blocks.${b.code}.name`] = msg('admin.rules.err.blockName');
    if (!isInt(b.cap, 0, 1000)) out[`blocks.${b.code}.cap`] = msg('admin.rules.err.blockCap');
  }
  if (d.items.length === 0) out.items = msg('admin.rules.err.noItems');
  const seen = new Set<string>();
  for (const r of d.items) {
    for (const [f, m] of Object.entries(itemErrors(r, seen))) out[`items.${r.key}.${f}`] = m;
    seen.add(r.code.trim());
  }
  return out;
}

/** The POST /api/rules body; call after validateDraft() found nothing. */
export function toInput(d: Draft): RuleSetInput {
  return {
    year: d.year,
    threshold: d.threshold ?? 0,
    blocks: d.blocks.map((b) => ({ code: b.code, name: b.name.trim(), cap: b.cap ?? 0 })),
    // Grouped by block, in the order shown: the server keeps this order.
    items: BLOCK_ORDER.flatMap((blk) => rowsOf(d, blk)).map((r): RuleItemInput => ({
      code: r.code.trim(), name: r.name.trim(), block: r.block, points: r.points ?? 0, yearlyCap: r.yearlyCap ?? null,
      evidenceRequired: r.evidenceRequired, rewardCandidate: r.rewardCandidate, description: r.description.trim() || null,
    })),
  };
}

/** Codes of the stored active items that the draft no longer has (the server deletes or retires them). */
export function removedItems(rs: RuleSet | null, d: Draft): { code: string; name: string }[] {
  const kept = new Set(d.items.map((r) => r.code.trim()));
  return (rs?.items ?? []).filter((i) => i.active && !kept.has(i.code)).map((i) => ({ code: i.code, name: i.name }));
}

/** Whether the draft differs from what it was made from. */
export const sameDraft = (a: Draft, b: Draft) => JSON.stringify(toInput(a)) === JSON.stringify(toInput(b));
