import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { BadRequestError } from '../../lib/errors';

/** Types we accept, recognised by their first bytes, never by the name or the browser's word. */
const KINDS: Array<{ mime: string; exts?: string[]; test: (b: Buffer) => boolean }> = [
  { mime: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: 'image/png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { mime: 'image/gif', test: (b) => b.subarray(0, 4).toString('latin1') === 'GIF8' },
  { mime: 'image/webp', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  { mime: 'image/heic', test: (b) => b.subarray(4, 8).toString('latin1') === 'ftyp' && /^(heic|heix|mif1|msf1|hevc)$/.test(b.subarray(8, 12).toString('latin1')) },
  { mime: 'application/pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', exts: ['.docx'], test: isZip },
  { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', exts: ['.xlsx'], test: isZip },
  { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', exts: ['.pptx'], test: isZip },
  { mime: 'application/msword', exts: ['.doc'], test: isOle },
  { mime: 'application/vnd.ms-excel', exts: ['.xls'], test: isOle },
  { mime: 'application/vnd.ms-powerpoint', exts: ['.ppt'], test: isOle },
];
function isZip(b: Buffer) {
  return b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}
function isOle(b: Buffer) {
  return b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
}

export function detectType(head: Buffer, filename: string): string | null {
  const ext = extname(filename).toLowerCase();
  for (const k of KINDS) {
    if (!k.test(head)) continue;
    if (k.exts && !k.exts.includes(ext)) continue;
    return k.mime;
  }
  return null;
}

/** A display name safe to store and to send back: no directories, no control characters, bounded length. */
export function sanitizeFilename(name: string): string {
  const base = basename(String(name).replace(/\\/g, '/'))
    .replace(/[\u0000-\u001f\u007f<>:"|?*\/]/g, '_')
    .replace(/^\.+/, '')
    .trim();
  const ext = extname(base).slice(0, 10);
  const stem = base.slice(0, base.length - extname(base).length).slice(0, 100);
  return (stem || '附件') + ext;
}

export interface StoredFile {
  sha256: string;
  size: number;
  mime: string;
  filename: string;
}

export function createEvidenceStore(dir: string) {
  const pathOf = (sha: string) => join(dir, sha.slice(0, 2), sha);

  /** Streams an upload to disk while hashing it; content-addressed, so the same file is kept once. */
  async function save(stream: Readable & { truncated?: boolean }, rawName: string): Promise<StoredFile> {
    const filename = sanitizeFilename(rawName);
    mkdirSync(join(dir, 'tmp'), { recursive: true });
    const tmp = join(dir, 'tmp', randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    const tap = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        if (head.length < 16) head = Buffer.concat([head, chunk.subarray(0, 16 - head.length)]);
        hash.update(chunk);
        size += chunk.length;
        cb(null, chunk);
      },
    });
    try {
      await pipeline(stream, tap, createWriteStream(tmp));
      if (stream.truncated) throw Object.assign(new Error('file too large'), { statusCode: 413 });
      if (size === 0) throw new BadRequestError('FILE_EMPTY', 'file: 文件为空');
      const mime = detectType(head, filename);
      if (!mime) throw new BadRequestError('FILE_TYPE', 'file: 只接受图片（JPG/PNG/GIF/WEBP/HEIC）、PDF 和 Office 文档');
      const sha256 = hash.digest('hex');
      const dest = pathOf(sha256);
      mkdirSync(join(dir, sha256.slice(0, 2)), { recursive: true });
      if (existsSync(dest)) rmSync(tmp);
      else renameSync(tmp, dest);
      return { sha256, size, mime, filename };
    } finally {
      if (existsSync(tmp)) rmSync(tmp, { force: true });
    }
  }

  function open(sha256: string): { stream: Readable; size: number } | null {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
    const p = pathOf(sha256);
    if (!existsSync(p)) return null;
    return { stream: createReadStream(p), size: statSync(p).size };
  }

  return { save, open, pathOf };
}
export type EvidenceStore = ReturnType<typeof createEvidenceStore>;
