import type { RouteRecordRaw } from 'vue-router';

export const scoringRoutes: RouteRecordRaw[] = [
  { path: 'scoring', name: 'scoring', component: () => import('./index.vue'), meta: { title: 'modules.scoring', roles: ['scorekeeper'] } },
];
