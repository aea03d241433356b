import { randomUUID } from 'node:crypto'
import jsonPatch from 'fast-json-patch'
import type { Queryable } from './db.ts'

/** The document table of audit records (declared as the engine's read-only `auditRecord` resource). */
export const AUDIT_TABLE = 'cx_audit_record'
/** Where an audit record is read: `/tmf-api/audit/v1/auditRecord/{id}`. */
export const AUDIT_ROOT = '/tmf-api/audit/v1'

/** What was done. `settle` is an SLA settlement; `login` a token issued by the embedded dev issuer. */
export type AuditAction = 'create' | 'patch' | 'delete' | 'subscribe' | 'unsubscribe' | 'replay' | 'settle' | 'login'

/** One change to record (appendAudit). */
export interface AuditEntry {
  action: AuditAction
  /** The caller's subject (`sub` of its token; `anonymous` in embedded mode without one). */
  actor: string
  /** The partner the caller acted for; null for operators without one. */
  partnerId: string | null
  /** The request's id (X-Request-Id), to find its log lines and trace. */
  requestId: string | null
  /** The API the change went through, e.g. `troubleTicket`. */
  api: string
  /** The resource changed (for a replay: the subscription or dead letter; for a login: the client). */
  resource: { id: string, href?: string | undefined, type: string }
  /** The resource before and after (absent = nothing): the record keeps the JSON Patch between them. */
  before?: unknown
  after?: unknown
  /** When (ISO 8601 UTC); the service's clock. */
  at: string
}

/**
 * Records one change in the audit trail, inside the caller's transaction (`tx`), so the record
 * commits exactly when the change does. The difference is kept as an RFC 6902 JSON Patch from
 * `before` to `after` (fast-json-patch `compare`); a create is one `add` of the root, a delete one
 * `replace` of the root by null that keeps the removed document in `previous`, so what was
 * deleted stays readable.
 * Audit records are operator-only: their `parties` are empty, and the engine's `auditRecord`
 * resource refuses partners with 403.
 */
export async function appendAudit (tx: Queryable, entry: AuditEntry): Promise<string> {
  const id = randomUUID()
  const doc = {
    id,
    href: `${AUDIT_ROOT}/auditRecord/${id}`,
    '@type': 'AuditRecord',
    action: entry.action,
    recordedAt: entry.at,
    actor: entry.actor,
    partnerId: entry.partnerId,
    requestId: entry.requestId,
    api: entry.api,
    resource: { id: entry.resource.id, ...(entry.resource.href === undefined ? {} : { href: entry.resource.href }), '@referredType': entry.resource.type },
    diff: auditDiff(entry.before, entry.after)
  }
  await tx.query(`INSERT INTO ${AUDIT_TABLE} (id, doc, parties) VALUES ($1, $2, '{}')`, [id, doc], { name: 'cx-audit-insert' })
  return id
}

/** The JSON Patch (RFC 6902) from `before` to `after`; objects are compared member by member. */
export function auditDiff (before: unknown, after: unknown): unknown[] {
  const isObject = (v: unknown): v is object => v !== null && typeof v === 'object'
  if (isObject(before) && isObject(after)) return jsonPatch.compare(before, after)
  if (before === undefined && after === undefined) return []
  if (after === undefined) return [{ op: 'replace', path: '', value: null, previous: before }]
  return [{ op: before === undefined ? 'add' : 'replace', path: '', value: after }]
}
