import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { e2eSkipReason, launchBrowser, loginAs, shot, startServer, type RunningServer } from '../helpers/e2e';

const skip = e2eSkipReason();
if (skip) console.warn(skip);

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe.skipIf(!!skip)('学讲评（浏览器）', () => {
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

  async function pageAs(username: string, width: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: width < 500 ? 844 : 900 } });
    await loginAs(page, server.url, username);
    return page;
  }

  it('计分员安排学习并登记考勤，结束记分后参加人员看到积分（1440px）', async () => {
    const page = await pageAs('jifen1', 1440);
    await page.goto(`${server.url}/weekly/study`);
    await page.getByTestId('sessions-held').waitFor();
    expect(Number(await page.getByTestId('sessions-held').textContent())).toBeGreaterThanOrEqual(21);
    await shot(page, 'weekly-study-1440');

    await page.getByRole('button', { name: '安排学习' }).click();
    const dlg = page.getByRole('dialog', { name: '安排学习' });
    await dlg.getByLabel('学习主题').fill('浏览器测试：学习《中国共产党组织工作条例》');
    await dlg.getByLabel('学习日期').fill(today());
    await dlg.getByLabel('学习日期').press('Enter');
    await dlg.getByLabel('领学/主讲').fill('储卫东');
    await dlg.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/weekly\/study\/\d+$/);
    await page.getByText('考勤登记').waitFor();

    // Bulk: the whole 组织科 attended.
    const org = page.locator('.sec', { hasText: '组织科' });
    await org.getByRole('button', { name: '本科室全部参加' }).click();
    await page.getByTestId('close-session').click();
    await page.getByRole('button', { name: '确定' }).click();
    await page.getByText('已结束记分').waitFor();
    await shot(page, 'weekly-session-closed-1440');
    const sessionUrl = page.url();
    await page.close();

    // 张伟 (组织科) sees his points on the session, with no claim of his own to file.
    const zw = await pageAs('zhangwei', 390);
    await zw.goto(sessionUrl);
    await zw.getByText('已结束记分').waitFor();
    const line = zw.locator('.line', { hasText: '张伟' });
    await expect(line.textContent()).resolves.toContain('+2 分');
    await shot(zw, 'weekly-session-cadre-390');
    await zw.goto(`${server.url}/weekly/study`);
    await zw.getByTestId('sessions-held').waitFor();
    await shot(zw, 'weekly-study-390');
    await zw.close();
  });
});
