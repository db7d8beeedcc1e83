import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { ElAlert, ElButton, ElDatePicker, ElForm, ElFormItem, ElIcon, ElInput, ElInputNumber, ElOption, ElOptionGroup, ElProgress, ElSelect, ElTag } from 'element-plus';
import type { RuleSet } from '../../web/src/api/rules';

const year = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
const rules: RuleSet = {
  year, threshold: 60, locked: true,
  blocks: [{ code: 'base', name: '基础分', cap: 50 }, { code: 'task', name: '任务分', cap: 30 }, { code: 'reward', name: '奖励分', cap: 20 }],
  items: [
    { id: 11, code: 'theory', name: '集中理论学习', block: 'base', points: 2, yearlyCap: null, evidenceRequired: false, description: null, rewardCandidate: false, active: true },
    { id: 12, code: 'training', name: '参加专题培训班', block: 'task', points: 5, yearlyCap: null, evidenceRequired: true, description: null, rewardCandidate: false, active: true },
  ],
};
const createClaim = vi.fn(async (body: Record<string, unknown>) => ({ id: 99, ...body }));
vi.mock('../../web/src/api/rules', () => ({ getRules: vi.fn(async () => rules) }));
vi.mock('../../web/src/api/claims', () => ({ createClaim: (b: Record<string, unknown>) => createClaim(b), updateClaim: vi.fn(), uploadEvidence: vi.fn() }));

import ClaimForm from '../../web/src/views/claims/components/ClaimForm.vue';

const components = { ElAlert, ElButton, ElDatePicker, ElForm, ElFormItem, ElIcon, ElInput, ElInputNumber, ElOption, ElOptionGroup, ElProgress, ElSelect, ElTag };
type Exposed = { validate: () => Promise<boolean>; form: { ruleItemId: number | null; occurredOn: string; quantity: number; description: string } };

async function setup() {
  const w = mount(ClaimForm, { global: { components }, attachTo: document.body });
  await flushPromises();
  return { w, vm: w.vm as unknown as Exposed };
}
const errors = (w: Awaited<ReturnType<typeof setup>>['w']) => w.findAll('.field-error').map((e) => e.text());

beforeEach(() => {
  setActivePinia(createPinia());
  createClaim.mockClear();
});

describe('ClaimForm validation', () => {
  it('needs an item and a description; nothing is sent', async () => {
    const { w, vm } = await setup();
    expect(await vm.validate()).toBe(false);
    await flushPromises();
    expect(errors(w)).toEqual(expect.arrayContaining(['请选择积分项目', '请填写说明']));
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(createClaim).not.toHaveBeenCalled();
    w.unmount();
  });

  it('refuses a future date, and the picker disables future days', async () => {
    const { w, vm } = await setup();
    Object.assign(vm.form, { ruleItemId: 11, description: '集中学习', occurredOn: `${year + 1}-01-02` });
    expect(await vm.validate()).toBe(false);
    await flushPromises();
    expect(errors(w)).toContain('活动日期不能是将来');
    const picker = w.findComponent(ElDatePicker);
    const disabled = picker.props('disabledDate') as (d: Date) => boolean;
    expect(disabled(new Date(Date.now() + 3 * 86_400_000))).toBe(true);
    expect(disabled(new Date(Date.now() - 3 * 86_400_000))).toBe(false);
    w.unmount();
  });

  it('an item that needs evidence cannot go without a file', async () => {
    const { w, vm } = await setup();
    Object.assign(vm.form, { ruleItemId: 12, description: '参加专题培训班', occurredOn: `${year}-01-05` });
    await flushPromises();
    expect(w.text()).toContain('需佐证');
    expect(await vm.validate()).toBe(false);
    await flushPromises();
    expect(errors(w)).toEqual(['该项目需要佐证材料，请上传照片或文件']);
    // A photo picked through the camera/file input clears it.
    const input = w.get('[data-testid="evidence-input"]');
    Object.defineProperty(input.element, 'files', { value: [new File([new Uint8Array([137, 80, 78, 71])], '现场照片.png', { type: 'image/png' })], configurable: true });
    await input.trigger('change');
    await flushPromises();
    expect(w.text()).toContain('现场照片.png');
    expect(await vm.validate()).toBe(true);
    expect(input.attributes('accept')).toBe('image/*,application/pdf,.doc,.docx,.xls,.xlsx');
    expect(input.attributes('capture')).toBe('environment');
    w.unmount();
  });

  it('a valid claim is sent with points × quantity shown', async () => {
    const { w, vm } = await setup();
    Object.assign(vm.form, { ruleItemId: 11, description: '  集中学习  ', occurredOn: `${year}-01-05`, quantity: 3 });
    await flushPromises();
    expect(w.get('[data-testid="claimed-preview"]').text()).toBe('申报分值：6 分');
    expect(await vm.validate()).toBe(true);
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(createClaim).toHaveBeenCalledWith({ ruleItemId: 11, occurredOn: `${year}-01-05`, quantity: 3, description: '集中学习' });
    expect(w.emitted('saved')).toHaveLength(1);
    w.unmount();
  });
});
