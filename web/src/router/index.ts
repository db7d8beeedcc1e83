import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { Collection, House, Memo, OfficeBuilding, User } from '@element-plus/icons-vue';
import './meta';
import { useAuthStore } from '../stores/auth';
import { t } from '../locales';
import { decide } from './guard';
import { moduleRoutes } from './modules';

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('../views/login/index.vue'), meta: { public: true, title: 'nav.login' } },
  {
    path: '/',
    component: () => import('../layouts/AppLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('../views/home/index.vue'), meta: { title: 'nav.home', menuIcon: House, menuOrder: 0 } },
      { path: 'password', name: 'password', component: () => import('../views/password/index.vue'), meta: { title: 'nav.password' } },
      ...moduleRoutes,
      {
        path: 'admin/users',
        name: 'admin-users',
        component: () => import('../views/admin/users/index.vue'),
        meta: { title: 'nav.users', roles: ['admin'], menuIcon: User, menuGroup: 'nav.adminGroup', menuOrder: 900 },
      },
      {
        path: 'admin/org',
        name: 'admin-org',
        component: () => import('../views/admin/org/index.vue'),
        meta: { title: 'nav.org', roles: ['admin'], menuIcon: OfficeBuilding, menuGroup: 'nav.adminGroup', menuOrder: 910 },
      },
      {
        path: 'admin/rules',
        name: 'admin-rules',
        component: () => import('../views/admin/rules/index.vue'),
        meta: { title: 'admin.nav.rules', roles: ['admin'], menuIcon: Collection, menuGroup: 'nav.adminGroup', menuOrder: 920 },
      },
      {
        path: 'admin/audit',
        name: 'admin-audit',
        component: () => import('../views/admin/audit/index.vue'),
        meta: { title: 'admin.nav.audit', roles: ['admin'], menuIcon: Memo, menuGroup: 'nav.adminGroup', menuOrder: 930 },
      },
      { path: '403', name: 'forbidden', component: () => import('../views/error/Forbidden.vue'), meta: { title: 'nav.forbidden' } },
      { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('../views/error/NotFound.vue'), meta: { title: 'nav.notFound' } },
    ],
  },
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});

router.beforeEach(async (to) => {
  const auth = useAuthStore();
  if (auth.isLoggedIn && !auth.me) {
    try {
      await auth.fetchMe();
    } catch {
      // A dead token was cleared by the http client; decide() now sends to login.
    }
  }
  return decide(to, { loggedIn: auth.isLoggedIn && !!auth.me, mustChangePassword: auth.mustChangePassword, roles: auth.roles });
});

router.afterEach((to) => {
  const title = to.meta.title ? t(to.meta.title) : '';
  document.title = title ? `${title} · ${t('app.name')}` : t('app.name');
});
