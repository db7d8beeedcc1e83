import { Type, type Static, type TSchema } from 'typebox';

export const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
export const IdParams = Type.Object({ id: Id });
export const DateStr = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
export const Instant = Type.String({ format: 'date-time', description: 'ISO 8601 UTC' });
export const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
export const Month = Type.Integer({ minimum: 1, maximum: 12 });
export const Quarter = Type.Integer({ minimum: 1, maximum: 4 });
export const NullableInstant = Type.Union([Instant, Type.Null()]);

export const ErrorBody = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String(),
    error: Type.String(),
    message: Type.String(),
  },
  { $id: 'ErrorBody' },
);
export type ErrorBodyT = Static<typeof ErrorBody>;

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
};

export function Page<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), total: Type.Integer() });
}

export const Ok = Type.Object({ ok: Type.Boolean() });

/** Standard error responses, referenced by every route. */
export const errors = (...codes: Array<400 | 401 | 403 | 404 | 409 | 429>) =>
  Object.fromEntries(codes.map((c) => [c, Type.Ref('ErrorBody')])) as Record<number, TSchema>;
