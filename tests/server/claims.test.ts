import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/build-app';
import { pointsWorld, record, submit, type PointsWorld } from '../helpers/points';

let t: TestApp;
let w: PointsWorld;
beforeAll(async () => {
  t = await createTestApp();
  w = await pointsWorld(t);
});
afterAll(() => t.close());

const post = (url: string, h: Record<string, string>, payload: unknown = {}) => t.app.inject({ method: 'POST', url, headers: h, payload: payload as object });

describe('rules', () => {
  it('GET returns the year with blocks and items; 404 for a year without rules', async () => {
    const r = await t.app.inject({ url: '/api/rules?year=2026', headers: w.cadre.h });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ year: 2026, threshold: 60, locked: false });
    expect(body.blocks).toEqual([{ code: 'base', name: '基础分', cap: 50 }, { code: 'task', name: '任务分', cap: 30 }, { code: 'reward', name: '奖励分', cap: 20 }]);
    expect(body.items.find((i: { code: string }) => i.code === 'reading')).toMatchObject({ name: '读书会', block: 'base', points: 2, yearlyCap: 10, evidenceRequired: false });
    expect((await t.app.inject({ url: '/api/rules?year=2019', headers: w.cadre.h })).statusCode).toBe(404);
  });

  it('only admin may post rules; bad blocks are refused naming the field', async () => {
    expect((await post('/api/rules', w.sk.h, { year: 2027, threshold: 60, blocks: [], items: [] })).statusCode).toBe(403);
    const bad = await post('/api/rules', w.admin.h, { year: 2027, threshold: 60, blocks: [{ code: 'base', name: 'a', cap: 1 }, { code: 'base', name: 'b', cap: 1 }, { code: 'task', name: 'c', cap: 1 }], items: [{ code: 'x', name: 'x', block: 'base', points: 1 }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('blocks');
  });
});

describe('claims: submit', () => {
  it('creates a submitted claim with claimedPoints = points × quantity', async () => {
    const r = await post('/api/claims', w.cadre.h, { ruleItemId: w.items.theory, occurredOn: '2026-11-02', quantity: 2, description: '集中学习党的二十届四中全会精神' });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ userId: w.cadre.user.id, ruleItemId: w.items.theory, block: 'base', status: 'submitted', claimedPoints: 4, recordedPoints: null, source: 'self', version: 1, quantity: 2 });
  });

  it('refuses a future date, a year without rules, a bad item, and names the field', async () => {
    const future = await post('/api/claims', w.cadre.h, { ruleItemId: w.items.theory, occurredOn: '2026-12-30', description: 'x' });
    expect(future.statusCode).toBe(400);
    expect(future.json()).toMatchObject({ code: 'DATE_IN_FUTURE' });
    expect(future.json().message).toContain('occurredOn');
    const noRules = await post('/api/claims', w.cadre.h, { ruleItemId: w.items.theory, occurredOn: '2025-05-01', description: 'x' });
    expect(noRules.statusCode).toBe(400);
    expect(noRules.json().code).toBe('NO_RULES_FOR_YEAR');
    const badItem = await post('/api/claims', w.cadre.h, { ruleItemId: 999999, occurredOn: '2026-05-01', description: 'x' });
    expect(badItem.statusCode).toBe(400);
    expect(badItem.json().message).toContain('ruleItemId');
    const badDate = await post('/api/claims', w.cadre.h, { ruleItemId: w.items.theory, occurredOn: '2026-02-30', description: 'x' });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().message).toContain('occurredOn');
    const empty = await post('/api/claims', w.cadre.h, { ruleItemId: w.items.theory, occurredOn: '2026-05-01', description: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toContain('description');
    const qty = await post('/api/claims', w.cadre.h, { ruleItemId: w.items.theory, occurredOn: '2026-05-01', description: 'x', quantity: 0 });
    expect(qty.statusCode).toBe(400);
    expect(qty.json().message).toContain('quantity');
  });

  it('flags a likely duplicate for the scorekeeper without refusing it', async () => {
    await submit(t, w.cadre2, w.items.training, '2026-10-10');
    const r = await post('/api/claims', w.cadre2.h, { ruleItemId: w.items.training, occurredOn: '2026-10-10', description: '同一培训班' });
    expect(r.statusCode).toBe(201);
    expect(r.json().warnings).toEqual([expect.objectContaining({ code: 'DUPLICATE' })]);
  });
});

