import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { ElTag } from 'element-plus';
import BlockProgress from '../../web/src/components/points/BlockProgress.vue';

const blocks = (base: number, baseRaw: number, task: number, reward: number) => [
  { code: 'base', name: '基础分', cap: 50, points: baseRaw, effective: base, overflow: Math.max(0, baseRaw - base) },
  { code: 'task', name: '任务分', cap: 30, points: task, effective: task, overflow: 0 },
  { code: 'reward', name: '奖励分', cap: 20, points: reward, effective: reward, overflow: 0 },
];
const mountIt = (props: { blocks: ReturnType<typeof blocks>; total: number; threshold?: number; max?: number }) => mount(BlockProgress, { props, global: { components: { ElTag } } });
const width = (el: { attributes: (n: string) => string | undefined }) => el.attributes('style')?.match(/width: ([\d.]+)%/)?.[1];

describe('BlockProgress', () => {
  it('shows the year total against 100 with the threshold mark at 60, and how far to go', () => {
    const w = mountIt({ blocks: blocks(30, 30, 12, 0), total: 42, threshold: 60, max: 100 });
    expect(w.get('[data-testid="year-total"]').text()).toBe('42 / 100');
    expect(width(w.get('.year .fill'))).toBe('42');
    expect(w.get('.year .mark').attributes('style')).toContain('left: 60%');
    expect(w.get('.year').attributes('data-status')).toBe('below');
    expect(w.get('.hint').text()).toBe('距合格线还差 18 分');
    expect(w.get('.year .bar').attributes('aria-valuenow')).toBe('42');
  });

  it('one bar per block against its cap; overflow over a cap is shown, not counted', () => {
    const w = mountIt({ blocks: blocks(50, 62, 30, 5), total: 85 });
    const base = w.get('[data-block="base"]');
    expect(base.text()).toContain('50');
    expect(base.text()).toContain('上限 50');
    expect(base.text()).toContain('溢出 12');
    expect(width(base.get('.fill'))).toBe('100');
    expect(w.get('[data-block="task"]').text()).not.toContain('溢出');
    expect(width(w.get('[data-block="reward"] .fill'))).toBe('25');
    expect(w.get('.year').attributes('data-status')).toBe('ok');
    expect(w.get('.hint').text()).toBe('已达到合格线');
  });

  it('never draws past 100 % and says so at the maximum', () => {
    const w = mountIt({ blocks: blocks(50, 50, 30, 20), total: 100 });
    expect(width(w.get('.year .fill'))).toBe('100');
    expect(w.get('.hint').text()).toBe('已满分');
    expect(w.findAll('[role="progressbar"]')).toHaveLength(4);
  });
});
