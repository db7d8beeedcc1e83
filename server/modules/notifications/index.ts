import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../lib/context';
import { errors } from '../../lib/schemas';
import { Notifications, NotificationsQuery } from './notifications.schemas';
import { createNotificationsService } from './notifications.service';

const notifications: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const svc = createNotificationsService(ctx);

  app.get('/api/notifications', {
    config: { access: 'user' },
    schema: {
      tags: ['notifications'],
      summary: '站内提醒：本人申报的办理结果；计分员的待记录件数；党支部的待裁定异议和可审定季度',
      querystring: NotificationsQuery,
      response: { 200: Notifications, ...errors(400, 401) },
    },
  }, (req) => svc.list(req.auth, req.query));
};
export default notifications;
