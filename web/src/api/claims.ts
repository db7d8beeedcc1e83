import type { Static } from 'typebox';
import type { Claim, ClaimDetail, ClaimStatus, CreateClaimBody, EvidenceInfo, ListClaimsQuery, UpdateClaimBody, Warning } from '../../../server/modules/claims/claims.schemas';
import { http, upload, type Query } from './http';

export type Claim = Static<typeof Claim>;
export type ClaimDetail = Static<typeof ClaimDetail>;
export type ClaimStatus = Static<typeof ClaimStatus>;
export type ClaimWarning = Static<typeof Warning>;
export type EvidenceInfo = Static<typeof EvidenceInfo>;
export type CreateClaimBody = Static<typeof CreateClaimBody>;
export type UpdateClaimBody = Static<typeof UpdateClaimBody>;
export type ListClaimsQuery = Static<typeof ListClaimsQuery>;
export interface ClaimPage { items: Claim[]; total: number }

export const listClaims = (q: ListClaimsQuery, opts?: { silent?: boolean }) => http.get<ClaimPage>('/claims', q as Query, opts);
export const getClaim = (id: number) => http.get<ClaimDetail>(`/claims/${id}`);
export const createClaim = (body: CreateClaimBody) => http.post<Claim>('/claims', body);
export const updateClaim = (id: number, body: UpdateClaimBody) => http.patch<Claim>(`/claims/${id}`, body);
export const withdrawClaim = (id: number) => http.post<Claim>(`/claims/${id}/withdraw`);
export const recordClaim = (id: number, body: { points?: number; reason?: string }) => http.post<Claim>(`/claims/${id}/record`, body);
export const returnClaim = (id: number, reason: string) => http.post<Claim>(`/claims/${id}/return`, { reason });
export const rejectClaim = (id: number, reason: string) => http.post<Claim>(`/claims/${id}/reject`, { reason });
export const uploadEvidence = (id: number, file: File, onProgress?: (p: number) => void) =>
  upload<EvidenceInfo>(`/claims/${id}/evidence`, file, { onProgress });
