import type { Component } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import { Calendar, DataAnalysis, DocumentChecked, EditPen, Files, Medal, Notebook, Reading, Tickets } from '@element-plus/icons-vue';
import type { Role } from '../api/types';
import type { MessageKey } from '../locales';
import { bulletinRoutes } from '../views/bulletin/routes';
import { approvalRoutes, archiveRoutes, claimsRoutes, dashboardRoutes, myPointsRoutes, publicityRoutes, scoringRoutes } from '../views/points-routes';
import { weeklyRoutes } from '../views/weekly/routes';

/**
 * Registry of the product's feature modules. Each later module fills in its slot's
 * `routes` (lazy `component: () => import(...)`, with meta.title and meta.roles); the
 * menu shows a slot only once it has routes, so there are no placeholder pages.
 */
export interface ModuleSlot {
  key: string;
  title: MessageKey;
  /** Who will see it in the menu; each route's meta.roles is what the guard enforces. */
  roles: Role[];
  icon: Component;
  order: number;
  routes: RouteRecordRaw[];
}

export const moduleSlots: ModuleSlot[] = [
  // ── MODULE SLOT: 我的积分 (cadre) — year progress by block, ledger lines.
  { key: 'my-points', title: 'modules.myPoints', roles: ['cadre'], icon: Medal, order: 10, routes: myPointsRoutes },
  // ── MODULE SLOT: 积分申报 (cadre) — claim form with evidence upload (http.upload), my claims.
  { key: 'claims', title: 'modules.claims', roles: ['cadre'], icon: EditPen, order: 20, routes: claimsRoutes },
  // ── MODULE SLOT: 计分工作台 (scorekeeper) — record / return / reject submitted claims.
  { key: 'scoring', title: 'modules.scoring', roles: ['scorekeeper'], icon: DocumentChecked, order: 30, routes: scoringRoutes },
  // ── MODULE SLOT: 公示 (everyone) — monthly publicity lists, objections.
  { key: 'publicity', title: 'modules.publicity', roles: ['cadre', 'scorekeeper', 'branch', 'leader', 'admin'], icon: Tickets, order: 40, routes: publicityRoutes },
  // ── MODULE SLOT: 季度审定 (branch) — quarter approval, rulings on objections.
  { key: 'approval', title: 'modules.approval', roles: ['branch'], icon: Calendar, order: 50, routes: approvalRoutes },
  // ── MODULE SLOT: 排行榜/领导驾驶舱 (leader, admin) — rankings and charts (chart.js).
  { key: 'dashboard', title: 'modules.dashboard', roles: ['leader', 'admin', 'scorekeeper', 'branch'], icon: DataAnalysis, order: 60, routes: dashboardRoutes },
  // ── MODULE SLOT: 一人一档 — a person's archive, printable.
  { key: 'archive', title: 'modules.archive', roles: ['cadre', 'scorekeeper', 'branch', 'leader', 'admin'], icon: Files, order: 70, routes: archiveRoutes },
  // ── MODULE SLOT: 学讲评 — 每周一学 / 每周一讲 / 每周一评.
  { key: 'weekly', title: 'modules.weekly', roles: ['cadre', 'leader', 'scorekeeper', 'admin'], icon: Reading, order: 80, routes: weeklyRoutes },
  // ── MODULE SLOT: 组工信息 (editor) — bulletin issues and submissions.
  { key: 'bulletin', title: 'modules.bulletin', roles: ['editor', 'cadre', 'leader'], icon: Notebook, order: 90, routes: bulletinRoutes },
];

export const moduleRoutes: RouteRecordRaw[] = moduleSlots.flatMap((s) => s.routes);
