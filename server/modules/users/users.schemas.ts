import { Type, type Static } from 'typebox';
import { ROLES } from '../../../db/schema/org';
import { Id, NullableInstant, PageQuery } from '../../lib/schemas';

export const RoleT = Type.Union([
  Type.Literal('cadre'), Type.Literal('scorekeeper'), Type.Literal('branch'), Type.Literal('leader'), Type.Literal('editor'), Type.Literal('admin'),
]);
// Keep the schema and the database enum in step.
const _roles: readonly Static<typeof RoleT>[] = ROLES;
export const NullableId = Type.Union([Id, Type.Null()]);
export const Username = Type.String({ minLength: 3, maxLength: 32, pattern: '^[A-Za-z0-9_.-]+$', description: '登录名：3–32 位字母、数字或 _ . -' });
export const Password = Type.String({ minLength: 8, maxLength: 128, description: '至少 8 位' });
export const PersonName = Type.String({ minLength: 1, maxLength: 40 });

export const User = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  name: Type.String(),
  roles: Type.Array(RoleT),
  unitId: Type.Union([Type.Integer(), Type.Null()]),
  branchId: Type.Union([Type.Integer(), Type.Null()]),
  sectionId: Type.Union([Type.Integer(), Type.Null()]),
  groupId: Type.Union([Type.Integer(), Type.Null()]),
  title: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  lastLoginAt: NullableInstant,
  createdAt: Type.String({ format: 'date-time' }),
});
export type UserT = Static<typeof User>;

export const CreateUserBody = Type.Object({
  username: Username,
  name: PersonName,
  password: Password,
  roles: Type.Array(RoleT, { minItems: 1, uniqueItems: true }),
  branchId: NullableId,
  sectionId: NullableId,
  groupId: Type.Optional(NullableId),
  title: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
});
export type CreateUserBodyT = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object({
  name: Type.Optional(PersonName),
  roles: Type.Optional(Type.Array(RoleT, { minItems: 1, uniqueItems: true })),
  branchId: Type.Optional(NullableId),
  sectionId: Type.Optional(NullableId),
  groupId: Type.Optional(NullableId),
  title: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
});
export type UpdateUserBodyT = Static<typeof UpdateUserBody>;

export const ResetPasswordBody = Type.Object({ password: Password });

export const ListUsersQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 40 })),
  branchId: Type.Optional(Id),
  sectionId: Type.Optional(Id),
  groupId: Type.Optional(Id),
  role: Type.Optional(RoleT),
  active: Type.Optional(Type.Boolean()),
  ...PageQuery,
});
export type ListUsersQueryT = Static<typeof ListUsersQuery>;
