import type { RouteRecordRaw } from 'vue-router';

export const dashboardRoutes: RouteRecordRaw[] = [
  { path: 'dashboard', name: 'dashboard', component: () => import('./index.vue'), meta: { title: 'modules.dashboard', roles: ['leader', 'admin', 'scorekeeper', 'branch'] } },
  { path: 'dashboard/annual', name: 'annual', component: () => import('./Annual.vue'), meta: { title: 'points.dashboard.annual', roles: ['leader', 'admin', 'scorekeeper', 'branch'] } },
];
