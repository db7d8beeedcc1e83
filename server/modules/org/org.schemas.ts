import { Type, type Static } from 'typebox';
import { Id } from '../../lib/schemas';

export const OrgRef = Type.Object({ id: Type.Integer(), name: Type.String() });
export const OrgTree = Type.Object({
  unit: Type.Union([OrgRef, Type.Null()]),
  branches: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), sections: Type.Array(OrgRef) })),
  groups: Type.Array(OrgRef),
});
export type OrgTreeT = Static<typeof OrgTree>;

export const OrgUnit = Type.Object({
  id: Type.Integer(),
  kind: Type.Union([Type.Literal('unit'), Type.Literal('branch'), Type.Literal('section'), Type.Literal('group')]),
  name: Type.String(),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  sortOrder: Type.Integer(),
  active: Type.Boolean(),
  memberCount: Type.Integer(),
});
export type OrgUnitT = Static<typeof OrgUnit>;

export const CreateOrgUnitBody = Type.Object({
  kind: Type.Union([Type.Literal('branch'), Type.Literal('section'), Type.Literal('group')]),
  name: Type.String({ minLength: 1, maxLength: 60 }),
  parentId: Type.Optional(Id),
  sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
});
export type CreateOrgUnitBodyT = Static<typeof CreateOrgUnitBody>;

export const UpdateOrgUnitBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
  active: Type.Optional(Type.Boolean()),
});
export type UpdateOrgUnitBodyT = Static<typeof UpdateOrgUnitBody>;
