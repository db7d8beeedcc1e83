// Reads the 安庆组工信息 第35期 seed into the four items it carries, as a cadre would type them in.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './e2e';

export interface SeedItem {
  section: 0 | 1;
  headline: string;
  paragraphs: Array<{ lead?: string; text: string }>;
  attribution: string;
}
export interface SeedIssue {
  title: string;
  number: number;
  office: string;
  sections: string[];
  items: SeedItem[];
  distribution: { bao: string; song: string; fa: string };
}

export function seedPath(): string {
  for (const p of [join(ROOT, '../shared/seeds/000_3cdc14b664f9235f.txt'), '/work/shared/seeds/000_3cdc14b664f9235f.txt', join(ROOT, 'tests/fixtures/000_3cdc14b664f9235f.txt')]) {
    if (existsSync(p)) return p;
  }
  throw new Error('seed 000_3cdc14b664f9235f.txt not found');
}

function parseItem(raw: string, section: 0 | 1): SeedItem {
  // Page breaks in the seed cut sentences across blank lines: glue the pieces back.
  let s = raw.split('\n').map((l) => l.trim()).filter(Boolean).join('');
  s = s.replace(/^\*\*△(.+?)\*\*/, '△$1');
  const m = /^△(.+?。)/.exec(s)!;
  const headline = m[1].replace(/。$/, '');
  s = s.slice(m[0].length);
  // The 市外参考 item carries no attribution in the seed: name the county it reports on.
  const attr = /（([^（）]+)）$/.exec(s);
  const attribution = attr ? attr[1] : `${headline.split('：')[0].replace(/^甘肃/, '甘肃省')}县委组织部`;
  if (attr) s = s.slice(0, attr.index);
  const paragraphs: SeedItem['paragraphs'] = [];
  const parts = s.split(/\*\*(.+?)\*\*/);
  if (parts[0].trim()) paragraphs.push({ text: parts[0].trim() });
  for (let i = 1; i < parts.length; i += 2) paragraphs.push({ lead: parts[i], text: parts[i + 1].trim() });
  return { section, headline, paragraphs, attribution };
}

export function readSeedIssue(): SeedIssue {
  const text = readFileSync(seedPath(), 'utf8');
  const bodyStart = text.lastIndexOf('## 市内信息');
  const outsideStart = text.lastIndexOf('## 市外参考');
  const end = text.indexOf('\n---', outsideStart);
  const inside = text.slice(bodyStart + '## 市内信息'.length, outsideStart);
  const outside = text.slice(outsideStart + '## 市外参考'.length, end);
  const split = (block: string) => block.split(/\n(?=\s*(?:\*\*)?△)/).map((b) => b.trim()).filter((b) => b.replace(/\*/g, '').startsWith('△'));
  const items = [...split(inside).map((b) => parseItem(b, 0)), ...split(outside).map((b) => parseItem(b, 1))];
  const line = (label: string) => (new RegExp(`^${label}：(.+)$`, 'm').exec(text)?.[1] ?? '').trim();
  return {
    title: /^# (.+)$/m.exec(text)![1].trim(),
    number: Number(/第 (\d+) 期/.exec(text)![1]),
    office: /^(中共.+)$/m.exec(text)![1].trim(),
    sections: ['市内信息', '市外参考'],
    items,
    distribution: { bao: line('报'), song: line('送'), fa: line('发') },
  };
}
