/**
 * “生成信息素材”: a draft bulletin paragraph per record, with the facts filled from the data —
 * e.g. “目前已开展‘每周一学’活动21场次”. The bulletin editor pastes and edits it; nothing here is stored.
 */
import type { AppContext } from '../../lib/context';
import { BadRequestError, fieldError } from '../../lib/errors';
import { parts, today } from '../../lib/dates';
import { FORM_NAMES, cnDate, unitName } from './common';
import { createStudyService } from './study.service';
import type { BulletinMaterialT, MaterialQueryT } from './weekly.schemas';

export type MaterialProvider = (q: MaterialQueryT, ctx: { unit: string; year: number; today: string }) => Promise<Omit<BulletinMaterialT, 'attribution' | 'generatedAt' | 'kind'>>;

const pct = (r: number) => `${Math.round(r * 1000) / 10}%`;

export function createMaterialService(ctx: AppContext, extra: Partial<Record<MaterialQueryT['kind'], MaterialProvider>> = {}) {
  const study = createStudyService(ctx);

  const providers: Partial<Record<MaterialQueryT['kind'], MaterialProvider>> = {
    async study_summary(q, c) {
      const year = q.year ?? c.year;
      const s = await study.stats(year);
      const forms = s.byForm.map((f) => FORM_NAMES[f.form]).slice(0, 3);
      const best = [...s.bySection].sort((a, b) => b.rate - a.rate)[0];
      const formText = forms.length ? `通过${forms.join('、')}等方式，` : '';
      const paragraph = `“每周一学”筑牢政治建设基石。${c.unit}坚持把强化理论武装作为锤炼政治品格的基石，建立健全集中理论学习制度，固定学习时间，列出学习计划，${formText}引导组工干部补足“精神之钙”。${year === c.year ? '目前' : `${year}年`}已开展“每周一学”活动${s.sessionsHeld}场次，参学${s.overall.attended}人次，平均出勤率${pct(s.overall.rate)}${best ? `，其中${best.name}出勤率达${pct(best.rate)}` : ''}。`;
      return {
        headline: `${c.unit.replace(/（演示）$/, '')}扎实开展“每周一学”活动`,
        paragraph,
        facts: { year, sessionsHeld: s.sessionsHeld, attendance: s.overall.attended, attendanceRate: pct(s.overall.rate), forms, topSection: best?.name ?? '' },
        source: { kind: 'study_summary', id: null, url: '/weekly/study' },
      };
    },
    async session(q) {
      if (!q.id) throw fieldError('id', '须指定学习活动');
      const d = await study.detail(q.id);
      const s = await study.stats(d.year);
      const leave = d.counts.leave;
      const paragraph = `${cnDate(d.heldOn)}，${d.invitedUnitNames.length ? d.invitedUnitNames.join('、') : '部机关全体党员干部'}以${FORM_NAMES[d.form]}方式开展“每周一学”，${d.presenter ? `由${d.presenter}领学，` : ''}围绕“${d.topic}”进行学习${d.materials.length ? `，学习了${d.materials.map((m) => `《${m.title.replace(/^《|》$/g, '')}》`).join('、')}` : ''}。应到${d.counts.expected}人，实到${d.counts.attended}人${leave ? `，请假${leave}人` : ''}。这是今年开展的第${s.sessionsHeld}场“每周一学”活动。`;
      return {
        headline: `开展“每周一学”：${d.topic}`,
        paragraph,
        facts: { date: d.heldOn, topic: d.topic, form: FORM_NAMES[d.form], expected: d.counts.expected, attended: d.counts.attended, leave, sessionsHeld: s.sessionsHeld, units: d.invitedUnitNames },
        source: { kind: 'session', id: d.id, url: `/weekly/study/${d.id}` },
      };
    },
    ...extra,
  };

  async function generate(q: MaterialQueryT): Promise<BulletinMaterialT> {
    const p = providers[q.kind];
    if (!p) throw new BadRequestError('MATERIAL_KIND_UNSUPPORTED', `kind: 暂不支持生成“${q.kind}”信息素材`);
    const unit = await unitName(ctx.db);
    const d = today(ctx.clock);
    const m = await p(q, { unit, year: parts(d).year, today: d });
    return { kind: q.kind, ...m, attribution: `（${unit.replace(/（演示）$/, '')}）`, generatedAt: ctx.clock().toISOString() };
  }

  return { generate };
}
