// Request-body checks. The schemas are the spec's own (generated into requestSchemas.ts), so the simulator
// refuses what JumpCloud documents as invalid (wrong types, unknown enum values such as `state: STAGED`
// on PUT, a member `type` other than "user") and accepts what it accepts, including fields it does not
// model (which are then ignored, as the service ignores unknown fields).
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type {
  GraphOperationSystem,
  GraphOperationSystemGroupMember,
  GraphOperationUser,
  GraphOperationUserGroupMember,
  SystemUserPut,
  SystemUserPutPost,
  UserGroupPost,
} from '../jumpcloud/types.js';
import { badRequest, type FieldViolation } from './errors.js';
import {
  changeSystemAssociationBody,
  changeSystemGroupMemberBody,
  changeUserAssociationBody,
  changeUserGroupMemberBody,
  createSystemUserBody,
  createUserGroupBody,
  resetMfaBody,
  updateSystemUserBody,
} from './requestSchemas.js';

export interface ResetMfaBody {
  exclusion?: boolean;
  exclusionUntil?: string;
  exclusionDays?: number;
}

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);

const validators = {
  createSystemUser: ajv.compile<SystemUserPutPost>(createSystemUserBody),
  updateSystemUser: ajv.compile<SystemUserPut>(updateSystemUserBody),
  resetMfa: ajv.compile<ResetMfaBody>(resetMfaBody),
  createUserGroup: ajv.compile<UserGroupPost>(createUserGroupBody),
  changeUserGroupMember: ajv.compile<GraphOperationUserGroupMember>(changeUserGroupMemberBody),
  changeSystemGroupMember: ajv.compile<GraphOperationSystemGroupMember>(changeSystemGroupMemberBody),
  changeUserAssociation: ajv.compile<GraphOperationUser>(changeUserAssociationBody),
  changeSystemAssociation: ajv.compile<GraphOperationSystem>(changeSystemAssociationBody),
};

function fieldOf(error: ErrorObject): string {
  const path = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const missing =
    error.keyword === 'required' ? (error.params as { missingProperty?: string }).missingProperty : undefined;
  return [path, missing].filter((part) => part !== undefined && part !== '').join('.') || 'body';
}

function describe(error: ErrorObject): string {
  if (error.keyword === 'required') return 'is required';
  const allowed =
    error.keyword === 'enum' ? (error.params as { allowedValues?: unknown[] }).allowedValues : undefined;
  return allowed
    ? `${error.message ?? 'is invalid'}: ${allowed.map(String).join(', ')}`
    : (error.message ?? 'is invalid');
}

function pascal(field: string): string {
  return field
    .split(/[._]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function check<T>(validate: ValidateFunction<T>, body: unknown): T {
  if (validate(body)) return body;
  // `oneOf`/`allOf` wrappers repeat their members' errors; keep the most specific ones.
  const errors = (validate.errors ?? []).filter(
    (error) => error.keyword !== 'allOf' && error.keyword !== 'if',
  );
  const violations: FieldViolation[] = errors.map((error) => ({
    field: fieldOf(error),
    description: describe(error),
  }));
  const first = violations[0];
  const message = first
    ? `Invalid request body: ${first.field} ${first.description}`
    : 'Invalid request body';
  // v2's documented style: `nullName` for a missing field, `invalidName` for a bad one.
  const prefix = errors[0]?.keyword === 'required' ? 'null' : 'invalid';
  const reason = first ? `${prefix}${pascal(first.field)}` : 'invalidBody';
  throw badRequest(message, { fieldViolations: violations, reason });
}

/** An absent body (no Content-Type, or an empty JSON body) reads as `{}` for endpoints whose body is optional. */
export function orEmpty(body: unknown): unknown {
  return body === undefined || body === null ? {} : body;
}

export const readCreateSystemUser = (body: unknown): SystemUserPutPost =>
  check(validators.createSystemUser, body);
export const readUpdateSystemUser = (body: unknown): SystemUserPut =>
  check(validators.updateSystemUser, orEmpty(body));
export const readResetMfa = (body: unknown): ResetMfaBody => check(validators.resetMfa, orEmpty(body));
export const readCreateUserGroup = (body: unknown): UserGroupPost => check(validators.createUserGroup, body);
export const readUserGroupMemberChange = (body: unknown): GraphOperationUserGroupMember =>
  check(validators.changeUserGroupMember, body);

export const readSystemGroupMemberChange = (body: unknown): GraphOperationSystemGroupMember =>
  check(validators.changeSystemGroupMember, body);
export const readUserAssociationChange = (body: unknown): GraphOperationUser =>
  check(validators.changeUserAssociation, body);
export const readSystemAssociationChange = (body: unknown): GraphOperationSystem =>
  check(validators.changeSystemAssociation, body);

/** For bodies the spec leaves open (activate's `{email}` is documented both as an object and a flag). */
export function readObjectBody(body: unknown): Record<string, unknown> {
  const value = orEmpty(body);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest('Invalid request body: expected a JSON object');
  }
  return Object.fromEntries(Object.entries(value));
}
