import { Type, type Static } from 'typebox';
import { Instant } from '../../lib/schemas';

export const NotificationKind = Type.Union([
  Type.Literal('claim_returned'), Type.Literal('claim_recorded'), Type.Literal('claim_rejected'),
  Type.Literal('queue'), Type.Literal('open_objections'), Type.Literal('quarter_ready'), Type.Literal('co_approval'),
]);

export const Notification = Type.Object({
  kind: NotificationKind,
  /** For people: what happened, in Chinese. */
  message: Type.String(),
  /** How many things this line stands for (1 for a single claim). */
  count: Type.Integer(),
  /** Where the web app should go: a path inside the app. */
  link: Type.String(),
  at: Type.Union([Instant, Type.Null()]),
  claimId: Type.Optional(Type.Integer()),
  year: Type.Optional(Type.Integer()),
  quarter: Type.Optional(Type.Integer()),
});
export type NotificationT = Static<typeof Notification>;

export const NotificationsQuery = Type.Object({
  /** Claim decisions after this instant (default: the last 30 days). */
  since: Type.Optional(Instant),
});
export type NotificationsQueryT = Static<typeof NotificationsQuery>;

export const Notifications = Type.Object({
  items: Type.Array(Notification),
  total: Type.Integer(),
  /** Server time of this answer: pass it back as `since` to get only what is new. */
  checkedAt: Instant,
});
export type NotificationsT = Static<typeof Notifications>;
