import { ElMessage } from 'element-plus';
import type { ErrorBodyT } from '../../../server/lib/schemas';
import { t } from '../locales';
import { useAuthStore } from '../stores/auth';
import { router } from '../router';

export const API_BASE = '/api';

/** A refused or failed request; `body` is the API's error body when there was one. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly body: ErrorBodyT | null;
  constructor(status: number, body: ErrorBodyT | null, fallback: string) {
    super(body?.message || fallback);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.code ?? (status === 0 ? 'NETWORK' : 'HTTP_' + status);
    this.body = body;
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Do not show ElMessage for errors: the caller shows them itself. */
  silent?: boolean;
  signal?: AbortSignal;
}

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    params.append(k, String(v));
  }
  const qs = params.toString();
  return API_BASE + path + (qs ? `?${qs}` : '');
}

function isErrorBody(v: unknown): v is ErrorBodyT {
  return !!v && typeof v === 'object' && typeof (v as ErrorBodyT).message === 'string';
}

let redirecting = false;

/** 401 with a session: the token is dead (expired, logged out elsewhere, deactivated). */
function sessionLost() {
  const auth = useAuthStore();
  auth.clear();
  const current = router.currentRoute.value;
  if (current.name === 'login' || redirecting) return;
  redirecting = true;
  ElMessage.error(t('app.sessionExpired'));
  void router
    .replace({ name: 'login', query: current.fullPath && current.fullPath !== '/' ? { redirect: current.fullPath } : {} })
    .finally(() => {
      redirecting = false;
    });
}

/** Shared by fetch and XHR paths: decide what the user sees for a failed request. */
function fail(status: number, body: unknown, hadToken: boolean, silent: boolean | undefined): never {
  const err = new ApiError(status, isErrorBody(body) ? body : null, status === 0 ? t('app.networkError') : t('app.serverError'));
  if (status === 401 && hadToken) {
    sessionLost();
    throw err;
  }
  if (!silent) ElMessage.error(err.message);
  throw err;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const auth = useAuthStore();
  const token = auth.token;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: BodyInit | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), { method, headers, body: payload, signal: opts.signal });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    return fail(0, null, !!token, opts.silent);
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) return fail(res.status, data, !!token, opts.silent);
  return data as T;
}

export const http = {
  get: <T>(path: string, query?: Query, opts?: Omit<RequestOptions, 'query' | 'body'>) => request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) => request<T>('POST', path, { ...opts, body: body ?? {} }),
  patch: <T>(path: string, body: unknown, opts?: Omit<RequestOptions, 'body'>) => request<T>('PATCH', path, { ...opts, body }),
  delete: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
};

export interface UploadOptions {
  field?: string;
  extra?: Record<string, string>;
  onProgress?: (percent: number) => void;
  silent?: boolean;
  signal?: AbortSignal;
}

/** Multipart upload via XMLHttpRequest, because fetch cannot report upload progress. */
export function upload<T>(path: string, file: Blob, opts: UploadOptions = {}): Promise<T> {
  const auth = useAuthStore();
  const token = auth.token;
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const form = new FormData();
    for (const [k, v] of Object.entries(opts.extra ?? {})) form.append(k, v);
    form.append(opts.field ?? 'file', file, file instanceof File ? file.name : 'file');
    xhr.open('POST', buildUrl(path));
    xhr.setRequestHeader('accept', 'application/json');
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) opts.onProgress?.(Math.round((e.loaded / e.total) * 100));
    };
    const settle = (status: number, text: string) => {
      let data: unknown = null;
      try {
        data = text ? JSON.parse(text) : null;
      } catch {
        data = null;
      }
      if (status >= 200 && status < 300) return resolve(data as T);
      try {
        fail(status, data, !!token, opts.silent);
      } catch (e) {
        reject(e);
      }
    };
    xhr.onload = () => settle(xhr.status, xhr.responseText);
    xhr.onerror = () => settle(0, '');
    xhr.onabort = () => reject(new DOMException('上传已取消', 'AbortError'));
    opts.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}
