import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { ElButton, ElCheckbox, ElInput, ElInputNumber, ElTag } from 'element-plus';
import type { RuleSet, RuleSetInput } from '../../web/src/api/rules';

const confirm = vi.fn(async (..._args: unknown[]) => 'confirm');
vi.mock('element-plus', async (orig) => ({
  ...(await orig<typeof import('element-plus')>()),
  ElMessageBox: { confirm: (...a: unknown[]) => confirm(...a) },
  ElMessage: { success: vi.fn(), warning: vi.fn(), error: vi.fn() },
}));
const saveRules = vi.fn();
vi.mock('../../web/src/api/rules', () => ({ saveRules: (b: RuleSetInput) => saveRules(b) }));

import { ApiError } from '../../web/src/api/http';
import { addRow, removeRow, removedItems, toDraft, toInput, validateDraft } from '../../web/src/views/admin/rules/draft';
import RulesEditor from '../../web/src/views/admin/rules/components/RulesEditor.vue';

const rules: RuleSet = {
  year: 2027, threshold: 60, locked: false,
  blocks: [{ code: 'base', name: '基础分', cap: 50 }, { code: 'task', name: '任务分', cap: 30 }, { code: 'reward', name: '奖励分', cap: 20 }],
  items: [
    { id: 1, code: 'theory', name: '集中理论学习', block: 'base', points: 2, yearlyCap: null, evidenceRequired: false, description: '每次 2 分', rewardCandidate: false, active: true },
    { id: 2, code: 'reading', name: '读书会', block: 'base', points: 2, yearlyCap: 12, evidenceRequired: false, description: null, rewardCandidate: false, active: true },
    { id: 3, code: 'training', name: '参加专题培训班', block: 'task', points: 5, yearlyCap: null, evidenceRequired: true, description: null, rewardCandidate: false, active: true },
    { id: 4, code: 'old', name: '已停用项目', block: 'task', points: 1, yearlyCap: null, evidenceRequired: false, description: null, rewardCandidate: false, active: false },
    { id: 5, code: 'publication', name: '在重要刊物发表文章', block: 'reward', points: 10, yearlyCap: null, evidenceRequired: true, description: null, rewardCandidate: true, active: true },
  ],
};

describe('rules draft', () => {
  it('copies only active items and re-targets the year', () => {
    const d = toDraft(rules, 2028);
    expect(d.year).toBe(2028);
    expect(d.items.map((i) => i.code)).toEqual(['theory', 'reading', 'training', 'publication']);
    expect(toInput(d)).toMatchObject({ year: 2028, threshold: 60, blocks: rules.blocks });
  });

  it('adds a row at the end of its block and sends items grouped by block', () => {
    const d = toDraft(rules);
    const row = addRow(d, 'base');
    Object.assign(row, { code: ' visit ', name: ' 参观见学 ', points: 3 });
    expect(d.items.map((i) => i.code)).toEqual(['theory', 'reading', ' visit ', 'training', 'publication']);
    const body = toInput(d);
    expect(body.items[2]).toEqual({ code: 'visit', name: '参观见学', block: 'base', points: 3, yearlyCap: null, evidenceRequired: false, rewardCandidate: false, description: null });
    expect(body.items[0].description).toBe('每次 2 分');
  });

  it('finds empty, malformed and duplicate fields', () => {
    const d = toDraft(rules);
    d.threshold = null;
    d.blocks[1].name = ' ';
    const a = addRow(d, 'task');
    const b = addRow(d, 'reward');
    Object.assign(b, { code: 'theory', name: '重复', points: 101, yearlyCap: 0 });
    const e = validateDraft(d);
    expect(e.threshold).toBeTruthy();
    expect(e['blocks.task.name']).toBeTruthy();
    expect(e[`items.${a.key}.code`]).toBe('请填写编码');
    expect(e[`items.${a.key}.name`]).toBe('请填写名称');
    expect(e[`items.${a.key}.points`]).toBeTruthy();
    expect(e[`items.${b.key}.code`]).toBe('编码重复');
    expect(e[`items.${b.key}.points`]).toBeTruthy();
    expect(e[`items.${b.key}.yearlyCap`]).toBeTruthy();
    b.code = 'bad code!';
    expect(validateDraft(d)[`items.${b.key}.code`]).toBe('编码只能用字母、数字和 _ . -');
  });

  it('names the stored items a save would drop; none left is an error', () => {
    const d = toDraft(rules);
    removeRow(d, d.items.find((i) => i.code === 'reading')!.key);
    expect(removedItems(rules, d)).toEqual([{ code: 'reading', name: '读书会' }]);
    for (const r of [...d.items]) removeRow(d, r.key);
    expect(validateDraft(d).items).toBe('至少要有一个项目');
  });
});

