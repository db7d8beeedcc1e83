/**
 * The issue as a Word document, laid out like the printed bulletin (and GB/T 9704 habits):
 * A4, red masthead in 方正小标宋简体, 第 N 期, office and date over a red rule, a real TOC field,
 * ★ section headings and △ headlines as Heading 1/2 (so the TOC lists them), 仿宋_GB2312 三号 body with
 * bold lead phrases, the attribution closing the last paragraph, the 报/送/发 block, page numbers in the footer.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import {
  AlignmentType, BorderStyle, Document, Footer, ImageRun, LineRuleType, Packer, PageBreak, PageNumber, Paragraph, TabStopType, TableOfContents, TextRun,
  type IRunOptions,
} from 'docx';
import type { IssueT } from './bulletin.schemas';

export const FONTS = {
  title: '方正小标宋简体',
  heading: '黑体',
  body: '仿宋_GB2312',
  /** What Word substitutes when 仿宋_GB2312 is not installed (declared as altName in the font table). */
  bodyFallback: '仿宋',
  titleFallback: '宋体',
};
const RED = 'E60012';
const font = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name, cs: name });
const mm = (v: number) => Math.round((v / 25.4) * 1440);
/** 三号 = 16 pt; docx sizes are half-points. */
const SAN_HAO = 32;
const LINE = 580; // 29 pt fixed line pitch: 22 lines on a GB/T 9704 page

export function cnDate(d: string | null): string {
  if (!d) return '';
  const [y, m, day] = d.split('-').map(Number);
  return `${y} 年 ${m} 月 ${day} 日`;
}
export const issueNumberText = (i: Pick<IssueT, 'number' | 'kind'>) => (i.number ? `第 ${i.number} 期` : '（草稿，刊发时编号）');
/** The section heading as printed: ★ and the name. */
export const sectionHeading = (s: string) => `★ ${s}`;
/** Headline as printed: △ and the text, ending with a full stop as the seeds do. */
export const headlineText = (h: string) => `△${h.replace(/^△/, '')}`;
export const attributionText = (a: string) => `（${a.replace(/^[（(]|[)）]$/g, '')}）`;

function body(text: string, extra: IRunOptions = {}) {
  return new TextRun({ text, font: font(FONTS.body), size: SAN_HAO, ...extra });
}

export interface DocxImage { data: Buffer; mime: string }

/** Pixel size from the file header (PNG IHDR, JPEG SOFn, GIF screen descriptor); null when unreadable. */
export function imageSize(b: Buffer): { width: number; height: number } | null {
  if (b.length > 24 && b.readUInt32BE(0) === 0x89504e47) return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b.length > 10 && b.toString('latin1', 0, 4) === 'GIF8') return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
  if (b[0] === 0xff && b[1] === 0xd8) {
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return null;
      const marker = b[i + 1];
      const len = b.readUInt16BE(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
      i += 2 + len;
    }
  }
  return null;
}
const DOCX_TYPES: Record<string, 'png' | 'jpg' | 'gif'> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif' };

function imageParagraph(img: DocxImage): Paragraph | null {
  const type = DOCX_TYPES[img.mime];
  const size = imageSize(img.data);
  if (!type || !size || !size.width || !size.height) return null;
  // At most the text width (156 mm ≈ 590 px) and 9 cm high, keeping the proportions.
  const scale = Math.min(1, 590 / size.width, 340 / size.height);
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [new ImageRun({ type, data: img.data, transformation: { width: Math.round(size.width * scale), height: Math.round(size.height * scale) } })],
  });
}

