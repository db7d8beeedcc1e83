import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { e2eSkipReason, launchBrowser, loginAs, shot, startServer, type RunningServer } from '../helpers/e2e';

const skip = e2eSkipReason();
if (skip) console.warn(skip);

const DESK = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
// The department's calendar month (UTC+8), which is the demo's unpublished month.
const month = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(5, 7));

const confirmBox = (page: Page) => page.locator('.el-message-box__btns .el-button--primary').click();
const success = (page: Page, text: string) => page.locator('.el-message--success', { hasText: text }).first().waitFor();
const noOverflow = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

describe.skipIf(!!skip)('积分：党员提出异议 → 党支部裁定 → 季度审定 → 部领导看排行并导出（浏览器）', () => {
  let server: RunningServer;
  let browser: Browser;
  const pages: Record<string, Page> = {};
  const as = async (user: string, viewport = DESK) => {
    const key = `${user}-${viewport.width}`;
    if (!pages[key]) {
      pages[key] = await browser.newPage({ viewport });
      await loginAs(pages[key], server.url, user);
    }
    return pages[key];
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function monthTotal(leader: Page, name: string): Promise<number> {
    await leader.goto(`${server.url}/dashboard`);
    await leader.locator('.el-select', { has: leader.getByLabel('期间') }).first().click();
    await leader.locator('.el-select-dropdown__item').filter({ hasText: new RegExp(`^${month} 月$`) }).click();
    const row = leader.getByTestId('ranking-table').locator('tr', { hasText: name }).first();
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    return Number(cells[cells.length - 1].trim());
  }

  let before = 0;
  let objected = 0;

  it('计分员发布本月公示（公示期内才能提出异议）；部领导记下石国庆本月积分', async () => {
    const keeper = await as('jifen1');
    await keeper.goto(`${server.url}/scoring?tab=publish`);
    await keeper.getByTestId('publish-month').click();
    await confirmBox(keeper);
    await success(keeper, '已发布公示');
    before = await monthTotal(await as('buzhang'), '石国庆');
    expect(before).toBeGreaterThan(0);
  });

  it('党员李娜在公示中对石国庆的一条积分提出异议', async () => {
    const lina = await as('lina');
    await lina.goto(`${server.url}/publicity`);
    await lina.locator('.pub.open').first().click();
    await lina.getByTestId('window').getByText('剩余').waitFor();
    const person = lina.locator('section.person', { has: lina.locator('h4', { hasText: '石国庆' }) });
    const line = person.locator('li.line').first();
    objected = Number(await line.locator('.pts').textContent());
    await line.getByRole('button', { name: '提出异议' }).click();
    await lina.getByRole('dialog').getByLabel('异议理由').fill('当天石国庆同志在外参加培训，未参加该次学习');
    await lina.getByTestId('objection-submit').click();
    await confirmBox(lina);
    await success(lina, '异议已提交');
    await person.locator('[data-objection-status="open"]').first().waitFor();
    await shot(lina, 'points-publication-1440');
  });

  it('被异议人本人（石国庆）不能裁定：页面显示接口的理由；另一位支部委员裁定异议成立', async () => {
    const shuji = await as('shuji1');
    await shuji.goto(`${server.url}/publicity/objections`);
    const card = shuji.locator('.objection', { hasText: '当天石国庆同志在外参加培训' });
    await card.getByRole('button', { name: '裁定' }).click();
    await shuji.getByTestId('rule-upheld').click();
    await shuji.getByLabel('裁定意见').fill('本人裁定');
    await shuji.getByTestId('rule-submit').click();
    await confirmBox(shuji);
    const refusal = shuji.locator('.el-message--error').first();
    await refusal.waitFor();
    expect((await refusal.textContent())?.length).toBeGreaterThan(2);
    await shot(shuji, 'points-rule-refused-1440');
    await shuji.keyboard.press('Escape');

    const weiyuan = await as('weiyuan1');
    await weiyuan.goto(`${server.url}/publicity/objections`);
    await weiyuan.locator('.objection', { hasText: '当天石国庆同志在外参加培训' }).getByRole('button', { name: '裁定' }).click();
    await weiyuan.getByTestId('rule-upheld').click();
    await weiyuan.getByLabel('裁定意见').fill('经核对培训通知，当天确在外培训，异议成立');
    await weiyuan.getByTestId('rule-submit').click();
    await confirmBox(weiyuan);
    await success(weiyuan, '已裁定');
    await weiyuan.locator('.objection', { hasText: '当天石国庆同志在外参加培训' }).waitFor({ state: 'detached' });
    await weiyuan.locator('.el-radio-button', { hasText: '异议成立' }).click();
    await weiyuan.locator('.objection', { hasText: '异议成立' }).first().waitFor();
  });

  it('季度审定：第 4 季度未结束时显示每个阻碍及去处理的链接，按钮不可用；已审定的季度显示锁定', async () => {
    const shuji = await as('shuji1');
    await shuji.goto(`${server.url}/approval`);
    const list = shuji.locator('.checklist');
    await list.waitFor();
    expect(await list.getAttribute('data-state')).toBe('blocked');
    const codes = await list.locator('.blocker').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    expect(codes).toContain('QUARTER_NOT_ENDED');
    expect(codes).toContain('UNPUBLISHED_MONTH');
    expect(await shuji.getByTestId('approve').isDisabled()).toBe(true);
    await shot(shuji, 'points-approval-blocked-1440');
    // A blocker's link goes where it is fixed.
    await list.locator('.blocker[data-code="LATE_ENTRIES"] a, .blocker[data-code="UNPUBLISHED_MONTH"] a').first().click();
    await shuji.waitForURL(/\/scoring\?tab=publish|\/403/);
    await shuji.goto(`${server.url}/approval?year=${new Date().getFullYear()}&quarter=3`);
    await shuji.locator('.checklist[data-state="locked"]').waitFor();
    expect(await shuji.locator('.history .approved').count()).toBeGreaterThanOrEqual(3);
    await shot(shuji, 'points-approval-locked-1440');

    const phone = await as('shuji1', PHONE);
    await phone.goto(`${server.url}/approval`);
    await phone.locator('.checklist').waitFor();
    await noOverflow(phone);
    await shot(phone, 'points-approval-390');
  });

  it('部领导看到排行变化（成立的异议冲销了积分），并下载年度结果 Excel', async () => {
    const leader = await as('buzhang');
    const after = await monthTotal(leader, '石国庆');
    expect(after).toBe(before - objected);
    await shot(leader, 'points-dashboard-1440');
    await leader.goto(`${server.url}/dashboard/annual`);
    await leader.getByTestId('annual-table').locator('tr', { hasText: '约谈名单' }).first().waitFor();
    const [download] = await Promise.all([leader.waitForEvent('download'), leader.getByTestId('annual-download').click()]);
    expect(download.suggestedFilename()).toMatch(/年度学习积分结果\.xlsx$/);
    await shot(leader, 'points-annual-1440');

    const phone = await as('buzhang', PHONE);
    await phone.goto(`${server.url}/dashboard`);
    await phone.getByTestId('ranking-table').locator('tr').nth(3).waitFor();
    await phone.locator('canvas').first().waitFor();
    await noOverflow(phone);
    await shot(phone, 'points-dashboard-390');
    await phone.goto(`${server.url}/dashboard/annual`);
    await phone.getByTestId('annual-table').waitFor();
    await shot(phone, 'points-annual-390');
    const lina = await as('lina', PHONE);
    await lina.goto(`${server.url}/publicity`);
    await lina.locator('.pub.open').first().click();
    await lina.getByTestId('window').waitFor();
    await noOverflow(lina);
    await shot(lina, 'points-publication-390');
    await lina.goto(`${server.url}/archive`);
    await lina.locator('.sheet').waitFor();
    await shot(lina, 'points-archive-390');
  });
});
