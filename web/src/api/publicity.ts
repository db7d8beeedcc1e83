import type { Static } from 'typebox';
import type { Approval, Blocker, Objection, Preview, Publication, PublicationSummary, Readiness } from '../../../server/modules/publicity/publicity.schemas';
import { http } from './http';

export type Publication = Static<typeof Publication>;
export type PublicationSummary = Static<typeof PublicationSummary>;
export type PublicityPreview = Static<typeof Preview>;
export type Objection = Static<typeof Objection>;
export type Approval = Static<typeof Approval>;
export type Readiness = Static<typeof Readiness>;
export type Blocker = Static<typeof Blocker>;
type List<T> = { items: T[]; total: number };

export const listPublicity = (q: { branchId?: number; year?: number }) => http.get<List<PublicationSummary>>('/publicity', q);
export const getPublication = (id: number) => http.get<Publication>(`/publicity/${id}`);
export const previewPublicity = (q: { branchId: number; year: number; month: number }) => http.get<PublicityPreview>('/publicity/preview', q);
export const publishMonth = (body: { branchId: number; year: number; month: number }) => http.post<Publication>('/publicity', body);
export const publishSupplement = (id: number) => http.post<Publication>(`/publicity/${id}/supplement`, {});
export const raiseObjection = (publicationId: number, body: { claimId: number; reason: string }) => http.post<Objection>(`/publicity/${publicationId}/objections`, body);
export const listObjections = (q: { branchId?: number; status?: 'open' | 'upheld' | 'dismissed'; publicationId?: number; year?: number }) => http.get<List<Objection>>('/objections', q);
export const ruleObjection = (id: number, body: { upheld: boolean; note: string }) => http.post<Objection>(`/objections/${id}/rule`, body);
export const getReadiness = (q: { branchId: number; year: number; quarter: number }) => http.get<Readiness>('/approvals/readiness', q);
export const approveQuarter = (body: { branchId: number; year: number; quarter: number; note?: string }) => http.post<Approval>('/approvals', body);
export const listApprovals = (q: { branchId?: number; year?: number }) => http.get<List<Approval>>('/approvals', q);
