import type { RouteRecordRaw } from 'vue-router';

/** 组工信息: the 'bulletin' module slot. The first route is the menu entry. */
export const bulletinRoutes: RouteRecordRaw[] = [
  { path: 'bulletin', name: 'bulletin', component: () => import('./index.vue'), meta: { title: 'bulletin.title.mine', roles: ['cadre', 'editor', 'leader'] } },
  { path: 'bulletin/review', name: 'bulletin-review', component: () => import('./review.vue'), meta: { title: 'bulletin.title.review', roles: ['editor'] } },
  { path: 'bulletin/issues', name: 'bulletin-issues', component: () => import('./issues.vue'), meta: { title: 'bulletin.title.issues', roles: ['cadre', 'editor', 'leader'] } },
  { path: 'bulletin/issues/:id(\\d+)/edit', name: 'bulletin-compose', component: () => import('./compose.vue'), meta: { title: 'bulletin.title.compose', roles: ['editor'] } },
  { path: 'bulletin/issues/:id(\\d+)', name: 'bulletin-view', component: () => import('./view.vue'), meta: { title: 'bulletin.title.view', roles: ['cadre', 'editor', 'leader'] } },
  { path: 'bulletin/quota', name: 'bulletin-quota', component: () => import('./quota.vue'), meta: { title: 'bulletin.title.quota', roles: ['editor', 'leader'] } },
  { path: 'bulletin/titles', name: 'bulletin-titles', component: () => import('./titles.vue'), meta: { title: 'bulletin.title.titles', roles: ['editor'] } },
];
