import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { defineComponent, h } from 'vue';

vi.mock('element-plus', () => ({ ElMessage: { error: vi.fn(), success: vi.fn() } }));

import LoginPage from '../../web/src/views/login/index.vue';
import { router } from '../../web/src/router';

// Element Plus is resolved at build time by the Vite plugin; here its tags become plain wrappers.
const stub = (tag: string) => defineComponent({ setup: (_, { slots }) => () => h(tag, slots.default?.()) });
const global = {
  plugins: [router],
  components: { ElForm: stub('form'), ElFormItem: stub('div'), ElInput: stub('input'), ElAlert: stub('div'), ElButton: stub('button') },
};

function stubHealth(db: 'embedded' | 'postgres') {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ status: 'ok', db }), { status: 200 })));
}

beforeEach(() => {
  setActivePinia(createPinia());
  vi.unstubAllGlobals();
});

describe('登录页', () => {
  it('lists the demo accounts on the embedded demo database', async () => {
    stubHealth('embedded');
    const w = mount(LoginPage, { global });
    await flushPromises();
    const demo = w.find('[data-testid="demo-accounts"]');
    expect(demo.exists()).toBe(true);
    for (const u of ['admin', 'buzhang', 'jifen1', 'shuji1', 'xinxi', 'zhangwei']) expect(demo.text()).toContain(u);
    expect(demo.text()).toContain('Demo@2026');
  });

  it('hides them on a real PostgreSQL deployment', async () => {
    stubHealth('postgres');
    const w = mount(LoginPage, { global });
    await flushPromises();
    expect(w.find('[data-testid="demo-accounts"]').exists()).toBe(false);
    expect(w.text()).toContain('学习积分');
    expect(w.text()).toContain('组工干部学习积分管理');
  });
});
