import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { e2eSkipReason, launchBrowser, loginAs, shot, startServer, type RunningServer } from '../helpers/e2e';

const skip = e2eSkipReason();
if (skip) console.warn(skip);

const viewports = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desk', width: 1440, height: 900 },
] as const;

describe.skipIf(!!skip)('登录与首页（浏览器）', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    // Browser first: with E2E=1 and no Chromium this fails at once, before the slow server start.
    browser = await launchBrowser();
    server = await startServer();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const vp of viewports) {
    it(`组工干部 zhangwei 登录后看到自己的首页（${vp.width}px）`, async () => {
      const page = await browser.newPage({ viewport: { width: vp.width, height: vp.height } });
      await page.goto(`${server.url}/`);
      // Not signed in: the guard sends to the login page.
      await page.waitForURL(/\/login/);
      await expect(page.getByRole('heading', { name: '学习积分' }).isVisible()).resolves.toBe(true);
      await page.getByTestId('demo-accounts').waitFor();
      await shot(page, `login-${vp.width}`);

      // A wrong password is refused on the page, with the API's message.
      await page.getByLabel('登录名').fill('zhangwei');
      await page.getByLabel('密码', { exact: true }).fill('wrong-password');
      await page.getByRole('button', { name: '登 录' }).click();
      await page.getByRole('alert').waitFor();
      expect(page.url()).toContain('/login');

      await loginAs(page, server.url, 'zhangwei');
      await page.getByText('您好，张伟').waitFor();
      const body = await page.textContent('body');
      expect(body).toContain('组织科');
      expect(body).toContain('组工干部');
      expect(body).toContain('即将接入');
      // A cadre has no admin menu and is refused the admin page.
      expect(body).not.toContain('人员管理');
      await shot(page, `home-zhangwei-${vp.width}`);
      await page.goto(`${server.url}/admin/users`);
      await page.getByText('403 · 无权访问').waitFor();
      await page.close();
    });

    it(`管理员 admin 登录后进入人员管理（${vp.width}px）`, async () => {
      const page = await browser.newPage({ viewport: { width: vp.width, height: vp.height } });
      await loginAs(page, server.url, 'admin');
      await page.getByText('各支部、科室人数').waitFor();
      if (vp.width < 768) {
        await page.getByRole('button', { name: '菜单' }).click();
      }
      await page.getByRole('menuitem', { name: '人员管理' }).click();
      await page.waitForURL(/\/admin\/users/);
      await page.getByText('张伟').first().waitFor();
      expect(await page.textContent('body')).toContain('共 ');
      await shot(page, `admin-users-${vp.width}`);
      // Nothing wider than the viewport on a phone.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.close();
    });
  }
});
