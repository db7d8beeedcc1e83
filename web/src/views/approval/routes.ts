import type { RouteRecordRaw } from 'vue-router';

export const approvalRoutes: RouteRecordRaw[] = [
  { path: 'approval', name: 'approval', component: () => import('./index.vue'), meta: { title: 'modules.approval', roles: ['branch'] } },
];
