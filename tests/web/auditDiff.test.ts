import { describe, expect, it } from 'vitest';
import { chinaTime, diffJson, show } from '../../web/src/views/admin/audit/diff';

describe('audit diff', () => {
  it('lists changed, added and removed leaves by dotted path, unchanged ones left out', () => {
    const before = { name: '张伟', roles: ['cadre'], org: { branchId: 2, sectionId: 5 }, title: '科员' };
    const after = { name: '张伟', roles: ['cadre', 'scorekeeper'], org: { branchId: 2, sectionId: 6 }, phone: '138' };
    expect(diffJson(before, after)).toEqual([
      { path: 'roles', kind: 'changed', before: ['cadre'], after: ['cadre', 'scorekeeper'] },
      { path: 'org.sectionId', kind: 'changed', before: 5, after: 6 },
      { path: 'title', kind: 'removed', before: '科员' },
      { path: 'phone', kind: 'added', after: '138' },
    ]);
  });

  it('a row with only after (a creation) shows every field as added; nothing at all is no rows', () => {
    expect(diffJson(null, { id: 7, active: true }).map((r) => [r.path, r.kind])).toEqual([['id', 'added'], ['active', 'added']]);
    expect(diffJson(null, null)).toEqual([]);
    expect(diffJson(3, 4)).toEqual([{ path: '', kind: 'changed', before: 3, after: 4 }]);
  });

  it('shows values and China time', () => {
    expect(show('文本')).toBe('文本');
    expect(show({ a: 1 })).toBe('{"a":1}');
    expect(show(null)).toBe('null');
    expect(chinaTime('2026-12-31T16:30:05.000Z')).toBe('2027-01-01 00:30:05');
  });
});
