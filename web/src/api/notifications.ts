import type { Static } from 'typebox';
import type { Notification, Notifications } from '../../../server/modules/notifications/notifications.schemas';
import { http } from './http';

export type Notification = Static<typeof Notification>;
export type Notifications = Static<typeof Notifications>;

export const getNotifications = (since?: string) => http.get<Notifications>('/notifications', { since }, { silent: true });
