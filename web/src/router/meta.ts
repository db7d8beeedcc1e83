import type { Component } from 'vue';
import type { Role } from '../api/types';
import type { MessageKey } from '../locales';

declare module 'vue-router' {
  interface RouteMeta {
    /** Page title key in zh-CN.json; shown in the top bar and the browser tab. */
    title?: MessageKey;
    /** Any one of these roles may open the page; absent = every signed-in person. */
    roles?: Role[];
    /** Reachable without signing in. */
    public?: boolean;
    /** Shown in the menu with this icon. */
    menuIcon?: Component;
    /** Menu group heading, e.g. 系统管理. */
    menuGroup?: MessageKey;
    /** Lower comes first in the menu. */
    menuOrder?: number;
  }
}

export {};
