// The points system's pages, one array per module slot (web/src/router/modules.ts).
export { myPointsRoutes } from './my-points/routes';
export { claimsRoutes } from './claims/routes';
export { scoringRoutes } from './scoring/routes';
export { publicityRoutes } from './publicity/routes';
export { approvalRoutes } from './approval/routes';
export { dashboardRoutes } from './dashboard/routes';
export { archiveRoutes } from './archive/routes';
