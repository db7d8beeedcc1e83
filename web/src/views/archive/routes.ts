import type { RouteRecordRaw } from 'vue-router';

export const archiveRoutes: RouteRecordRaw[] = [
  { path: 'archive', name: 'archive', component: () => import('./index.vue'), meta: { title: 'modules.archive', roles: ['cadre', 'scorekeeper', 'branch', 'leader', 'admin'] } },
  { path: 'archive/:id(\\d+)', name: 'archive-person', component: () => import('./index.vue'), meta: { title: 'modules.archive', roles: ['cadre', 'scorekeeper', 'branch', 'leader', 'admin'] } },
];
