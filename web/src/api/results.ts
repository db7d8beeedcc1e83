import type { Static } from 'typebox';
import type { Annual, AnnualItem, Archive, RankingItem, Rankings, RankingsQuery, Summary, Talk, TalkBody, Weekly } from '../../../server/modules/results/results.schemas';
import { useAuthStore } from '../stores/auth';
import { ApiError, buildUrl, http, type Query } from './http';

export type Summary = Static<typeof Summary>;
export type Rankings = Static<typeof Rankings>;
export type RankingItem = Static<typeof RankingItem>;
export type RankingsQuery = Static<typeof RankingsQuery>;
export type Annual = Static<typeof Annual>;
export type AnnualItem = Static<typeof AnnualItem>;
export type Archive = Static<typeof Archive>;
export type Weekly = Static<typeof Weekly>;
export type Talk = Static<typeof Talk>;
export type TalkBody = Static<typeof TalkBody>;

export const getSummary = (userId: number, year?: number) => http.get<Summary>(`/people/${userId}/summary`, { year });
export const getRankings = (q: RankingsQuery) => http.get<Rankings>('/rankings', q as Query);
export const getAnnual = (year: number, branchId?: number) => http.get<Annual>(`/annual/${year}`, { branchId });
export const getArchive = (userId: number, year?: number) => http.get<Archive>(`/people/${userId}/archive`, { year });
export const getWeekly = (q: { date?: string; branchId?: number }) => http.get<Weekly>('/stats/weekly', q);
export const addTalk = (body: TalkBody) => http.post<Talk>('/talks', body);

/** File name from a content-disposition header (RFC 5987 filename* first). */
export function fileNameFrom(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1] : fallback;
}

/** GET a protected file with the Bearer token; returns the blob and its name. */
export async function fetchBlob(path: string, query?: Query): Promise<{ blob: Blob; filename: string }> {
  const auth = useAuthStore();
  const res = await fetch(buildUrl(path, query), { headers: auth.token ? { authorization: `Bearer ${auth.token}` } : {} });
  if (!res.ok) {
    let body = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    throw new ApiError(res.status, body, `下载失败（${res.status}）`);
  }
  return { blob: await res.blob(), filename: fileNameFrom(res.headers.get('content-disposition'), 'download') };
}

/** Save a protected file through a temporary link, as the browser's own download. */
export async function download(path: string, query?: Query): Promise<string> {
  const { blob, filename } = await fetchBlob(path, query);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return filename;
}
