import ExcelJS from 'exceljs';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { claims, ledgerEntries, orgUnits, ruleItems, users } from '../../../db/schema';
import type { AppContext, AuthUser } from '../../lib/context';
import { hasRole } from '../../lib/context';
import { ForbiddenError, fieldError } from '../../lib/errors';
import { quarterMonths } from '../../lib/dates';
import { BLOCK_NAMES } from '../rules/rules.service';
import { STATUS_NAMES } from '../claims/claims.service';
import type { PublicationT } from '../publicity/publicity.schemas';
import type { AnnualT } from './results.schemas';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sheet(wb: ExcelJS.Workbook, name: string, columns: Array<{ header: string; key: string; width?: number; numFmt?: string }>, data: Record<string, unknown>[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 12, style: c.numFmt ? { numFmt: c.numFmt } : undefined }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).alignment = { vertical: 'middle', horizontal: 'center' };
  ws.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
  for (const d of data) ws.addRow(d);
  return ws;
}

async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  wb.creator = '学习积分';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function createExports(ctx: AppContext) {
  const { db, clock } = ctx;

  /** 积分登记表: a branch's recorded entries (the ledger) for a month or a quarter, with a per-person summary. */
  async function register(viewer: AuthUser, q: { branchId: number; year: number; month?: number; quarter?: number }) {
    if (!hasRole(viewer, 'leader', 'admin') && !(hasRole(viewer, 'scorekeeper', 'branch') && viewer.branchId === q.branchId)) {
      throw new ForbiddenError('只能导出本党支部的积分登记表');
    }
    if (q.month && q.quarter) throw fieldError('month', '不能同时指定季度和月份');
    const [branch] = await db.select().from(orgUnits).where(and(eq(orgUnits.id, q.branchId), eq(orgUnits.kind, 'branch')));
    if (!branch) throw fieldError('branchId', '不是有效的党支部');
    const months = q.month ? [q.month] : q.quarter ? quarterMonths(q.quarter) : Array.from({ length: 12 }, (_, i) => i + 1);
    const section = alias(orgUnits, 'section');
    const recorder = alias(users, 'recorder');
    const entries = await db
      .select({ e: ledgerEntries, c: claims, name: users.name, section: section.name, item: ruleItems.name, by: recorder.name })
      .from(ledgerEntries)
      .innerJoin(claims, eq(claims.id, ledgerEntries.claimId))
      .innerJoin(users, eq(users.id, ledgerEntries.userId))
      .leftJoin(section, eq(section.id, users.sectionId))
      .innerJoin(ruleItems, eq(ruleItems.id, ledgerEntries.ruleItemId))
      .leftJoin(recorder, eq(recorder.id, ledgerEntries.createdBy))
      .where(and(eq(ledgerEntries.branchId, q.branchId), eq(ledgerEntries.year, q.year), inArray(ledgerEntries.month, months)))
      .orderBy(asc(ledgerEntries.occurredOn), asc(ledgerEntries.id));
    const KIND = { record: '记录', reversal: '冲销', adjustment: '调整' } as const;
    const wb = new ExcelJS.Workbook();
    sheet(wb, '积分登记表', [
      { header: '序号', key: 'no', width: 6 }, { header: '姓名', key: 'name', width: 10 }, { header: '科室', key: 'section', width: 14 },
      { header: '板块', key: 'block', width: 8 }, { header: '积分项目', key: 'item', width: 22 }, { header: '活动日期', key: 'date', width: 12 },
      { header: '数量', key: 'qty', width: 6 }, { header: '申报分值', key: 'claimed', width: 9 }, { header: '记入分值', key: 'points', width: 9 },
      { header: '类型', key: 'kind', width: 6 }, { header: '计分员', key: 'by', width: 10 }, { header: '记录时间', key: 'at', width: 18 },
      { header: '状态', key: 'status', width: 8 }, { header: '事项说明', key: 'desc', width: 40 }, { header: '理由', key: 'reason', width: 30 },
    ], entries.map((r, i) => ({
      no: i + 1, name: r.name, section: r.section ?? '', block: BLOCK_NAMES[r.e.block], item: r.item, date: r.e.occurredOn, qty: r.c.quantity,
      claimed: r.c.claimedPoints, points: r.e.points, kind: KIND[r.e.kind], by: r.by ?? '', at: r.e.createdAt.toISOString().replace('T', ' ').slice(0, 16),
      status: STATUS_NAMES[r.c.status], desc: r.c.description, reason: r.e.reason ?? '',
    })));
    const per = new Map<number, { name: string; section: string; base: number; task: number; reward: number; total: number; n: number }>();
    for (const r of entries) {
      const p = per.get(r.e.userId) ?? { name: r.name, section: r.section ?? '', base: 0, task: 0, reward: 0, total: 0, n: 0 };
      p[r.e.block] += r.e.points;
      p.total += r.e.points;
      if (r.e.kind === 'record') p.n++;
      per.set(r.e.userId, p);
    }
    sheet(wb, '个人汇总', [
      { header: '姓名', key: 'name', width: 10 }, { header: '科室', key: 'section', width: 14 }, { header: '记录条数', key: 'n', width: 9 },
      { header: '基础分', key: 'base', width: 8 }, { header: '任务分', key: 'task', width: 8 }, { header: '奖励分', key: 'reward', width: 8 }, { header: '合计', key: 'total', width: 8 },
    ], [...per.values()].sort((a, b) => b.total - a.total));
    const period = q.month ? `${q.year}年${q.month}月` : q.quarter ? `${q.year}年第${q.quarter}季度` : `${q.year}年`;
    return { filename: `${branch.name}积分登记表（${period}）.xlsx`, buffer: await toBuffer(wb) };
  }

  async function publication(p: PublicationT) {
    const wb = new ExcelJS.Workbook();
    sheet(wb, '公示名单', [
      { header: '序号', key: 'no', width: 6 }, { header: '姓名', key: 'name', width: 10 }, { header: '科室', key: 'sectionName', width: 14 },
      { header: `${p.month}月积分`, key: 'monthPoints', width: 10 }, { header: '年度累计（计上限）', key: 'yearTotal', width: 16 },
    ], p.lines.map((l, i) => ({ no: i + 1, ...l, sectionName: l.sectionName ?? '' })));
    sheet(wb, '积分明细', [
      { header: '姓名', key: 'userName', width: 10 }, { header: '积分项目', key: 'ruleItemName', width: 22 }, { header: '板块', key: 'block', width: 8 },
      { header: '活动日期', key: 'occurredOn', width: 12 }, { header: '分值', key: 'points', width: 8 }, { header: '事项说明', key: 'description', width: 50 },
    ], p.claims.map((c) => ({ ...c, block: BLOCK_NAMES[c.block as 'base'] ?? c.block })));
    sheet(wb, '异议', [
      { header: '提出人', key: 'objectorName', width: 10 }, { header: '被异议人', key: 'claimantName', width: 10 }, { header: '积分项目', key: 'ruleItemName', width: 22 },
      { header: '异议理由', key: 'reason', width: 40 }, { header: '状态', key: 'status', width: 8 }, { header: '裁定意见', key: 'note', width: 40 },
    ], p.objections.map((o) => ({ ...o, status: { open: '待裁定', upheld: '成立', dismissed: '不成立' }[o.status], note: o.note ?? '' })));
    const kind = p.kind === 'supplementary' ? '补充公示' : '公示';
    return { filename: `${p.branchName}${p.year}年${p.month}月学习积分${kind}.xlsx`, buffer: await toBuffer(wb) };
  }

  async function annual(a: AnnualT, branchName: string | null) {
    const wb = new ExcelJS.Workbook();
    const yes = (b: boolean) => (b ? '是' : '否');
    sheet(wb, '年度积分', [
      { header: '名次', key: 'rank', width: 6 }, { header: '姓名', key: 'name', width: 10 }, { header: '党支部', key: 'branchName', width: 18 },
      { header: '科室', key: 'sectionName', width: 14 }, { header: '基础分', key: 'base', width: 8 }, { header: '任务分', key: 'task', width: 8 },
      { header: '奖励分', key: 'reward', width: 8 }, { header: '总分', key: 'total', width: 8 }, { header: '溢出（不计）', key: 'overflow', width: 10 },
      { header: '约谈', key: 'talk', width: 6 }, { header: '评优资格', key: 'eligible', width: 8 }, { header: '奖励候选', key: 'reward2', width: 8 },
    ], a.items.map((i) => ({ ...i, branchName: i.branchName ?? '', sectionName: i.sectionName ?? '', talk: yes(i.talkList), eligible: yes(i.eligible), reward2: yes(i.rewardCandidate) })));
    sheet(wb, '约谈名单', [
      { header: '姓名', key: 'name', width: 10 }, { header: '科室', key: 'sectionName', width: 14 }, { header: '总分', key: 'total', width: 8 },
      { header: '连续两年低于', key: 'second', width: 12 }, { header: '约谈日期', key: 'talkedOn', width: 12 }, { header: '约谈人', key: 'talkedBy', width: 10 }, { header: '约谈情况', key: 'notes', width: 40 },
    ], a.items.filter((i) => i.talkList).map((i) => ({ name: i.name, sectionName: i.sectionName ?? '', total: i.total, second: yes(i.secondYearBelow), talkedOn: i.talk?.talkedOn ?? '', talkedBy: i.talk?.talkedBy ?? '', notes: i.talk?.notes ?? '' })));
    sheet(wb, '奖励候选', [
      { header: '姓名', key: 'name', width: 10 }, { header: '科室', key: 'sectionName', width: 14 }, { header: '总分', key: 'total', width: 8 }, { header: '理由', key: 'why', width: 30 },
    ], a.items.filter((i) => i.rewardCandidate).map((i) => ({ name: i.name, sectionName: i.sectionName ?? '', total: i.total, why: i.rewardReasons.join('；') })));
    return { filename: `${branchName ?? '全部'}${a.year}年度学习积分结果.xlsx`, buffer: await toBuffer(wb), at: clock() };
  }

  return { register, publication, annual };
}

export function contentDisposition(filename: string) {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
