import type { RouteRecordRaw } from 'vue-router';

/** 学讲评 pages, in the 'weekly' module slot; the first is the menu entry. */
export const weeklyRoutes: RouteRecordRaw[] = [
  { path: 'weekly', name: 'weekly', component: () => import('./index.vue'), meta: { title: 'weekly.week.title' } },
  { path: 'weekly/study', name: 'weekly-study', component: () => import('./study/index.vue'), meta: { title: 'weekly.study.title' } },
  { path: 'weekly/study/:id(\\d+)', name: 'weekly-session', component: () => import('./study/detail.vue'), meta: { title: 'weekly.study.title' } },
  { path: 'weekly/lectures', name: 'weekly-lectures', component: () => import('./lectures/index.vue'), meta: { title: 'weekly.lecture.title' } },
  { path: 'weekly/lectures/:id(\\d+)', name: 'weekly-lecture', component: () => import('./lectures/detail.vue'), meta: { title: 'weekly.lecture.title' } },
  { path: 'weekly/tasks', name: 'weekly-tasks', component: () => import('./tasks/index.vue'), meta: { title: 'weekly.task.title' } },
  { path: 'weekly/tasks/:id(\\d+)', name: 'weekly-task', component: () => import('./tasks/detail.vue'), meta: { title: 'weekly.task.title' } },
  { path: 'weekly/quiz', name: 'weekly-quiz', component: () => import('./quiz/index.vue'), meta: { title: 'weekly.quiz.title' } },
];
