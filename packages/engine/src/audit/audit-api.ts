import { Type } from 'typebox'
import { AUDIT_TABLE } from '@cx/store'
import type { ApiDeclaration, ResourceDeclaration } from '../resource/declaration.ts'

const ACTIONS = ['create', 'patch', 'delete', 'subscribe', 'unsubscribe', 'replay', 'settle', 'login'] as const

/** One recorded change (written by appendAudit of @cx/store in the change's own transaction). */
export const AuditRecord = Type.Object({
  id: Type.String(),
  href: Type.String(),
  '@type': Type.Literal('AuditRecord'),
  action: Type.Union(ACTIONS.map((a) => Type.Literal(a)), { description: 'What was done: a resource create/patch/delete, a hub subscribe/unsubscribe, a dead-letter replay, an SLA settlement, a dev-issuer login' }),
  recordedAt: Type.String({ format: 'date-time', description: 'When the change committed (the service clock)' }),
  actor: Type.String({ description: 'Subject of the caller\'s token (`anonymous` in embedded mode without one)' }),
  partnerId: Type.Union([Type.String(), Type.Null()], { description: 'The partner the caller acted for; null for an operator' }),
  requestId: Type.Union([Type.String(), Type.Null()], { description: 'X-Request-Id of the request that made the change' }),
  api: Type.String({ description: 'The API the change went through, e.g. troubleTicket' }),
  resource: Type.Object({
    id: Type.String(),
    href: Type.Optional(Type.String()),
    '@referredType': Type.String()
  }, { description: 'What was changed' }),
  diff: Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'RFC 6902 JSON Patch from the state before to the state after (a create adds the root; a delete replaces it by null and keeps the removed document in `previous`)' })
}, { $id: 'AuditRecord', additionalProperties: true })

// Never written through the API: every create or patch is refused before these are used.
const NotWritable = Type.Object({}, { $id: 'AuditRecord_FVO', additionalProperties: false })
const NotPatchable = Type.Object({}, { $id: 'AuditRecord_MVO', additionalProperties: false })

export const auditRecordResource: ResourceDeclaration = {
  name: 'auditRecord',
  type: 'AuditRecord',
  table: AUDIT_TABLE,
  schemas: { resource: AuditRecord, create: NotWritable, patch: NotPatchable },
  operations: { create: false, patch: false, delete: false },
  readableBy: 'operator',
  indexes: [
    { name: 'recorded_at', path: ['recordedAt'] },
    { name: 'resource_id', path: ['resource', 'id'], as: 'text' },
    { name: 'request_id', path: ['requestId'], as: 'text' }
  ]
}

/**
 * The audit trail as a read-only TMF630 list (`GET /tmf-api/audit/v1/auditRecord`, filters,
 * fields, paging, sort) for operators; partners get 403. Every server serves it over its own
 * database, since every server writes audit records (resources, hubs, replays, logins).
 */
export const auditApi: ApiDeclaration = {
  name: 'audit',
  title: 'Audit Trail',
  description: 'Who changed what, when, through which request: every create, patch and delete of a resource, hub subscription change, dead-letter replay, SLA settlement and dev-issuer login, recorded in the transaction of the change. Operators only.',
  versions: ['v1'],
  canonicalVersion: 'v1',
  resources: [auditRecordResource],
  hub: false
}
