import type { RouteRecordRaw } from 'vue-router';

export const claimsRoutes: RouteRecordRaw[] = [
  { path: 'claims', name: 'claims', component: () => import('./index.vue'), meta: { title: 'modules.claims', roles: ['cadre'] } },
];
