import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, SHOTS_DIR, e2eSkipReason, launchBrowser, loginAs, shot, startServer, type RunningServer } from '../helpers/e2e';
import { readSeedIssue } from '../helpers/bulletin-seed';
import { demoPng } from '../../db/seed/points';

const skip = e2eSkipReason();
if (skip) console.warn(skip);

async function api(server: RunningServer, token: string | null, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/api${path}`, {
    method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
const token = async (server: RunningServer, username: string) => (await api(server, null, 'POST', '/auth/login', { username, password: DEMO_PASSWORD })).token as string;

/** Where each contents entry points and the number Paged.js printed there, from the laid-out pages. */
async function tocCheck(page: Page) {
  return page.evaluate(() => {
    const pages = document.querySelector('.bp-pages')!;
    return [...pages.querySelectorAll<HTMLAnchorElement>('.bp-toc-page')].map((a) => {
      const target = pages.querySelector(a.getAttribute('href')!);
      const landed = target?.closest<HTMLElement>('.pagedjs_page')?.dataset.pageNumber ?? null;
      // Paged.js writes target-counter() as a CSS counter it resets to the target's page on this element.
      const content = getComputedStyle(a, '::after').content;
      const name = /counter\(([\w-]+)\)/.exec(content)?.[1];
      const reset = getComputedStyle(a, '::after').counterReset;
      const printed = name ? (new RegExp(`${name} (\\d+)`).exec(reset)?.[1] ?? null) : content.replace(/"/g, '');
      const text = a.closest('.bp-toc-entry')?.querySelector('.bp-toc-text')?.textContent ?? '';
      return { text, printed, landed };
    });
  });
}

describe.skipIf(!!skip)('组工信息（浏览器）', () => {
  let server: RunningServer;
  let browser: Browser;
  let seedIssueId: number;
  const seed = readSeedIssue();

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer();
    // The 安庆 第35期 fixture, entered through the API: three items by cadres, the 市外参考 item by the editor.
    const ed = await token(server, 'xinxi');
    const authors = [await token(server, 'zhangwei'), await token(server, 'lina'), await token(server, 'zhaolei')];
    const ids: number[] = [];
    for (const [k, it] of seed.items.entries()) {
      const who = it.section === 0 ? authors[k] : ed;
      const item = await api(server, who, 'POST', '/bulletin/items', { headline: it.headline, paragraphs: it.paragraphs, attribution: it.attribution, kind: it.section === 0 ? 'original' : 'reference' });
      await api(server, ed, 'POST', `/bulletin/items/${item.id}/adopt`, {});
      ids.push(item.id);
    }
    const title = await api(server, ed, 'POST', '/bulletin/titles', {
      name: seed.title, office: seed.office, sections: seed.sections, distribution: seed.distribution, startYear: new Date().getUTCFullYear(), startNumber: seed.number,
    });
    const issue = await api(server, ed, 'POST', '/bulletin/issues', { titleId: title.id, itemIds: ids });
    await api(server, ed, 'PATCH', `/bulletin/issues/${issue.id}`, {
      version: issue.version, entries: seed.items.map((it, k) => ({ itemId: ids[k], section: it.section, mark: it.section === 0 ? '领导批示' : null })),
    });
    const published = await api(server, ed, 'POST', `/bulletin/issues/${issue.id}/publish`, {});
    expect(published.number).toBe(seed.number);
    seedIssueId = issue.id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('印刷版：Paged.js 分页，目录页码与各条实际所在页一致，打印成 PDF', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await loginAs(page, server.url, 'zhangwei');
    await page.goto(`${server.url}/bulletin/issues/${seedIssueId}`);
    await page.locator('.bp-pages[data-rendered]').waitFor({ timeout: 60_000 });
    const total = Number(await page.locator('.bp-pages').getAttribute('data-rendered'));
    expect(total).toBeGreaterThanOrEqual(3);
    const toc = await tocCheck(page);
    expect(toc.map((e) => e.text)).toEqual(seed.items.map((i) => i.headline));
    for (const e of toc) {
      expect(e.landed, e.text).not.toBeNull();
      expect(e.printed, e.text).toBe(e.landed);
    }
    // Contents on page 1, the first item starts page 2, later items no earlier than earlier ones.
    expect(toc[0].printed).toBe('2');
    const nums = toc.map((e) => Number(e.printed));
    expect([...nums].sort((a, b) => a - b)).toEqual(nums);
    const text = await page.locator('.bp-pages').innerText();
    for (const s of [seed.title, `第 ${seed.number} 期`, seed.office, '★ 市内信息', '★ 市外参考', '领导批示：', `报：${seed.distribution.bao}`, `发：${seed.distribution.fa}`]) expect(text).toContain(s);
    const leads = await page.locator('.bp-pages b.bp-lead').allInnerTexts();
    expect(leads).toEqual(seed.items.flatMap((i) => i.paragraphs.filter((p) => p.lead).map((p) => p.lead)));
    await page.screenshot({ path: join(SHOTS_DIR, 'bulletin-print-1440.png') });
    // Print to PDF as a person would: the PDF has as many A4 pages as the preview.
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    mkdirSync(SHOTS_DIR, { recursive: true });
    writeFileSync(join(SHOTS_DIR, 'bulletin-print.pdf'), pdf);
    const pdfPages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pdfPages).toBe(total);
    await page.close();
  });

  it('干部写信息稿，信息员采用、编排、刊发，作者看到已刊发（1440px）', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await loginAs(page, server.url, 'wangqiang');
    await page.goto(`${server.url}/bulletin`);
    await page.getByTestId('my-quota').waitFor();
    await page.getByRole('button', { name: '写信息稿' }).click();
    await page.getByTestId('f-headline').fill('组织科开展“学经济”专题研讨');
    await page.getByTestId('f-body').fill('**聚焦主题。**围绕县域经济发展开展专题研讨。\n\n**成果转化。**形成调研报告3篇。');
    await page.locator('.item-form input[type=file]').setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: demoPng(3) });
    await page.getByTestId('f-submit').click();
    await page.getByText('已提交，等待信息员审核').waitFor();
    await page.getByTestId('my-item').filter({ hasText: '组织科开展“学经济”专题研讨' }).getByText('待审核').waitFor();
    await shot(page, 'bulletin-mine-1440');
    await page.close();

    const ed = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await loginAs(ed, server.url, 'xinxi');
    await ed.goto(`${server.url}/bulletin/review`);
    const card = ed.getByTestId('review-item').filter({ hasText: '组织科开展“学经济”专题研讨' });
    await card.getByRole('button', { name: '采用', exact: true }).click();
    await ed.getByText('已采用', { exact: true }).first().waitFor();
    await shot(ed, 'bulletin-review-1440');
    await ed.goto(`${server.url}/bulletin/issues`);
    await ed.getByTestId('new-issue').click();
    await ed.waitForURL(/\/bulletin\/issues\/\d+\/edit/);
    await ed.getByTestId('available').filter({ hasText: '组织科开展“学经济”专题研讨' }).getByRole('button', { name: '编入' }).click();
    await ed.getByTestId('entry').filter({ hasText: '组织科开展“学经济”专题研讨' }).waitFor();
    await ed.getByTestId('save-issue').click();
    await ed.getByText('已保存').waitFor();
    await ed.getByTestId('compose-preview').getByText('聚焦主题。').waitFor();
    await shot(ed, 'bulletin-compose-1440');
    await ed.getByTestId('publish-issue').click();
    await ed.getByRole('button', { name: '确定' }).click();
    await ed.waitForURL(/\/bulletin\/issues\/\d+$/);
    await ed.locator('.bp-pages[data-rendered]').waitFor({ timeout: 60_000 });
    const label = await ed.locator('.bp-label').innerText();
    expect(label).toMatch(/^组工信息 \d{4} 年第 \d+ 期$/);
    // The uploaded picture is laid out with the item.
    expect(await ed.locator('.bp-pages .bp-images img').count()).toBe(1);
    await shot(ed, 'bulletin-published-1440');
    await ed.close();

    // The author sees it published and credited.
    const au = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await loginAs(au, server.url, 'wangqiang');
    await au.goto(`${server.url}/bulletin`);
    await au.getByTestId('my-item').filter({ hasText: '组织科开展“学经济”专题研讨' }).getByText('已刊发').waitFor();
    const tk = await token(server, 'wangqiang');
    const claims = await api(server, tk, 'GET', '/claims?source=bulletin');
    expect(claims.items.some((c: { description: string; recordedPoints: number }) => c.description.includes('组织科开展“学经济”专题研讨') && c.recordedPoints === 2)).toBe(true);
    await au.close();
  });

  for (const vp of [{ w: 390, h: 844 }, { w: 1440, h: 900 }]) {
    it(`各页面在 ${vp.w}px 下可用，不出现横向滚动`, async () => {
      const page = await browser.newPage({ viewport: { width: vp.w, height: vp.h } });
      await loginAs(page, server.url, 'xinxi');
      for (const [path, name, ready] of [
        ['/bulletin', 'mine', 'my-quota'],
        ['/bulletin/review', 'review', 'bulletin-nav'],
        ['/bulletin/issues', 'issues', 'bulletin-nav'],
        ['/bulletin/quota', 'quota', 'quota-summary'],
        ['/bulletin/titles', 'titles', 'bulletin-nav'],
      ] as const) {
        await page.goto(`${server.url}${path}`);
        await page.getByTestId(ready).waitFor();
        await page.waitForTimeout(300);
        await shot(page, `bulletin-${name}-editor-${vp.w}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, path).toBeLessThanOrEqual(0);
      }
      await page.goto(`${server.url}/bulletin/issues/${seedIssueId}`);
      await page.locator('.bp-pages[data-rendered]').waitFor({ timeout: 60_000 });
      await page.screenshot({ path: join(SHOTS_DIR, `bulletin-print-${vp.w}.png`) });
      // A cadre cannot open the composer.
      const cadre = await browser.newPage({ viewport: { width: vp.w, height: vp.h } });
      await loginAs(cadre, server.url, 'lina');
      await cadre.goto(`${server.url}/bulletin/review`);
      await cadre.getByText('403 · 无权访问').waitFor();
      await cadre.close();
      await page.close();
    });
  }
});
