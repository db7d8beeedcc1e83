import { describe, expect, it } from 'vitest';
import { mount, RouterLinkStub } from '@vue/test-utils';
import { ElIcon } from 'element-plus';
import ReadinessChecklist from '../../web/src/views/approval/components/ReadinessChecklist.vue';
import type { Readiness } from '../../web/src/api/publicity';

const base: Readiness = {
  branchId: 1, year: 2026, quarter: 4, ready: false, approved: null, blockers: [], notes: [],
  summary: { members: 21, recordedClaims: 157, points: 419 },
};
const mountIt = (r: Partial<Readiness>) => mount(ReadinessChecklist, { props: { readiness: { ...base, ...r } }, global: { components: { ElIcon }, stubs: { RouterLink: RouterLinkStub } } });
const links = (w: ReturnType<typeof mountIt>) => w.findAllComponents(RouterLinkStub).map((l) => [l.text().replace(' →', ''), l.props('to')]);

describe('ReadinessChecklist', () => {
  it('lists every blocker with a link to where it is fixed', () => {
    const w = mountIt({
      blockers: [
        { code: 'QUARTER_NOT_ENDED', message: '第 4 季度到 2026-12-31 才结束' },
        { code: 'PENDING_CLAIMS', message: '还有 9 条申报待记录', claimIds: [1, 2] },
        { code: 'UNPUBLISHED_MONTH', month: 11, message: '11 月积分尚未公示' },
        { code: 'WINDOW_OPEN', month: 10, publicationId: 7, closesAt: '2026-11-10T02:00:00Z', message: '10 月公示期未结束' },
        { code: 'OPEN_OBJECTION', objectionIds: [3], message: '还有 1 条异议未裁定' },
      ],
      notes: ['有 1 条被退回的申报尚未重新提交，审定后将不能再提交'],
    });
    expect(w.get('.checklist').attributes('data-state')).toBe('blocked');
    expect(w.get('.verdict').text()).toBe('暂不能审定');
    expect(w.findAll('.blocker').map((b) => b.attributes('data-code'))).toEqual(['QUARTER_NOT_ENDED', 'PENDING_CLAIMS', 'UNPUBLISHED_MONTH', 'WINDOW_OPEN', 'OPEN_OBJECTION']);
    expect(links(w)).toEqual([
      ['去记录', '/scoring'],
      ['去公示', '/scoring?tab=publish'],
      ['查看公示', '/publicity/7'],
      ['去裁定', '/publicity/objections'],
    ]);
    expect(w.get('.notes').text()).toContain('被退回');
    expect(w.get('.summary').text()).toBe('21 名党员 · 157 条记录 · 419 分');
  });

  it('ready: nothing blocks', () => {
    const w = mountIt({ ready: true });
    expect(w.get('.checklist').attributes('data-state')).toBe('ready');
    expect(w.get('.verdict').text()).toBe('已具备审定条件');
    expect(w.findAll('.blocker')).toHaveLength(0);
  });

  it('co-approval: the approver’s own points wait for another branch member', () => {
    const w = mountIt({ ready: true, blockers: [{ code: 'CO_APPROVAL_NEEDED', message: '石国庆 本人的积分须由其他支部委员审定（石国庆 已审定其余积分）' }] });
    expect(w.get('.checklist').attributes('data-state')).toBe('co');
    expect(w.get('.verdict').text()).toBe('需其他支部委员审定本人积分');
    expect(w.get('.blocker').text()).toContain('须由其他支部委员审定');
  });

  it('an approved quarter is shown locked', () => {
    const w = mountIt({ blockers: [{ code: 'ALREADY_APPROVED', message: '2026 年第 3 季度已于 2026-10-21 审定' }] });
    expect(w.get('.checklist').attributes('data-state')).toBe('locked');
    expect(w.get('.verdict').text()).toBe('已锁定');
    expect(links(w)).toEqual([]);
  });
});
