import type { RouteRecordRaw } from 'vue-router';

export const publicityRoutes: RouteRecordRaw[] = [
  { path: 'publicity', name: 'publicity', component: () => import('./index.vue'), meta: { title: 'modules.publicity', roles: ['cadre', 'scorekeeper', 'branch', 'leader', 'admin'] } },
  { path: 'publicity/objections', name: 'objections', component: () => import('./Objections.vue'), meta: { title: 'points.publicity.objections', roles: ['branch', 'scorekeeper', 'leader', 'admin'] } },
  { path: 'publicity/:id(\\d+)', name: 'publication', component: () => import('./Publication.vue'), meta: { title: 'modules.publicity', roles: ['cadre', 'scorekeeper', 'branch', 'leader', 'admin'] } },
];