export async function issueDocx(issue: IssueT, images: Record<number, DocxImage[]> = {}): Promise<Buffer> {
  const children: Array<Paragraph | TableOfContents> = [];
  // Masthead.
  children.push(new Paragraph({
    alignment: AlignmentType.CENTER, spacing: { before: mm(10), after: 240 },
    children: [new TextRun({ text: issue.titleName, font: font(FONTS.title), size: 110, color: RED })],
  }));
  children.push(new Paragraph({
    alignment: AlignmentType.CENTER, spacing: { after: 240 },
    children: [body(issueNumberText(issue)), ...(issue.kind === 'erratum' ? [body('（更正）')] : [])],
  }));
  children.push(new Paragraph({
    tabStops: [{ type: TabStopType.RIGHT, position: mm(156) }],
    border: { bottom: { style: BorderStyle.THICK, size: 24, color: RED, space: 6 } },
    spacing: { after: 360 },
    children: [body(issue.office), body(`\t${cnDate(issue.issueDate)}`)],
  }));
  // Contents: a TOC field over Heading 1–2, pre-filled by docx from the headings; Word fills the page numbers.
  children.push(new TableOfContents('目录', { hyperlink: true, headingStyleRange: '1-2' }));
  children.push(new Paragraph({ children: [new PageBreak()] }));

  issue.sections.forEach((name, si) => {
    const entries = issue.entries.filter((e) => e.section === si);
    if (!entries.length) return;
    children.push(new Paragraph({ heading: 'Heading1', children: [new TextRun(sectionHeading(name))] }));
    let lastMark: string | null = null;
    for (const e of entries) {
      if (e.mark && e.mark !== lastMark) {
        children.push(new Paragraph({ spacing: { line: LINE, lineRule: LineRuleType.EXACT }, children: [body(`${e.mark}：`, { bold: true })] }));
      }
      lastMark = e.mark;
      children.push(new Paragraph({ heading: 'Heading2', children: [new TextRun(headlineText(e.headline))] }));
      e.paragraphs.forEach((p, k) => {
        const runs: TextRun[] = [];
        if (p.lead) runs.push(body(p.lead, { bold: true }));
        if (p.text) runs.push(body(p.text));
        if (k === e.paragraphs.length - 1) runs.push(body(attributionText(e.attribution)));
        children.push(new Paragraph({ indent: { firstLine: SAN_HAO * 20 }, alignment: AlignmentType.BOTH, spacing: { line: LINE, lineRule: LineRuleType.EXACT }, children: runs }));
      });
      for (const img of images[e.itemId] ?? []) {
        const p = imageParagraph(img);
        if (p) children.push(p);
      }
    }
  });

  // 报 / 送 / 发, between two rules, as the seeds end.
  const dist = (['bao', 'song', 'fa'] as const).filter((k) => issue.distribution[k].trim());
  if (dist.length) {
    const label = { bao: '报', song: '送', fa: '发' } as const;
    dist.forEach((k, i) => {
      children.push(new Paragraph({
        spacing: { before: i === 0 ? 480 : 0, line: LINE, lineRule: LineRuleType.EXACT },
        indent: { left: SAN_HAO * 20 * 1.5, hanging: SAN_HAO * 20 * 1.5 },
        border: {
          ...(i === 0 ? { top: { style: BorderStyle.SINGLE, size: 8, color: '000000', space: 4 } } : {}),
          ...(i === dist.length - 1 ? { bottom: { style: BorderStyle.SINGLE, size: 8, color: '000000', space: 4 } } : {}),
        },
        children: [new TextRun({ text: `${label[k]}：`, font: font(FONTS.body), size: 28, bold: true }), new TextRun({ text: issue.distribution[k].trim(), font: font(FONTS.body), size: 28 })],
      }));
    });
  }

  const doc = new Document({
    title: `${issue.titleName} ${issueNumberText(issue)}`,
    creator: issue.office,
    features: { updateFields: true },
    styles: {
      default: { document: { run: { font: font(FONTS.body), size: SAN_HAO } } },
      paragraphStyles: [
        {
          id: 'Heading1', name: 'Heading 1', basedOn: 'Normal', next: 'Normal', quickFormat: true,
          run: { font: font(FONTS.heading), size: SAN_HAO, bold: false, color: '000000' },
          paragraph: { alignment: AlignmentType.LEFT, spacing: { before: 240, after: 120, line: LINE, lineRule: LineRuleType.EXACT }, outlineLevel: 0 },
        },
        {
          id: 'Heading2', name: 'Heading 2', basedOn: 'Normal', next: 'Normal', quickFormat: true,
          run: { font: font(FONTS.heading), size: SAN_HAO, bold: false, color: '000000' },
          paragraph: { alignment: AlignmentType.LEFT, spacing: { before: 240, after: 0, line: LINE, lineRule: LineRuleType.EXACT }, outlineLevel: 1 },
        },
      ],
    },
    sections: [{
      properties: {
        page: {
          size: { width: 11906, height: 16838 },
          margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26), footer: mm(20) },
          pageNumbers: { start: 1 },
        },
      },
      footers: {
        default: new Footer({
          children: [new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font('宋体'), size: 28 })],
          })],
        }),
      },
      children,
    }],
  });
  return withFontFallbacks(await Packer.toBuffer(doc));
}

/**
 * Word picks a substitute font by the font table's altName: declare 仿宋 for 仿宋_GB2312 and 宋体 for
 * 方正小标宋简体, so a machine without the GB fonts still shows the right family.
 */
function withFontFallbacks(buf: Buffer): Buffer {
  const files = unzipSync(new Uint8Array(buf));
  const path = 'word/fontTable.xml';
  const decl = (name: string, alt: string, family: string) =>
    `<w:font w:name="${name}"><w:altName w:val="${alt}"/><w:charset w:val="86"/><w:family w:val="${family}"/><w:pitch w:val="fixed"/></w:font>`;
  const extra = decl(FONTS.body, FONTS.bodyFallback, 'modern') + decl(FONTS.title, FONTS.titleFallback, 'roman') + decl(FONTS.heading, '黑体', 'modern');
  const xml = files[path] ? strFromU8(files[path]) : null;
  if (!xml) return buf;
  // docx writes the table empty (<w:fonts …/>) or with entries (…</w:fonts>).
  const filled = xml.includes('</w:fonts>') ? xml.replace('</w:fonts>', `${extra}</w:fonts>`) : xml.replace(/<w:fonts([^>]*)\/>/, `<w:fonts$1>${extra}</w:fonts>`);
  files[path] = strToU8(filled);
  return Buffer.from(zipSync(files));
}
