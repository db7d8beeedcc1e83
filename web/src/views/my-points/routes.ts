import type { RouteRecordRaw } from 'vue-router';

export const myPointsRoutes: RouteRecordRaw[] = [
  { path: 'my-points', name: 'my-points', component: () => import('./index.vue'), meta: { title: 'modules.myPoints', roles: ['cadre'] } },
];
