import { http } from './http';
import type { CreateOrgUnitBody, OrgTree, OrgUnit, UpdateOrgUnitBody } from './types';

export const getOrgTree = () => http.get<OrgTree>('/org');
export const listOrgUnits = () => http.get<{ items: OrgUnit[]; total: number }>('/org/units');
export const createOrgUnit = (body: CreateOrgUnitBody) => http.post<OrgUnit>('/org/units', body);
export const updateOrgUnit = (id: number, body: UpdateOrgUnitBody) => http.patch<OrgUnit>(`/org/units/${id}`, body);
