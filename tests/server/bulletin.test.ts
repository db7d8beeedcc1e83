import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { createTestApp, type TestApp } from '../helpers/build-app';
import { actor } from '../helpers/factories';
import { pointsWorld, type Actor, type PointsWorld } from '../helpers/points';
import { readSeedIssue, type SeedIssue } from '../helpers/bulletin-seed';
import { demoPng } from '../../db/seed/points';

let t: TestApp;
let w: PointsWorld;
let editor: Actor;
let editor2: Actor;
let seed: SeedIssue;
let titleId: number;
let issueId: number;
const itemIds: number[] = [];

const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, who: Actor, payload?: unknown) =>
  t.app.inject({ method, url, headers: who.h, ...(payload !== undefined ? { payload: payload as object } : {}) });

/** Paragraph texts of word/document.xml in order, each with its runs and whether they are bold. */
function docxParagraphs(buf: Buffer) {
  const files = unzipSync(new Uint8Array(buf));
  const xml = strFromU8(files['word/document.xml']);
  const paras = xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? [];
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return {
    xml,
    files,
    paras: paras.map((p) => {
      const runs = (p.match(/<w:r>[\s\S]*?<\/w:r>|<w:r [\s\S]*?<\/w:r>/g) ?? []).map((r) => ({
        text: unescape((r.match(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g) ?? []).map((x) => x.replace(/<[^>]+>/g, '')).join('')),
        bold: /<w:b\/>|<w:b w:val="(true|1|on)"\/>/.test(r),
      }));
      return { text: runs.map((r) => r.text).join(''), runs, style: /<w:pStyle w:val="([^"]+)"/.exec(p)?.[1] ?? null };
    }),
  };
}

beforeAll(async () => {
  t = await createTestApp();
  w = await pointsWorld(t);
  const db = t.handle.db;
  const b1 = { branchId: w.org.b1, sectionId: w.org.s1a, unitId: w.org.unitId };
  editor = await actor(t.app, db, { roles: ['cadre', 'editor'], ...b1, name: '黄文静' });
  editor2 = await actor(t.app, db, { roles: ['cadre', 'editor'], ...b1, name: '信息员二' });
  // The 2026 rules of the test world lack 信息被采用: add it as an admin would.
  const r = await inject('POST', '/api/rules/items', w.admin, { year: 2026, code: 'info_adopted', name: '信息被采用', block: 'task', points: 2 });
  expect(r.statusCode, r.body).toBe(201);
  seed = readSeedIssue();
});
afterAll(async () => {
  await t?.close();
});

