import { Type, type Static } from 'typebox';
import { Password, RoleT } from '../users/users.schemas';

export const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
});

export const LoginUser = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  name: Type.String(),
  roles: Type.Array(RoleT),
  mustChangePassword: Type.Boolean(),
});

export const LoginReply = Type.Object({ token: Type.String(), expiresAt: Type.String({ format: 'date-time' }), user: LoginUser });
export type LoginReplyT = Static<typeof LoginReply>;

export const Me = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  name: Type.String(),
  roles: Type.Array(RoleT),
  unitId: Type.Union([Type.Integer(), Type.Null()]),
  branchId: Type.Union([Type.Integer(), Type.Null()]),
  sectionId: Type.Union([Type.Integer(), Type.Null()]),
  groupId: Type.Union([Type.Integer(), Type.Null()]),
  unitName: Type.Union([Type.String(), Type.Null()]),
  branchName: Type.Union([Type.String(), Type.Null()]),
  sectionName: Type.Union([Type.String(), Type.Null()]),
  groupName: Type.Union([Type.String(), Type.Null()]),
  title: Type.Union([Type.String(), Type.Null()]),
  mustChangePassword: Type.Boolean(),
});
export type MeT = Static<typeof Me>;

export const ChangePasswordBody = Type.Object({
  oldPassword: Type.String({ minLength: 1, maxLength: 256 }),
  newPassword: Password,
});
