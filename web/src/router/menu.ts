import type { Component } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import type { Role } from '../api/types';
import { t, type MessageKey } from '../locales';
import { routes } from './index';
import { moduleSlots } from './modules';

export interface MenuItem {
  path: string;
  title: string;
  icon?: Component;
  group?: string;
  order: number;
}

const allowed = (need: readonly Role[] | undefined, roles: readonly Role[]) => !need || need.length === 0 || need.some((r) => roles.includes(r));

/** Menu for these roles: core pages with a menu icon, plus module slots that have routes. */
export function buildMenu(roles: readonly Role[]): MenuItem[] {
  const layout = routes.find((r) => r.path === '/');
  const children: RouteRecordRaw[] = layout?.children ?? [];
  const modulePaths = new Set(moduleSlots.flatMap((s) => s.routes.map((r) => r.path)));
  const items: MenuItem[] = children
    .filter((r) => r.meta?.menuIcon && !modulePaths.has(r.path) && allowed(r.meta.roles, roles))
    .map((r) => ({
      path: '/' + r.path,
      title: t(r.meta!.title as MessageKey),
      icon: r.meta!.menuIcon,
      group: r.meta!.menuGroup ? t(r.meta!.menuGroup) : undefined,
      order: r.meta!.menuOrder ?? 500,
    }));
  for (const slot of moduleSlots) {
    const first = slot.routes.find((r) => allowed(r.meta?.roles, roles));
    if (!first || !slot.roles.some((r) => roles.includes(r))) continue;
    items.push({ path: '/' + first.path.replace(/^\//, ''), title: t(slot.title), icon: slot.icon, order: slot.order });
  }
  return items.sort((a, b) => a.order - b.order);
}