describe('信息稿：提交、审核', () => {
  it('坏输入返回 400 并指出字段', async () => {
    const r1 = await inject('POST', '/api/bulletin/items', w.cadre, { headline: '  ', paragraphs: [{ text: '正文' }], attribution: '宿松县委组织部' });
    expect(r1.statusCode).toBe(400);
    expect(r1.json().message).toContain('headline');
    const r2 = await inject('POST', '/api/bulletin/items', w.cadre, { headline: '标题', paragraphs: [], attribution: '宿松县委组织部' });
    expect(r2.statusCode).toBe(400);
    expect(r2.json().message).toContain('paragraphs');
    const r3 = await inject('POST', '/api/bulletin/items', w.cadre, { headline: '标题', paragraphs: [{ lead: ' ', text: ' ' }], attribution: '宿松县委组织部' });
    expect(r3.statusCode).toBe(400);
    expect(r3.json().message).toContain('paragraphs[0]');
    const r4 = await inject('POST', '/api/bulletin/items', w.cadre, { headline: '标题', paragraphs: [{ text: '正文' }] });
    expect(r4.statusCode).toBe(400);
    expect(r4.json().message).toContain('attribution');
    const r5 = await inject('POST', '/api/bulletin/items', w.cadre, { headline: '标题', paragraphs: [{ text: '正文' }], attribution: '某部', kind: 'reference' });
    expect(r5.statusCode).toBe(403);
  });

  it('种子文档的四条信息经 API 录入：三条由干部报送，一条外地参考由信息员摘编', async () => {
    const authors = [w.cadre, w.cadre2, w.cadre];
    for (const [k, it] of seed.items.entries()) {
      const who = it.section === 0 ? authors[k] : editor;
      const r = await inject('POST', '/api/bulletin/items', who, { headline: it.headline, paragraphs: it.paragraphs, attribution: it.attribution, kind: it.section === 0 ? 'original' : 'reference' });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json().status).toBe('submitted');
      expect(r.json().paragraphs[0]).toEqual(it.paragraphs[0]);
      itemIds.push(r.json().id);
    }
  });

  it('审核：只有信息员；退回须写意见，作者修改后重新提交；不能审核本人的原创稿', async () => {
    expect((await inject('POST', `/api/bulletin/items/${itemIds[0]}/adopt`, w.cadre2, {})).statusCode).toBe(403);
    expect((await inject('POST', `/api/bulletin/items/${itemIds[0]}/return`, editor, {})).statusCode).toBe(400);
    const ret = await inject('POST', `/api/bulletin/items/${itemIds[0]}/return`, editor, { comment: '请补充具体数字' });
    expect(ret.json().status).toBe('returned');
    expect(ret.json().reviewComment).toBe('请补充具体数字');
    // Only the author edits; then it waits for review again.
    expect((await inject('PATCH', `/api/bulletin/items/${itemIds[0]}`, w.cadre2, { headline: 'x' })).statusCode).toBe(404);
    const ed = await inject('PATCH', `/api/bulletin/items/${itemIds[0]}`, w.cadre, { headline: seed.items[0].headline });
    expect(ed.statusCode, ed.body).toBe(200);
    expect(ed.json().status).toBe('submitted');
    for (const id of itemIds) {
      const r = await inject('POST', `/api/bulletin/items/${id}/adopt`, editor, {});
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().status).toBe('adopted');
    }
    // Twice: the second decision loses.
    expect((await inject('POST', `/api/bulletin/items/${itemIds[1]}/reject`, editor, { comment: '重复' })).statusCode).toBe(409);
    // An editor's own original item needs another editor.
    const own = await inject('POST', '/api/bulletin/items', editor, { headline: '信息员自己的稿件', paragraphs: [{ text: '正文' }], attribution: '测试县委组织部' });
    expect((await inject('POST', `/api/bulletin/items/${own.json().id}/adopt`, editor, {})).statusCode).toBe(403);
    expect((await inject('POST', `/api/bulletin/items/${own.json().id}/reject`, editor2, { comment: '内容单薄' })).json().status).toBe('rejected');
  });

  it('干部只看得到自己的稿件；信息员看全部', async () => {
    const mine = await inject('GET', '/api/bulletin/items', w.cadre2);
    expect(mine.json().items.every((i: { authorId: number }) => i.authorId === w.cadre2.user.id)).toBe(true);
    expect((await inject('GET', `/api/bulletin/items/${itemIds[0]}`, w.cadre2)).statusCode).toBe(404);
    const all = await inject('GET', '/api/bulletin/items?status=adopted', editor);
    expect(all.json().total).toBe(4);
  });
});

