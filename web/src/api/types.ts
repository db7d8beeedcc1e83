// API types, all derived from the server's TypeBox schemas — never written by hand here.
import type { Static } from 'typebox';
import type { HealthBody } from '../../../server/modules/health';
import type { Page } from '../../../server/lib/schemas';
import type { RoleT, User } from '../../../server/modules/users/users.schemas';

export type { LoginReplyT as LoginReply, MeT as Me } from '../../../server/modules/auth/auth.schemas';
export type { UserT as User, CreateUserBodyT as CreateUserBody, UpdateUserBodyT as UpdateUserBody, ListUsersQueryT as ListUsersQuery } from '../../../server/modules/users/users.schemas';
export type { OrgTreeT as OrgTree, OrgUnitT as OrgUnit, CreateOrgUnitBodyT as CreateOrgUnitBody, UpdateOrgUnitBodyT as UpdateOrgUnitBody } from '../../../server/modules/org/org.schemas';
export type { ErrorBodyT as ErrorBody } from '../../../server/lib/schemas';

export type Role = Static<typeof RoleT>;
export type Health = Static<typeof HealthBody>;
export type UserPage = Static<ReturnType<typeof Page<typeof User>>>;