describe('claims: visibility', () => {
  it('a cadre sees own claims; the branch scorekeeper sees the branch; another branch sees nothing', async () => {
    const id = await submit(t, w.cadre, w.items.theory, '2026-11-03');
    expect((await t.app.inject({ url: `/api/claims/${id}`, headers: w.cadre.h })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/claims/${id}`, headers: w.sk.h })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/claims/${id}`, headers: w.cadre2.h })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/claims/${id}`, headers: w.otherSk.h })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/claims/${id}`, headers: w.admin.h })).statusCode).toBe(200);
    const mine = (await t.app.inject({ url: '/api/claims?limit=500', headers: w.cadre2.h })).json();
    expect(mine.items.every((c: { userId: number }) => c.userId === w.cadre2.user.id)).toBe(true);
    const branchList = (await t.app.inject({ url: '/api/claims?status=submitted&limit=500', headers: w.sk.h })).json();
    expect(branchList.items.some((c: { id: number }) => c.id === id)).toBe(true);
    const otherList = (await t.app.inject({ url: '/api/claims?limit=500', headers: w.otherSk.h })).json();
    expect(otherList.items.some((c: { id: number }) => c.id === id)).toBe(false);
  });
});

describe('claims: the state machine', () => {
  it('record: points as claimed; adjustment needs a reason; own claim 403; other branch 404; twice 409', async () => {
    const id = await submit(t, w.cadre, w.items.lecture_hall, '2026-10-12', 2);
    const noReason = await post(`/api/claims/${id}/record`, w.sk.h, { points: 3 });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().message).toContain('reason');
    expect((await post(`/api/claims/${id}/record`, w.otherSk.h, {})).statusCode).toBe(404);
    expect((await post(`/api/claims/${id}/record`, w.cadre2.h, {})).statusCode).toBe(403);
    const ok = await post(`/api/claims/${id}/record`, w.sk.h, { points: 3, reason: '第二场仅参加半场' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'recorded', recordedPoints: 3, recordedBy: w.sk.user.id, reason: '第二场仅参加半场', claimedPoints: 6, netPoints: 3 });
    const again = await post(`/api/claims/${id}/record`, w.sk2.h, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CLAIM_NOT_SUBMITTED');
    const own = await submit(t, w.sk, w.items.theory, '2026-10-12');
    const self = await post(`/api/claims/${own}/record`, w.sk.h, {});
    expect(self.statusCode).toBe(403);
    expect((await post(`/api/claims/${own}/record`, w.sk2.h, {})).statusCode).toBe(200);
  });

  it('return → edit → resubmit → record; only the claimant edits, only while returned', async () => {
    const id = await submit(t, w.cadre, w.items.reading, '2026-09-05');
    expect((await t.app.inject({ method: 'PATCH', url: `/api/claims/${id}`, headers: w.cadre.h, payload: { description: 'x' } })).statusCode).toBe(409);
    const noReason = await post(`/api/claims/${id}/return`, w.sk.h, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().message).toContain('reason');
    const ret = await post(`/api/claims/${id}/return`, w.sk.h, { reason: '请写明所读书目' });
    expect(ret.json()).toMatchObject({ status: 'returned', reason: '请写明所读书目' });
    expect((await t.app.inject({ method: 'PATCH', url: `/api/claims/${id}`, headers: w.sk.h, payload: { description: 'x' } })).statusCode).toBe(403);
    const edit = await t.app.inject({ method: 'PATCH', url: `/api/claims/${id}`, headers: w.cadre.h, payload: { description: '读书会：《习近平经济思想学习纲要》', quantity: 2 } });
    expect(edit.statusCode).toBe(200);
    expect(edit.json()).toMatchObject({ status: 'submitted', claimedPoints: 4, version: 3 });
    expect((await post(`/api/claims/${id}/record`, w.sk.h, {})).json()).toMatchObject({ status: 'recorded', recordedPoints: 4 });
  });

  it('reject with a reason; withdraw only own, only while submitted or returned', async () => {
    const a = await submit(t, w.cadre, w.items.training, '2026-08-01');
    expect((await post(`/api/claims/${a}/reject`, w.sk.h, { reason: '未参加该培训班' })).json()).toMatchObject({ status: 'rejected', reason: '未参加该培训班' });
    expect((await post(`/api/claims/${a}/withdraw`, w.cadre.h)).statusCode).toBe(409);
    const b = await submit(t, w.cadre, w.items.training, '2026-08-02');
    expect((await post(`/api/claims/${b}/withdraw`, w.sk.h)).statusCode).toBe(403);
    expect((await post(`/api/claims/${b}/withdraw`, w.cadre.h)).json()).toMatchObject({ status: 'withdrawn' });
    expect((await post(`/api/claims/${b}/record`, w.sk.h)).statusCode).toBe(409);
  });

  it('evidence: required items cannot be recorded without it; upload checks type by content; served only to those who may see the claim', async () => {
    const id = await submit(t, w.cadre, w.items.visit, '2026-07-01');
    const missing = await post(`/api/claims/${id}/record`, w.sk.h, {});
    expect(missing.statusCode).toBe(409);
    expect(missing.json().code).toBe('EVIDENCE_MISSING');
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const fake = Buffer.from('MZ this is an exe pretending');
    const upload = (buf: Buffer, name: string, h = w.cadre.h) => {
      const boundary = '----xj' + Math.random().toString(16).slice(2);
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`),
        buf,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return t.app.inject({ method: 'POST', url: `/api/claims/${id}/evidence`, headers: { ...h, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    };
    const bad = await upload(fake, 'photo.png');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('FILE_TYPE');
    expect((await upload(png, 'x.png', w.sk.h)).statusCode).toBe(403);
    const ok = await upload(png, '../../etc/参观照片.png');
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ filename: '参观照片.png', size: png.length });
    expect(ok.json().sha256).toMatch(/^[0-9a-f]{64}$/);
    const evId = ok.json().id;
    const dl = await t.app.inject({ url: `/api/evidence/${evId}`, headers: w.sk.h });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('image/png');
    expect(dl.rawPayload.equals(png)).toBe(true);
    expect((await t.app.inject({ url: `/api/evidence/${evId}`, headers: w.otherSk.h })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/evidence/${evId}`, headers: w.cadre2.h })).statusCode).toBe(404);
    // The same file on another claim is flagged as reused.
    const id2 = await submit(t, w.cadre, w.items.visit, '2026-07-02');
    const boundary = '----xj2';
    const again = await t.app.inject({
      method: 'POST', url: `/api/claims/${id2}/evidence`, headers: { ...w.cadre.h, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`), png, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    });
    expect(again.statusCode).toBe(201);
    const detail = (await t.app.inject({ url: `/api/claims/${id2}`, headers: w.sk.h })).json();
    expect(detail.warnings).toEqual([expect.objectContaining({ code: 'EVIDENCE_REUSED', claimIds: [id] })]);
    expect((await post(`/api/claims/${id}/record`, w.sk.h, {})).statusCode).toBe(200);
  });

  it('adjust and reverse add ledger entries, never edit the record', async () => {
    const id = await submit(t, w.cadre2, w.items.micro_lecture, '2026-06-06');
    await record(t, w.sk, id);
    const adj = await post(`/api/claims/${id}/adjust`, w.sk.h, { points: -2, reason: '授课时长不足' });
    expect(adj.json()).toMatchObject({ recordedPoints: 5, netPoints: 3 });
    expect((await post(`/api/claims/${id}/adjust`, w.sk.h, { points: -9, reason: 'x' })).statusCode).toBe(400);
    const rev = await post(`/api/claims/${id}/reverse`, w.sk.h, { reason: '重复记录' });
    expect(rev.json()).toMatchObject({ recordedPoints: 5, netPoints: 0 });
    const d = (await t.app.inject({ url: `/api/claims/${id}`, headers: w.cadre2.h })).json();
    expect(d.ledger.map((l: { kind: string; points: number }) => [l.kind, l.points])).toEqual([['record', 5], ['adjustment', -2], ['reversal', -3]]);
  });
});