describe('刊物、编排、刊发', () => {
  it('新建刊物：起始期号 35，报送发范围', async () => {
    expect((await inject('POST', '/api/bulletin/titles', w.cadre, { name: seed.title, office: seed.office })).statusCode).toBe(403);
    const r = await inject('POST', '/api/bulletin/titles', editor, {
      name: seed.title, office: seed.office, sections: ['★ 市内信息', '市外参考'], distribution: seed.distribution, startYear: 2026, startNumber: seed.number,
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().sections).toEqual(['市内信息', '市外参考']);
    titleId = r.json().id;
    expect((await inject('POST', '/api/bulletin/titles', editor, { name: seed.title, office: seed.office })).statusCode).toBe(409);
  });

  it('只有信息员编排：干部、部领导 403', async () => {
    for (const who of [w.cadre, w.leader, w.admin]) {
      expect((await inject('POST', '/api/bulletin/issues', who, { titleId })).statusCode).toBe(403);
    }
  });

  it('编排一期：选稿、分栏、排序、标记领导批示；草稿对干部不可见', async () => {
    const c = await inject('POST', '/api/bulletin/issues', editor, { titleId, itemIds: [itemIds[1], itemIds[3]] });
    expect(c.statusCode, c.body).toBe(201);
    issueId = c.json().id;
    expect(c.json().number).toBeNull();
    // The reference item lands in the second section by default.
    expect(c.json().entries.map((e: { section: number }) => e.section)).toEqual([0, 1]);
    const entries = seed.items.map((it, k) => ({ itemId: itemIds[k], section: it.section, mark: it.section === 0 ? '领导批示' : null }));
    const bad = await inject('PATCH', `/api/bulletin/issues/${issueId}`, editor, { version: c.json().version, entries: [{ itemId: itemIds[0], section: 5 }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('entries[0].section');
    const stale = await inject('PATCH', `/api/bulletin/issues/${issueId}`, editor, { version: 99, entries });
    expect(stale.statusCode).toBe(409);
    const u = await inject('PATCH', `/api/bulletin/issues/${issueId}`, editor, { version: c.json().version, entries });
    expect(u.statusCode, u.body).toBe(200);
    expect(u.json().entries.map((e: { headline: string }) => e.headline)).toEqual(seed.items.map((i) => i.headline));
    expect(u.json().entries.map((e: { position: number }) => e.position)).toEqual([0, 1, 2, 0]);
    expect((await inject('GET', `/api/bulletin/issues/${issueId}`, w.cadre)).statusCode).toBe(404);
    expect((await inject('GET', '/api/bulletin/issues?status=draft', w.cadre)).json().total).toBe(0);
    // An item cannot sit in two issues.
    const other = await inject('POST', '/api/bulletin/issues', editor2, { titleId, itemIds: [itemIds[0]] });
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe('ITEM_IN_OTHER_ISSUE');
  });

  it('刊发：期号 35，本期锁定，作者各记一次“信息被采用”，外地参考不记分', async () => {
    expect((await inject('POST', `/api/bulletin/issues/${issueId}/publish`, w.cadre, {})).statusCode).toBe(403);
    expect((await inject('POST', `/api/bulletin/issues/${issueId}/publish`, editor, { issueDate: '2026-12-01' })).statusCode).toBe(400);
    const p = await inject('POST', `/api/bulletin/issues/${issueId}/publish`, editor, { issueDate: '2026-11-20' });
    expect(p.statusCode, p.body).toBe(200);
    const issue = p.json();
    expect(issue.status).toBe('published');
    expect(issue.number).toBe(35);
    expect(issue.year).toBe(2026);
    expect(issue.credits).toHaveLength(3);
    expect(issue.credits.every((c: { points: number }) => c.points === 2)).toBe(true);
    // Locked.
    expect((await inject('POST', `/api/bulletin/issues/${issueId}/publish`, editor, {})).statusCode).toBe(409);
    expect((await inject('PATCH', `/api/bulletin/issues/${issueId}`, editor, { version: issue.version, note: 'x' })).json().code).toBe('ISSUE_PUBLISHED');
    expect((await inject('DELETE', `/api/bulletin/issues/${issueId}`, editor)).statusCode).toBe(409);
    // The authors see the points in their own claims, recorded, source bulletin.
    const mine = await inject('GET', '/api/claims?source=bulletin', w.cadre);
    expect(mine.json().items.map((c: { sourceRef: string }) => c.sourceRef).sort()).toEqual([`bulletin-item:${itemIds[0]}`, `bulletin-item:${itemIds[2]}`]);
    expect(mine.json().items.every((c: { status: string; recordedPoints: number; ruleItemName: string }) => c.status === 'recorded' && c.recordedPoints === 2 && c.ruleItemName === '信息被采用')).toBe(true);
    const ed = await inject('GET', '/api/claims?source=bulletin', editor);
    expect(ed.json().total).toBe(0);
    // Everyone may read it now.
    const seen = await inject('GET', `/api/bulletin/issues/${issueId}`, w.cadre2);
    expect(seen.statusCode).toBe(200);
    const item = await inject('GET', `/api/bulletin/items/${itemIds[0]}`, w.cadre);
    expect(item.json().status).toBe('published');
    expect(item.json().issueLabel).toBe('安庆组工信息 2026 年第 35 期');
  });

  it('被上级刊物采用：奖励分只记一次', async () => {
    const r = await inject('POST', `/api/bulletin/items/${itemIds[1]}/higher`, editor, { publication: '《安徽组工信息》2026 年第 12 期', on: '2026-11-20' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().higherPublication).toContain('安徽组工信息');
    expect((await inject('POST', `/api/bulletin/items/${itemIds[1]}/higher`, editor, { publication: '再次', on: '2026-11-20' })).statusCode).toBe(409);
    expect((await inject('POST', `/api/bulletin/items/${itemIds[3]}/higher`, editor, { publication: '某刊', on: '2026-11-20' })).json().code).toBe('ITEM_IS_REFERENCE');
    const claims = await inject('GET', '/api/claims?source=bulletin', w.cadre2);
    const pts = claims.json().items.map((c: { ruleItemName: string; recordedPoints: number }) => [c.ruleItemName, c.recordedPoints]).sort();
    expect(pts).toEqual([['信息被采用', 2], ['在重要刊物发表文章', 10]]);
  });

  it('Word 文档：按顺序有报头、期号、目录、两个栏目、各条标题、加粗的段首语、署名、报送发', async () => {
    const r = await inject('GET', `/api/bulletin/issues/${issueId}/docx`, w.cadre);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('wordprocessingml');
    const { xml, files, paras } = docxParagraphs(r.rawPayload);
    const texts = paras.map((p) => p.text);
    let at = 0;
    const next = (pred: (s: string) => boolean, what: string) => {
      const i = texts.findIndex((s, k) => k >= at && pred(s));
      expect(i, `${what} after paragraph ${at}`).toBeGreaterThanOrEqual(0);
      at = i + 1;
      return i;
    };
    next((s) => s === seed.title, 'masthead');
    next((s) => s.includes(`第 ${seed.number} 期`), 'number');
    next((s) => s.includes(seed.office) && s.includes('2026 年 11 月 20 日'), 'office and date');
    // A real TOC field, with an entry per section and headline before the body starts.
    expect(xml).toMatch(/<w:instrText[^>]*>TOC [^<]*\\o &quot;1-2&quot;/);
    const tocStart = at;
    next((s) => s.includes('★ 市内信息'), 'contents: section 1');
    for (const it of seed.items.slice(0, 3)) next((s) => s.includes(it.headline), `contents: ${it.headline}`);
    next((s) => s.includes('★ 市外参考'), 'contents: section 2');
    next((s) => s.includes(seed.items[3].headline), 'contents: reference item');
    expect(at).toBeGreaterThan(tocStart);
    // Body.
    const h1 = next((s) => s === '★ 市内信息', 'heading 市内信息');
    expect(paras[h1].style).toBe('Heading1');
    for (const [k, it] of seed.items.entries()) {
      if (k === 3) expect(paras[next((s) => s === '★ 市外参考', 'heading 市外参考')].style).toBe('Heading1');
      const h = next((s) => s === `△${it.headline}`, `headline ${k}`);
      expect(paras[h].style).toBe('Heading2');
      for (const p of it.paragraphs) {
        const i = next((s) => s.startsWith((p.lead ?? '') + p.text.slice(0, 10)), `paragraph of item ${k}`);
        if (p.lead) expect(paras[i].runs.find((r) => r.text === p.lead)?.bold, `bold lead ${p.lead}`).toBe(true);
        expect(paras[i].runs.filter((r) => r.text === p.text).every((r) => !r.bold)).toBe(true);
      }
      expect(texts[at - 1].endsWith(`（${it.attribution}）`)).toBe(true);
    }
    next((s) => s === `报：${seed.distribution.bao}`, '报');
    next((s) => s === `送：${seed.distribution.song}`, '送');
    next((s) => s === `发：${seed.distribution.fa}`, '发');
    // Fonts as government documents name them, with fallbacks; page numbers in the footer.
    expect(xml).toContain('仿宋_GB2312');
    expect(xml).toContain('方正小标宋简体');
    const fontTable = strFromU8(files['word/fontTable.xml']);
    expect(fontTable).toMatch(/w:name="仿宋_GB2312"><w:altName w:val="仿宋"/);
    const footer = Object.keys(files).filter((f) => /^word\/footer\d*\.xml$/.test(f)).map((f) => strFromU8(files[f])).join('');
    expect(footer).toContain('PAGE');
  });

  it('期号：每刊每年连续，两名信息员同时刊发得到相邻的号，不重复', async () => {
    const mk = async (who: Actor, headline: string) => {
      const it = await inject('POST', '/api/bulletin/items', w.cadre2, { headline, paragraphs: [{ lead: '抓落实。', text: '正文内容' }], attribution: '测试县委组织部' });
      await inject('POST', `/api/bulletin/items/${it.json().id}/adopt`, editor, {});
      const is = await inject('POST', '/api/bulletin/issues', who, { titleId, itemIds: [it.json().id] });
      expect(is.statusCode, is.body).toBe(201);
      return is.json().id as number;
    };
    const a = await mk(editor, '并发刊发一');
    const b = await mk(editor2, '并发刊发二');
    const [ra, rb] = await Promise.all([
      inject('POST', `/api/bulletin/issues/${a}/publish`, editor, {}),
      inject('POST', `/api/bulletin/issues/${b}/publish`, editor2, {}),
    ]);
    expect(ra.statusCode, ra.body).toBe(200);
    expect(rb.statusCode, rb.body).toBe(200);
    expect([ra.json().number, rb.json().number].sort()).toEqual([36, 37]);
    // Publishing the same draft twice at once: one wins.
    const c = await mk(editor, '同一期并发');
    const both = await Promise.all([inject('POST', `/api/bulletin/issues/${c}/publish`, editor, {}), inject('POST', `/api/bulletin/issues/${c}/publish`, editor2, {})]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(both.find((r) => r.statusCode === 200)!.json().number).toBe(38);
    // A deleted draft never consumed a number; the next is 39. A new year starts at 1.
    const d = await mk(editor, '删除的草稿');
    expect((await inject('DELETE', `/api/bulletin/issues/${d}`, editor)).statusCode).toBe(200);
    const e = await mk(editor, '下一期');
    expect((await inject('POST', `/api/bulletin/issues/${e}/publish`, editor, {})).json().number).toBe(39);
    const titles = await inject('GET', '/api/bulletin/titles', w.cadre);
    expect(titles.json().items[0].lastNumbers).toEqual([{ year: 2026, lastNumber: 39 }]);
  });

  it('更正：已刊发的一期不能改，更正作为新的一期编号刊发', async () => {
    const bad = await inject('POST', '/api/bulletin/issues', editor, { titleId, kind: 'erratum' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('correctsIssueId');
    const e = await inject('POST', '/api/bulletin/issues', editor, { titleId, kind: 'erratum', correctsIssueId: issueId });
    expect(e.statusCode, e.body).toBe(201);
    expect(e.json()).toMatchObject({ kind: 'erratum', correctsIssueId: issueId, status: 'draft', number: null });
    expect((await inject('DELETE', `/api/bulletin/issues/${e.json().id}`, editor)).statusCode).toBe(200);
  });

  it('归档检索：全文、署名单位、日期', async () => {
    const q = async (qs: string) => (await inject('GET', `/api/bulletin/issues?${qs}`, w.cadre)).json();
    expect((await q(`q=${encodeURIComponent('学习积分制')}`)).items.map((i: { number: number }) => i.number)).toEqual([35]);
    expect((await q(`unit=${encodeURIComponent('宜秀区')}`)).total).toBe(1);
    expect((await q(`unit=${encodeURIComponent('没有这个单位')}`)).total).toBe(0);
    expect((await q('from=2026-11-20&to=2026-11-20')).total).toBe(5);
    expect((await q('from=2026-11-21')).total).toBe(0);
    expect((await q('q=%25')).total).toBe(0);
  });
});

describe('配图', () => {
  const upload = (who: Actor, id: number, file: Buffer, name: string) => {
    const boundary = '----bp' + Math.random().toString(16).slice(2);
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return t.app.inject({ method: 'POST', url: `/api/bulletin/items/${id}/images`, headers: { ...who.h, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  };

  it('作者上传配图；只收图片；刊发后进入 Word 文档', async () => {
    const it0 = await inject('POST', '/api/bulletin/items', w.cadre, { headline: '带配图的信息', paragraphs: [{ lead: '现场。', text: '图为活动现场。' }], attribution: '测试县委组织部' });
    const id = it0.json().id;
    expect((await upload(w.cadre2, id, demoPng(7), 'a.png')).statusCode).toBe(404);
    const bad = await upload(w.cadre, id, Buffer.from('%PDF-1.4 not an image'), 'x.pdf');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('file');
    const ok = await upload(w.cadre, id, demoPng(7), '现场.png');
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await inject('GET', `/api/bulletin/items/${id}`, w.cadre)).json().images).toHaveLength(1);
    await inject('POST', `/api/bulletin/items/${id}/adopt`, editor, {});
    const is = await inject('POST', '/api/bulletin/issues', editor, { titleId, itemIds: [id] });
    await inject('POST', `/api/bulletin/issues/${is.json().id}/publish`, editor, {});
    const img = await inject('GET', `/api/bulletin/images/${ok.json().id}`, w.cadre2);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    const doc = await inject('GET', `/api/bulletin/issues/${is.json().id}/docx`, w.cadre2);
    const files = unzipSync(new Uint8Array(doc.rawPayload));
    expect(Object.keys(files).some((f) => /^word\/media\/.+\.png$/.test(f))).toBe(true);
    expect(strFromU8(files['word/document.xml'])).toContain('<w:drawing>');
  });
});

describe('报送任务（每周至少一篇，按北京时间周一至周日）', () => {
  it('周日 23:30 与周一 00:30 分属两周；本月按周计', async () => {
    const who = await actor(t.app, t.handle.db, { roles: ['cadre'], branchId: w.org.b2, sectionId: w.org.s2a, unitId: w.org.unitId, name: '报送测试' });
    const submitAt = async (iso: string) => {
      t.clock.set(iso);
      const r = await inject('POST', '/api/bulletin/items', who, { headline: `稿件 ${iso}`, paragraphs: [{ text: '正文' }], attribution: '测试县委组织部' });
      expect(r.statusCode).toBe(201);
      return r.json();
    };
    // Sunday 2026-11-22 23:30 in China = 15:30 UTC.
    expect((await submitAt('2026-11-22T15:30:00Z')).submittedOn).toBe('2026-11-22');
    let q = (await inject('GET', '/api/bulletin/quota', who)).json();
    expect(q.week).toEqual({ from: '2026-11-16', to: '2026-11-22' });
    expect(q.me).toMatchObject({ week: 1, weekMet: true, perWeek: 1 });
    expect(q.people).toEqual([]); // a cadre sees only their own line
    // Monday 00:30 in China is still Sunday in UTC: it counts for the new week.
    t.clock.set('2026-11-22T16:30:00Z');
    q = (await inject('GET', '/api/bulletin/quota', who)).json();
    expect(q.week).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(q.me).toMatchObject({ week: 0, weekMet: false });
    await submitAt('2026-11-22T16:30:00Z');
    q = (await inject('GET', '/api/bulletin/quota', who)).json();
    expect(q.me).toMatchObject({ week: 1, weekMet: true });
    // November's weeks (Thursday in November): 11-02 … 11-23 so far; only two were met.
    expect(q.me.monthWeeks).toBe(4);
    expect(q.me.monthWeeksMet).toBe(2);
    expect(q.me.monthMet).toBe(false);
    // The week 2026-11-30 – 12-06 belongs to December (its Thursday is 12-03).
    const dec = (await inject('GET', '/api/bulletin/quota?date=2026-11-30', who)).json();
    expect(dec.month).toEqual({ from: '2026-11-30', to: '2027-01-03' });
    expect(dec.me.monthWeeks).toBe(1);
    // A unit asking for two a week: the section's setting wins over the unit's.
    expect((await inject('POST', '/api/bulletin/quota/settings', w.cadre, { orgUnitId: w.org.unitId, perWeek: 2 })).statusCode).toBe(403);
    expect((await inject('POST', '/api/bulletin/quota/settings', editor, { orgUnitId: w.org.unitId, perWeek: 2 })).statusCode).toBe(200);
    q = (await inject('GET', '/api/bulletin/quota', who)).json();
    expect(q.me).toMatchObject({ perWeek: 2, week: 1, weekMet: false });
    await inject('POST', '/api/bulletin/quota/settings', editor, { orgUnitId: w.org.s2a, perWeek: 1 });
    q = (await inject('GET', '/api/bulletin/quota', who)).json();
    expect(q.me).toMatchObject({ perWeek: 1, weekMet: true });
    // The editor sees everyone.
    const all = (await inject('GET', '/api/bulletin/quota', editor)).json();
    expect(all.people.length).toBeGreaterThan(5);
    expect(all.people.find((p: { userId: number }) => p.userId === who.user.id).week).toBe(1);
    // Withdrawn items do not count; an editor's excerpt of another county's experience is not their writing.
    const third = await submitAt('2026-11-23T02:00:00Z');
    expect((await inject('GET', '/api/bulletin/quota', who)).json().me.week).toBe(2);
    await inject('POST', `/api/bulletin/items/${third.id}/withdraw`, who);
    expect((await inject('GET', '/api/bulletin/quota', who)).json().me.week).toBe(1);
    const before = (await inject('GET', '/api/bulletin/quota', editor)).json().me.week;
    await inject('POST', '/api/bulletin/items', editor, { headline: '外地经验', paragraphs: [{ text: '摘编' }], attribution: '某县委组织部', kind: 'reference' });
    expect((await inject('GET', '/api/bulletin/quota', editor)).json().me.week).toBe(before);
    t.clock.set('2026-11-24T02:00:00Z');
  });
});

describe('数据素材', () => {
  it('只给信息员；每句注明统计时段，来自真实记录', async () => {
    expect((await inject('GET', '/api/bulletin/facts', w.cadre)).statusCode).toBe(403);
    expect((await inject('GET', '/api/bulletin/facts?from=2026-11-30&to=2026-11-01', editor)).json().message).toContain('from');
    const f = (await inject('GET', '/api/bulletin/facts?from=2026-11-01&to=2026-11-24', editor)).json();
    const claims = f.items.find((i: { key: string }) => i.key === 'claims.recorded');
    expect(claims.period).toEqual({ from: '2026-11-01', to: '2026-11-24' });
    // 8 adoptions (3 of the seed issue, 4 of the numbering test, 1 with an image) and 1 publication: 8×2 + 10 points, 2 people.
    expect(claims.text).toContain('2名组工干部记录学习积分9项、计26分');
    const items = f.items.find((i: { key: string }) => i.key === 'bulletin.items');
    expect(items.text).toContain('2026年11月1日至2026年11月24日');
  });
});
