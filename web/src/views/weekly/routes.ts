import type { RouteRecordRaw } from 'vue-router';

/** 学讲评 pages, in the 'weekly' module slot; the first is the menu entry. */
export const weeklyRoutes: RouteRecordRaw[] = [
  { path: 'weekly/study', name: 'weekly-study', component: () => import('./study/index.vue'), meta: { title: 'weekly.study.title' } },
  { path: 'weekly/study/:id(\\d+)', name: 'weekly-session', component: () => import('./study/detail.vue'), meta: { title: 'weekly.study.title' } },
];
