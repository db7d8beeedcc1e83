import type { Static } from 'typebox';
import type { AuditEntry as AuditEntrySchema, AuditList as AuditListSchema, AuditQuery as AuditQuerySchema, ChainReport as ChainReportSchema } from '../../../server/modules/audit';
import { http } from './http';

export type AuditEntry = Static<typeof AuditEntrySchema>;
export type AuditList = Static<typeof AuditListSchema>;
export type AuditQuery = Static<typeof AuditQuerySchema>;
export type ChainReport = Static<typeof ChainReportSchema>;

/** Newest first; pass the last row's id as beforeId for the next page. */
export const listAudit = (query: AuditQuery = {}, opts?: { silent?: boolean }) => http.get<AuditList>('/audit', query, opts);
export const verifyAudit = (opts?: { silent?: boolean }) => http.get<ChainReport>('/audit/verify', undefined, opts);
