// 组工信息 API: types derived from the server's TypeBox schemas.
import type { Static } from 'typebox';
import type {
  CreateIssueBodyT, CreateItemBodyT, CreateTitleBodyT, Fact, Facts, Issue, IssueSummary, Item, ListIssuesQueryT, ListItemsQueryT, ParagraphT,
  Quota, QuotaPerson, QuotaSettings, Title, UpdateIssueBodyT, UpdateItemBodyT, UpdateTitleBodyT, Entry,
} from '../../../server/modules/bulletin/bulletin.schemas';
import { http, upload, API_BASE } from './http';
import { useAuthStore } from '../stores/auth';

export type BulletinItem = Static<typeof Item>;
export type BulletinIssue = Static<typeof Issue>;
export type BulletinIssueSummary = Static<typeof IssueSummary>;
export type BulletinEntry = Static<typeof Entry>;
export type BulletinTitle = Static<typeof Title>;
export type BulletinQuota = Static<typeof Quota>;
export type BulletinQuotaPerson = Static<typeof QuotaPerson>;
export type BulletinFacts = Static<typeof Facts>;
export type BulletinFact = Static<typeof Fact>;
export type BulletinParagraph = ParagraphT;
export type UpdateIssueBody = UpdateIssueBodyT;
type PageOf<T> = { items: T[]; total: number };

export const listItems = (q: ListItemsQueryT = {}) => http.get<PageOf<BulletinItem>>('/bulletin/items', q as Record<string, string | number | boolean | undefined>);
export const getItem = (id: number) => http.get<BulletinItem>(`/bulletin/items/${id}`);
export const createItem = (body: CreateItemBodyT) => http.post<BulletinItem>('/bulletin/items', body);
export const updateItem = (id: number, body: UpdateItemBodyT) => http.patch<BulletinItem>(`/bulletin/items/${id}`, body);
export const withdrawItem = (id: number) => http.post<BulletinItem>(`/bulletin/items/${id}/withdraw`);
export const adoptItem = (id: number, comment?: string) => http.post<BulletinItem>(`/bulletin/items/${id}/adopt`, { comment });
export const returnItem = (id: number, comment: string) => http.post<BulletinItem>(`/bulletin/items/${id}/return`, { comment });
export const rejectItem = (id: number, comment: string) => http.post<BulletinItem>(`/bulletin/items/${id}/reject`, { comment });
export const markHigher = (id: number, publication: string, on: string) => http.post<BulletinItem>(`/bulletin/items/${id}/higher`, { publication, on });
export const uploadImage = (id: number, file: File) => upload<{ id: number; filename: string }>(`/bulletin/items/${id}/images`, file);

export const getQuota = (date?: string) => http.get<BulletinQuota>('/bulletin/quota', { date });
export const getQuotaSettings = () => http.get<Static<typeof QuotaSettings>>('/bulletin/quota/settings');
export const setQuota = (orgUnitId: number, perWeek: number) => http.post<Static<typeof QuotaSettings>>('/bulletin/quota/settings', { orgUnitId, perWeek });

export const listTitles = () => http.get<PageOf<BulletinTitle>>('/bulletin/titles');
export const createTitle = (body: CreateTitleBodyT) => http.post<BulletinTitle>('/bulletin/titles', body);
export const updateTitle = (id: number, body: UpdateTitleBodyT) => http.patch<BulletinTitle>(`/bulletin/titles/${id}`, body);

export const listIssues = (q: ListIssuesQueryT = {}) => http.get<PageOf<BulletinIssueSummary>>('/bulletin/issues', q as Record<string, string | number | boolean | undefined>);
export const getIssue = (id: number) => http.get<BulletinIssue>(`/bulletin/issues/${id}`);
export const createIssue = (body: CreateIssueBodyT) => http.post<BulletinIssue>('/bulletin/issues', body);
export const updateIssue = (id: number, body: UpdateIssueBodyT) => http.patch<BulletinIssue>(`/bulletin/issues/${id}`, body);
export const deleteIssue = (id: number) => http.delete<{ ok: boolean }>(`/bulletin/issues/${id}`);
export const publishIssue = (id: number, body: { issueDate?: string; version?: number } = {}) => http.post<BulletinIssue>(`/bulletin/issues/${id}/publish`, body);
export const getFacts = (from?: string, to?: string) => http.get<BulletinFacts>('/bulletin/facts', { from, to });

/** Downloads the .docx with the session's token (a plain link would carry none). */
export async function downloadDocx(id: number, filename: string) {
  const auth = useAuthStore();
  const res = await fetch(`${API_BASE}/bulletin/issues/${id}/docx`, { headers: auth.token ? { authorization: `Bearer ${auth.token}` } : {} });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** An item image as an object URL (the endpoint needs the token); null when it cannot be read. */
export async function imageUrl(id: number): Promise<string | null> {
  const auth = useAuthStore();
  try {
    const res = await fetch(`${API_BASE}/bulletin/images/${id}`, { headers: auth.token ? { authorization: `Bearer ${auth.token}` } : {} });
    return res.ok ? URL.createObjectURL(await res.blob()) : null;
  } catch {
    return null;
  }
}

/** "顶格推进。" + text ⇄ "**顶格推进。**text": how a paragraph is typed in one textarea. */
export function paragraphsToText(ps: BulletinParagraph[]): string {
  return ps.map((p) => (p.lead ? `**${p.lead}**${p.text}` : p.text)).join('\n\n');
}
export function textToParagraphs(s: string): BulletinParagraph[] {
  return s
    .split(/\n\s*\n|\n(?=\*\*)/)
    .map((b) => b.replace(/\s*\n\s*/g, '').trim())
    .filter(Boolean)
    .map((b) => {
      const m = /^\*\*(.+?)\*\*(.*)$/s.exec(b);
      return m ? { lead: m[1].trim(), text: m[2].trim() } : { text: b };
    });
}
export const issueTitle = (i: { titleName: string; year: number | null; number: number | null }) =>
  i.number ? `${i.titleName} ${i.year} 年第 ${i.number} 期` : `${i.titleName}（草稿）`;

/** 学讲评's draft paragraphs (GET /api/weekly/material), when that module is installed; null when it is not. */
export type WeeklyMaterial = Static<typeof import('../../../server/modules/weekly/weekly.schemas').BulletinMaterial>;
export async function getWeeklyMaterial(kind: string, id?: number): Promise<WeeklyMaterial | null> {
  try {
    return await http.get<WeeklyMaterial>('/weekly/material', { kind, id }, { silent: true });
  } catch {
    return null;
  }
}
