import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { e2eSkipReason, launchBrowser, loginAs, shot, startServer, type RunningServer } from '../helpers/e2e';

const skip = e2eSkipReason();
if (skip) console.warn(skip);

const viewports = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desk', width: 1440, height: 900 },
] as const;
const year = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));

async function openMenu(page: Page, width: number, name: string) {
  if (width < 768) await page.getByRole('button', { name: '菜单' }).click();
  await page.getByRole('menuitem', { name }).click();
}
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe.skipIf(!!skip)('系统管理：积分管理办法与审计日志（浏览器）', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const vp of viewports) {
    it(`管理员查看本年度积分管理办法：已锁定，列出项目（${vp.width}px）`, async () => {
      const page = await browser.newPage({ viewport: { width: vp.width, height: vp.height } });
      await loginAs(page, server.url, 'admin');
      await page.getByText('各支部、科室人数').waitFor();
      await openMenu(page, vp.width, '积分管理办法');
      await page.waitForURL(/\/admin\/rules/);
      await page.getByTestId(`year-${year}`).waitFor();
      await page.getByTestId('locked-tag').waitFor();
      expect(await page.getByTestId(`year-${year}`).textContent()).toContain('已锁定');
      expect(await page.getByTestId('lock-hint').textContent()).toContain('原有项目不能修改或删除');
      await page.getByText('集中理论学习').first().waitFor();
      const body = (await page.textContent('body')) ?? '';
      expect(body).toContain('在重要刊物发表文章');
      expect(body).toContain('合格线');
      // A locked year has no whole-catalogue editor.
      expect(await page.getByTestId('rules-editor').count()).toBe(0);
      await shot(page, `admin-rules-${vp.width}`);
      if (vp.width < 768) expect(await overflow(page)).toBeLessThanOrEqual(0);
      await page.close();
    });

    it(`管理员校验审计日志哈希链：完好（${vp.width}px）`, async () => {
      const page = await browser.newPage({ viewport: { width: vp.width, height: vp.height } });
      await loginAs(page, server.url, 'admin');
      await page.getByText('各支部、科室人数').waitFor();
      await openMenu(page, vp.width, '审计日志');
      await page.waitForURL(/\/admin\/audit/);
      await page.getByTestId(vp.width < 768 ? 'audit-card' : 'audit-table').first().waitFor();
      await page.getByTestId('verify').click();
      const result = page.getByTestId('verify-result');
      await result.waitFor();
      expect(await result.textContent()).toContain('哈希链完好');
      expect((await page.getByTestId('head-hash').textContent())?.trim()).toMatch(/^[0-9a-f]{16,}$/);
      // Open the first row's changes.
      if (vp.width < 768) await page.getByRole('button', { name: '查看变更' }).first().click();
      else await page.locator('.el-table__expand-icon').first().click();
      await page.getByTestId('audit-diff').first().waitFor();
      await shot(page, `admin-audit-${vp.width}`);
      if (vp.width < 768) expect(await overflow(page)).toBeLessThanOrEqual(0);
      await page.close();
    });
  }

  it('锁定年度只能新增项目和停用：新增一项，再停用（1440px）', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await loginAs(page, server.url, 'admin');
    await page.goto(`${server.url}/admin/rules?year=${year}`);
    await page.getByTestId('locked-tag').waitFor();
    await page.getByTestId('add-item').click();
    // Element Plus puts the test id on the <input> itself, or on the wrapper of an input-number.
    const fill = async (id: string, value: string) => {
      const el = page.getByTestId(id);
      await ((await el.evaluate((e) => e.tagName)) === 'INPUT' ? el : el.locator('input')).fill(value);
    };
    await fill('add-code', 'e2e_item');
    await fill('add-name', '浏览器测试项目');
    await fill('add-points', '2');
    await page.getByTestId('add-submit').click();
    await page.locator('.el-message-box').getByRole('button', { name: '新增项目' }).click();
    await page.getByText('已新增项目').waitFor();
    const row = page.locator('tr', { hasText: '浏览器测试项目' });
    await row.waitFor();
    await row.getByRole('button', { name: '停用' }).click();
    await page.locator('.el-message-box').getByRole('button', { name: '停用' }).click();
    await row.getByText('已停用').first().waitFor();
    await shot(page, 'admin-rules-added-retired-1440');

    // The audit log shows both, newest first.
    await page.goto(`${server.url}/admin/audit`);
    await page.getByTestId('audit-table').waitFor();
    const first = page.locator('.el-table__body tr').first();
    expect(await first.textContent()).toContain('停用项目');
    await page.close();
  });

  it('新建年度：以最新年度为底稿，保存后可整体修改（1440px，再看 390px）', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await loginAs(page, server.url, 'admin');
    await page.goto(`${server.url}/admin/rules`);
    await page.getByTestId('locked-tag').waitFor();
    await page.getByTestId('new-year').click();
    const box = page.locator('.el-message-box');
    expect(await box.locator('input').inputValue()).toBe(String(year + 1));
    await box.getByRole('button', { name: '新建年度' }).click();
    await page.getByTestId('rules-editor').waitFor();
    // The copy leaves out the retired item.
    expect(await page.getByTestId('rule-row').count()).toBe(12);
    await page.getByTestId('save-rules').click();
    await page.locator('.el-message-box').getByRole('button', { name: '保存办法' }).click();
    await page.getByText('积分管理办法已保存').waitFor();
    expect(await page.getByTestId(`year-${year + 1}`).textContent()).toContain('可修改');

    // Edit in place: a new row without a code is refused on the field; with one it saves.
    await page.getByTestId('add-row-task').click();
    await page.getByTestId('save-rules').click();
    await page.getByText('请填写编码').waitFor();
    const row = page.locator('[data-block="task"] [data-testid="rule-row"]').last();
    await row.getByTestId('row-code').fill('e2e_task');
    await row.getByTestId('row-name').fill('浏览器测试任务');
    await row.getByTestId('row-points').locator('input').fill('3');
    await page.getByTestId('save-rules').click();
    await page.locator('.el-message-box').getByRole('button', { name: '保存办法' }).click();
    await page.getByText('积分管理办法已保存').first().waitFor();
    await page.getByTestId(`year-${year + 1}`).getByText('13 个项目').waitFor();
    await shot(page, 'admin-rules-editor-1440');
    await page.close();

    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await loginAs(phone, server.url, 'admin');
    await phone.goto(`${server.url}/admin/rules?year=${year + 1}`);
    await phone.getByTestId('rules-editor').waitFor();
    await shot(phone, 'admin-rules-editor-390');
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    await phone.close();
  });
});
