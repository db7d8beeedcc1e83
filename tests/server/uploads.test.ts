import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/build-app';
import { pointsWorld, submit, type PointsWorld } from '../helpers/points';

let t: TestApp;
let w: PointsWorld;
beforeAll(async () => {
  t = await createTestApp({ uploadMaxBytes: 4096 });
  w = await pointsWorld(t);
});
afterAll(() => t.close());

function multipart(buf: Buffer, filename: string) {
  const boundary = '----xjup' + Math.random().toString(16).slice(2);
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`), buf, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  };
}
const png = (n: number) => Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(n)]);

describe('evidence uploads', () => {
  it('refuses a file over the size limit with 413 and stores nothing', async () => {
    const id = await submit(t, w.cadre, w.items.visit, '2026-10-01');
    const m = multipart(png(10_000), 'big.png');
    const r = await t.app.inject({ method: 'POST', url: `/api/claims/${id}/evidence`, headers: { ...w.cadre.h, ...m.headers }, payload: m.payload });
    expect(r.statusCode).toBe(413);
    expect(r.json()).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    const files = readdirSync(t.config.evidenceDir, { recursive: true }).filter((f) => !String(f).startsWith('tmp'));
    expect(files.filter((f) => /^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(String(f)))).toEqual([]);
    expect(readdirSync(`${t.config.evidenceDir}/tmp`)).toEqual([]);
  });

  it('decides the type by content, not by name or declared type; names cannot escape the store', async () => {
    const id = await submit(t, w.cadre, w.items.visit, '2026-10-02');
    const up = (buf: Buffer, name: string) => {
      const m = multipart(buf, name);
      return t.app.inject({ method: 'POST', url: `/api/claims/${id}/evidence`, headers: { ...w.cadre.h, ...m.headers }, payload: m.payload });
    };
    expect((await up(Buffer.from('<html><script>alert(1)</script></html>'), 'x.png')).json().code).toBe('FILE_TYPE');
    expect((await up(Buffer.from('PK\u0003\u0004 not really office'), 'x.exe')).json().code).toBe('FILE_TYPE');
    expect((await up(Buffer.alloc(0), 'empty.png')).json().code).toBe('FILE_EMPTY');
    const ok = await up(png(100), '..\\..\\..\\windows\\win.ini.png');
    expect(ok.statusCode).toBe(201);
    expect(ok.json().filename).toBe('win.ini.png');
    const pdf = await up(Buffer.from('%PDF-1.4\n%…\n'), '证明.pdf');
    expect(pdf.json()).toMatchObject({ mime: 'application/pdf', filename: '证明.pdf' });
  });
});
