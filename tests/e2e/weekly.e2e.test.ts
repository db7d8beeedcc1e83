import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { e2eSkipReason, launchBrowser, loginAs, shot as rawShot, startServer, type RunningServer } from '../helpers/e2e';

const skip = e2eSkipReason();
if (skip) console.warn(skip);

// Element Plus tags zoom in when they appear: let the transition finish before the picture.
const shot = async (page: Page, name: string) => {
  await page.waitForTimeout(400);
  return rawShot(page, name);
};

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

  it('科室负责人汇报重点任务进展，部领导点评，汇报人看到点评（390px / 1440px）', async () => {
    // 张伟 (组织科) has not reported “四型”社区创建 this week.
    const zw = await pageAs('zhangwei', 390);
    await zw.goto(`${server.url}/weekly/tasks`);
    await zw.getByText('挂图作战', { exact: false }).first().waitFor().catch(() => undefined);
    await zw.locator('.task', { hasText: '“四型”社区创建' }).click();
    await zw.getByText('历次汇报').waitFor();
    await shot(zw, 'weekly-task-before-report-390');
    await zw.getByTestId('report-form').waitFor();
    await zw.getByTestId('report-form').getByText('有风险', { exact: true }).click();
    await zw.getByTestId('report-form').locator('textarea').fill('浏览器测试：2 个示范社区场地尚未落实，正在协调。');
    await zw.getByTestId('report-form').getByRole('button', { name: '汇报进度' }).click();
    await zw.getByText('浏览器测试：2 个示范社区场地尚未落实').waitFor();
    const taskUrl = zw.url();
    await shot(zw, 'weekly-task-report-390');

    const bz = await pageAs('buzhang', 1440);
    await bz.goto(taskUrl);
    const item = bz.locator('.wk-item', { hasText: '浏览器测试：2 个示范社区场地尚未落实' });
    await item.getByRole('textbox').fill('场地问题部里协调，下周汇报落实情况。');
    await item.getByRole('button', { name: '点评' }).click();
    await item.getByText('领导点评（汪振华）').waitFor();
    await bz.goto(`${server.url}/weekly/tasks`);
    await bz.locator('.task').first().waitFor();
    await shot(bz, 'weekly-board-1440');
    await bz.goto(`${server.url}/weekly`);
    await bz.getByTestId('week-range').waitFor();
    await bz.getByText('场地问题部里协调').first().waitFor();
    await shot(bz, 'weekly-week-1440');
    await bz.getByTestId('material-button').click();
    await bz.getByTestId('material-paragraph').waitFor();
    await expect(bz.getByTestId('material-paragraph').textContent()).resolves.toContain('部领导点评');
    await shot(bz, 'weekly-week-material-1440');
    await bz.goto(`${server.url}/weekly/lectures`);
    await bz.getByTestId('my-next').waitFor();
    await shot(bz, 'weekly-lectures-1440');
    await bz.close();

    await zw.reload();
    await zw.getByText('场地问题部里协调，下周汇报落实情况。').waitFor();
    await zw.goto(`${server.url}/weekly`);
    await zw.getByTestId('week-range').waitFor();
    await shot(zw, 'weekly-week-390');
    await zw.goto(`${server.url}/weekly/tasks`);
    await zw.locator('.task').first().waitFor();
    await shot(zw, 'weekly-board-390');
    await zw.goto(`${server.url}/weekly/lectures`);
    await zw.getByTestId('my-next').waitFor();
    await shot(zw, 'weekly-lectures-390');
    const lec = zw.locator('a.wk-item').first();
    await lec.click();
    await zw.getByText('领导点评').first().waitFor();
    await shot(zw, 'weekly-lecture-390');
    await zw.close();
  });

  it('干部在手机上参加业务知识测试，交卷后看到成绩（390px）', async () => {
    const page = await pageAs('lina', 390);
    await page.goto(`${server.url}/weekly/quiz`);
    await page.getByRole('button', { name: '开始答题' }).first().click();
    await page.getByTestId('quiz-paper').waitFor();
    await page.getByTestId('quiz-paper').getByText('2021 年', { exact: false }).first().click();
    await shot(page, 'weekly-quiz-paper-390');
    await page.getByRole('button', { name: '交卷' }).click();
    await page.getByRole('button', { name: '确定' }).click();
    await page.getByTestId('quiz-result').waitFor();
    await expect(page.getByTestId('quiz-result').textContent()).resolves.toContain('成绩');
    await shot(page, 'weekly-quiz-result-390');
    await page.close();
    const sk = await pageAs('jifen1', 1440);
    await sk.goto(`${server.url}/weekly/quiz`);
    await sk.getByRole('button', { name: '成绩统计' }).first().click();
    await sk.getByText('及格率').waitFor();
    await shot(sk, 'weekly-quiz-stats-1440');
    await sk.close();
  });
});