const components = { ElButton, ElCheckbox, ElInput, ElInputNumber, ElTag };
type Exposed = { draft: ReturnType<typeof toDraft>; dirty: boolean };

function mountEditor(props: Record<string, unknown> = {}) {
  return mount(RulesEditor, { props: { source: rules, year: 2027, ...props }, global: { components }, attachTo: document.body });
}

beforeEach(() => {
  setActivePinia(createPinia());
  confirm.mockClear();
  saveRules.mockReset();
});

describe('RulesEditor', () => {
  it('is clean until something changes; an invalid row blocks the save with messages on the fields', async () => {
    const w = mountEditor();
    await flushPromises();
    const vm = w.vm as unknown as Exposed;
    const save = w.get('[data-testid="save-rules"]');
    expect(save.attributes('disabled')).toBeDefined();
    expect(w.findAll('[data-testid="rule-row"]')).toHaveLength(4);

    await w.get('[data-testid="add-row-task"]').trigger('click');
    expect(vm.dirty).toBe(true);
    expect(w.emitted('dirty')!.at(-1)).toEqual([true]);
    expect(w.get('[data-block="task"]').findAll('[data-testid="rule-row"]')).toHaveLength(2);

    await save.trigger('click');
    await flushPromises();
    expect(saveRules).not.toHaveBeenCalled();
    expect(confirm).not.toHaveBeenCalled();
    const errors = w.findAll('.field-error').map((e) => e.text());
    expect(errors).toEqual(expect.arrayContaining(['请填写编码', '请填写名称', '分值须为 1—100 的整数']));
    w.unmount();
  });

  it('saves the whole catalogue after confirming, naming removed items', async () => {
    const w = mountEditor();
    await flushPromises();
    const vm = w.vm as unknown as Exposed;
    // Remove 读书会 (asks first, it has content), add a task item.
    const reading = w.findAll('[data-testid="rule-row"]')[1];
    await reading.get('[data-testid="row-remove"]').trigger('click');
    await flushPromises();
    expect(confirm).toHaveBeenCalledTimes(1);
    await w.get('[data-testid="add-row-task"]').trigger('click');
    const row = vm.draft.items.find((i) => !i.code)!;
    Object.assign(row, { code: 'micro_lecture', name: '经济微课堂授课', points: 5 });
    vm.draft.threshold = 65;
    await flushPromises();

    const saved: RuleSet = { ...rules, threshold: 65 };
    saveRules.mockResolvedValue(saved);
    await w.get('[data-testid="save-rules"]').trigger('click');
    await flushPromises();

    expect(String(confirm.mock.calls[1][0])).toContain('将移除 1 个项目：读书会');
    expect(saveRules).toHaveBeenCalledTimes(1);
    const body = saveRules.mock.calls[0][0] as RuleSetInput;
    expect(body.year).toBe(2027);
    expect(body.threshold).toBe(65);
    expect(body.items.map((i) => i.code)).toEqual(['theory', 'training', 'micro_lecture', 'publication']);
    expect(w.emitted('saved')![0]).toEqual([saved]);
    w.unmount();
  });

  it('a year locked meanwhile (409 RULES_LOCKED) is reported to the page', async () => {
    const w = mountEditor();
    await flushPromises();
    (w.vm as unknown as Exposed).draft.threshold = 70;
    await flushPromises();
    saveRules.mockRejectedValue(new ApiError(409, { statusCode: 409, code: 'RULES_LOCKED', error: 'Conflict', message: '2027 年已有记录在册的积分' }, 'x'));
    await w.get('[data-testid="save-rules"]').trigger('click');
    await flushPromises();
    expect(saveRules).toHaveBeenCalled();
    expect(w.emitted('locked')).toHaveLength(1);
    expect(w.emitted('saved')).toBeUndefined();
    w.unmount();
  });

  it('a new year starts from the copied catalogue and can be saved at once', async () => {
    const w = mountEditor({ year: 2028, isNew: true });
    await flushPromises();
    saveRules.mockResolvedValue({ ...rules, year: 2028 });
    await w.get('[data-testid="save-rules"]').trigger('click');
    await flushPromises();
    expect(String(confirm.mock.calls[0][0])).toContain('确定制定 2028 年积分管理办法（4 个项目）');
    expect((saveRules.mock.calls[0][0] as RuleSetInput).year).toBe(2028);
    w.unmount();
  });
});
