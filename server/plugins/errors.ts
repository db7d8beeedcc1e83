import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { AppError } from '../lib/errors';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

interface AjvError {
  instancePath?: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Turn the first ajv error into a Chinese message that names the field. */
export function describeValidation(errors: AjvError[], context?: string): string {
  const e = errors[0];
  const base = (e.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
  const field =
    e.keyword === 'required'
      ? [base, String(e.params.missingProperty)].filter(Boolean).join('.')
      : e.keyword === 'additionalProperties'
        ? [base, String(e.params.additionalProperty)].filter(Boolean).join('.')
        : base || context || '请求';
  const p = e.params;
  let problem: string;
  switch (e.keyword) {
    case 'required': problem = '必填'; break;
    case 'type': problem = `类型应为 ${p.type}`; break;
    case 'minLength': problem = Number(p.limit) === 1 ? '不能为空' : `长度不能少于 ${p.limit} 个字符`; break;
    case 'maxLength': problem = `长度不能超过 ${p.limit} 个字符`; break;
    case 'minimum': problem = `不能小于 ${p.limit}`; break;
    case 'maximum': problem = `不能大于 ${p.limit}`; break;
    case 'exclusiveMinimum': problem = `必须大于 ${p.limit}`; break;
    case 'format': problem = `格式应为 ${p.format === 'date' ? 'YYYY-MM-DD 日期' : p.format}`; break;
    case 'enum': problem = `取值应为 ${(p.allowedValues as unknown[]).join(' / ')}`; break;
    case 'const': problem = `取值应为 ${p.allowedValue}`; break;
    case 'pattern': problem = '格式不正确'; break;
    case 'minItems': problem = `至少需要 ${p.limit} 项`; break;
    case 'maxItems': problem = `不能超过 ${p.limit} 项`; break;
    case 'uniqueItems': problem = '不能有重复项'; break;
    case 'additionalProperties': problem = '不允许的字段'; break;
    default: problem = e.message ?? '取值无效';
  }
  return `${field}: ${problem}`;
}

function body(statusCode: number, code: string, message: string) {
  return { statusCode, code, error: STATUS_TEXT[statusCode] ?? 'Error', message };
}

export default fp(async function errorsPlugin(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError & { validation?: AjvError[]; validationContext?: string }, req, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.statusCode).send(body(err.statusCode, err.code, err.message));
    }
    if (err.validation) {
      return reply.status(400).send(body(400, 'VALIDATION_ERROR', describeValidation(err.validation, err.validationContext)));
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = (err.code || 'BAD_REQUEST').replace(/^FST_(ERR_)?/, '');
      const message =
        status === 413 ? '上传或提交的内容过大'
        : status === 415 ? '不支持的内容类型'
        : status === 429 ? '请求过于频繁，请稍后再试'
        : err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'body: 不是有效的 JSON'
        : err.message;
      return reply.status(status).send(body(status, code, message));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(body(500, 'INTERNAL', '服务器内部错误，请稍后重试'));
  });

  // Probing unknown URLs is throttled per client address; known routes are not (their costs are bounded elsewhere).
  await app.register(rateLimit, { global: false });
  app.setNotFoundHandler(
    { preHandler: app.rateLimit({ max: 60, timeWindow: '1 minute', errorResponseBuilder: (_req, c) => ({ ...body(429, 'RATE_LIMITED', `请求不存在的地址过于频繁，请 ${Math.ceil(c.ttl / 1000)} 秒后再试`) }) }) },
    (req, reply) => {
      reply.status(404).send(body(404, 'NOT_FOUND', `没有这个接口：${req.method} ${req.url.split('?')[0]}`));
    },
  );
});
