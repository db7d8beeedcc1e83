import dayjs from 'dayjs';
import type { BlockCode } from '../../api/rules';
import type { ClaimStatus } from '../../api/claims';
import { t } from '../../locales';

export const BLOCKS: BlockCode[] = ['base', 'task', 'reward'];
export const blockName = (b: string) => (BLOCKS.includes(b as BlockCode) ? t(`points.blocks.${b as BlockCode}`) : b);
export const statusName = (s: ClaimStatus) => t(`points.status.${s}`);
export const statusType = (s: ClaimStatus) =>
  (({ submitted: 'warning', returned: 'danger', rejected: 'info', withdrawn: 'info', recorded: 'success', approved: 'success' }) as const)[s];
export const CLAIM_STATUSES: ClaimStatus[] = ['submitted', 'returned', 'recorded', 'approved', 'rejected', 'withdrawn'];

export const fmtTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');
export const fmtDate = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD') : '—');

/** "3 天" / "5 小时" since an instant: how long a claim has waited. */
export function waited(iso: string, now = Date.now()): { text: string; days: number } {
  const ms = Math.max(0, now - new Date(iso).getTime());
  const days = Math.floor(ms / 86_400_000);
  if (days >= 1) return { text: t('points.scoring.waitingDays', { n: days }), days };
  return { text: t('points.scoring.waitingHours', { n: Math.max(1, Math.floor(ms / 3_600_000)) }), days: 0 };
}

/** Time left until an instant, e.g. "2 天 5 小时". */
export function timeLeft(iso: string, now = Date.now()): string {
  const ms = new Date(iso).getTime() - now;
  if (ms <= 0) return '0';
  const d = Math.floor(ms / 86_400_000);
  const h = Math.floor((ms % 86_400_000) / 3_600_000);
  return d > 0 ? `${d} 天 ${h} 小时` : `${Math.max(1, h)} 小时`;
}

/** Today on the department's calendar (UTC+8), the same day the server uses to refuse future dates. */
export const todayStr = (now = Date.now()) => new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
export const currentYear = () => Number(todayStr().slice(0, 4));
export const currentMonth = () => Number(todayStr().slice(5, 7));
export const currentQuarter = () => Math.ceil(currentMonth() / 3);
