/**
 * Statistic sentences for the composer, each from one query over the real records, with the period
 * it covers. Nothing here is estimated: a figure we cannot query is listed as unavailable instead.
 */
import { sql } from 'drizzle-orm';
import { rows } from '../../../db/client';
import type { AppContext } from '../../lib/context';
import { fieldError } from '../../lib/errors';
import { isValidDate, parts, today } from '../../lib/dates';
import type { FactT, FactsT } from './bulletin.schemas';

const num = (v: unknown) => Number(v ?? 0);
const cn = (d: string) => {
  const p = parts(d);
  return `${p.year}年${p.month}月${p.day}日`;
};
const one = (x: number) => (Math.round(x * 10) / 10).toString();

export function createFactsService(ctx: AppContext) {
  const { db, clock } = ctx;

  async function tableExists(name: string): Promise<boolean> {
    const [r] = await rows<{ t: string | null }>(db, sql`select to_regclass(${'public.' + name})::text as t`);
    return !!r?.t;
  }

  async function facts(q: { from?: string; to?: string }): Promise<FactsT> {
    const to = q.to ?? today(clock);
    const from = q.from ?? `${to.slice(0, 7)}-01`;
    if (!isValidDate(from)) throw fieldError('from', '不是有效的日期（YYYY-MM-DD）');
    if (!isValidDate(to)) throw fieldError('to', '不是有效的日期（YYYY-MM-DD）');
    if (from > to) throw fieldError('from', '开始日期不能晚于结束日期');
    const year = parts(to).year;
    const yearFrom = `${year}-01-01`;
    const period = { from, to };
    const ytd = { from: yearFrom, to };
    const span = `${cn(from)}至${cn(to)}`;
    const items: FactT[] = [];
    const unavailable: string[] = [];

    // Points recorded (申报 → 记录), by the activity's date.
    const [c] = await rows(db, sql`
      select count(*) as n, coalesce(sum(net_points), 0) as pts, count(distinct user_id) as people,
        count(*) filter (where source = 'self') as self_n
      from claims where status in ('recorded', 'approved') and occurred_on between ${from} and ${to}`);
    if (num(c?.n) > 0) {
      items.push({ key: 'claims.recorded', topic: '学习积分', period, source: '积分登记表（已记录的申报）',
        text: `${span}，共有${num(c.people)}名组工干部记录学习积分${num(c.n)}项、计${num(c.pts)}分，其中个人申报${num(c.self_n)}项。` });
    } else unavailable.push(`${span}尚无已记录的学习积分`);

    // Year-to-date distribution (capped per block, as in the rankings).
    const [d] = await rows(db, sql`
      with t as (
        select u.id, coalesce(y.total, 0) as total from users u
        left join member_year_totals y on y.user_id = u.id and y.year = ${year}
        where u.active and 'cadre' = any(u.roles) and u.branch_id is not null
      )
      select count(*) as n, avg(total) as avg, max(total) as max, count(*) filter (where total >= 60) as over60,
        count(*) filter (where total >= 80) as over80 from t`).catch(() => [undefined]);
    if (d && num(d.n) > 0) {
      items.push({ key: 'points.distribution', topic: '积分分布', period: ytd, source: '年度积分汇总（按板块封顶）',
        text: `截至${cn(to)}，${year}年度${num(d.n)}名组工干部人均学习积分${one(num(d.avg))}分，最高${num(d.max)}分；已达60分的${num(d.over60)}人，其中80分以上${num(d.over80)}人。` });
    }

    // Monthly publicity and quarterly approvals done.
    const [p] = await rows(db, sql`
      select (select count(*) from publications where kind = 'regular' and (published_at at time zone 'Asia/Shanghai')::date between ${from} and ${to}) as pubs,
        (select count(*) from objections o join publications pb on pb.id = o.publication_id where (pb.published_at at time zone 'Asia/Shanghai')::date between ${from} and ${to}) as objs,
        (select count(*) from approvals where (approved_at at time zone 'Asia/Shanghai')::date between ${from} and ${to}) as apps`).catch(() => [undefined]);
    if (p && (num(p.pubs) > 0 || num(p.apps) > 0)) {
      items.push({ key: 'publicity.done', topic: '通报公示与审定', period, source: '每月通报公示、季度审定记录',
        text: `${span}，各党支部完成月度积分通报公示${num(p.pubs)}次，收到群众异议${num(p.objs)}件；完成季度积分审定${num(p.apps)}次。` });
    }

    // The weekly rhythm, when its module is installed: 每周一学 sessions and attendance, 每周一讲, 每周一评 milestones.
    if (await tableExists('study_sessions')) {
      const [s] = await rows(db, sql`
        select count(*) as n,
          (select count(*) from session_attendance a join study_sessions s2 on s2.id = a.session_id
            where s2.status = 'closed' and s2.held_on between ${yearFrom} and ${to} and a.status = 'attended') as att
        from study_sessions where status = 'closed' and held_on between ${yearFrom} and ${to}`).catch(() => [undefined]);
      if (s && num(s.n) > 0) {
        items.push({ key: 'weekly.sessions', topic: '每周一学', period: ytd, source: '每周一学活动记录与考勤',
          text: `目前已开展“每周一学”活动${num(s.n)}场次，参学${num(s.att)}人次。` });
      } else unavailable.push(`${year}年尚无已结束的“每周一学”活动记录`);
    } else unavailable.push('“每周一学”（学讲评模块尚未启用）');
    if (await tableExists('lectures')) {
      const [l] = await rows(db, sql`
        select count(*) as n, count(distinct lecturer_id) as people, count(comment) as commented
        from lectures where status = 'given' and held_on between ${yearFrom} and ${to}`).catch(() => [undefined]);
      if (l && num(l.n) > 0) {
        items.push({ key: 'weekly.lectures', topic: '每周一讲', period: ytd, source: '每周一讲记录',
          text: `按照“组室轮流，一人一讲”的原则，目前已开展“每周一讲”${num(l.n)}期，${num(l.people)}名干部上台授课，部领导点评${num(l.commented)}次。` });
      }
    }
    if (await tableExists('task_milestones')) {
      const [m] = await rows(db, sql`
        select (select count(*) from key_tasks where year = ${year}) as tasks,
          count(*) filter (where done_on between ${from} and ${to}) as done,
          count(*) filter (where done_on is null and due_on < ${to}) as late
        from task_milestones tm join key_tasks k on k.id = tm.task_id where k.year = ${year}`).catch(() => [undefined]);
      if (m && num(m.tasks) > 0) {
        items.push({ key: 'weekly.tasks', topic: '每周一评', period, source: '重点任务清单与节点',
          text: `围绕${year}年${num(m.tasks)}项重点任务，${span}完成工作节点${num(m.done)}个，逾期未完成${num(m.late)}个。` });
      }
    }

    // The bulletin itself.
    const [b] = await rows(db, sql`
      select count(*) filter (where status <> 'withdrawn') as n, count(distinct author_id) filter (where status <> 'withdrawn') as people,
        count(*) filter (where status in ('adopted', 'published')) as adopted
      from bulletin_items where kind = 'original' and submitted_on between ${from} and ${to}`);
    if (num(b?.n) > 0) {
      items.push({ key: 'bulletin.items', topic: '信息报送', period, source: '信息稿报送记录',
        text: `${span}，${num(b.people)}名干部报送信息稿${num(b.n)}篇，已采用${num(b.adopted)}篇。` });
    }
    return { from, to, items, unavailable };
  }

  return { facts };
}
