import { randomUUID } from 'node:crypto'
import type { TSchema } from 'typebox'
import { appendAudit, appendToOutbox, type AuditAction, type Db, type DocumentStore, type Queryable } from '@cx/store'
import { scopeParties, type Principal } from '@cx/auth'
import { badRequest, forbidden, notFound, preconditionFailed, TmfError } from '@cx/errors'
import { conditionsToSql, describeJsonSchemaPath, parseListQuery, project, sortToSql, type PathInfo, type TypedColumns } from '@cx/tmf-query'
import { applyPatch, changedTopLevelKeys, type PatchKind } from '../patch/index.ts'
import type { ApiDeclaration, Doc, ResourceDeclaration, ResourceOperations, WriteContext } from './declaration.ts'
import { applyTransition, enterInitialState, lifecycleManagedFields, recordDerivedState, STRICT_INITIAL_STATE } from './lifecycle.ts'
import { normalizeDates } from './normalize-dates.ts'
import { relatedPartyIds, withPartner } from './parties.ts'
import { buildEvent } from './event-envelope.ts'
import { deleteEventPayload, eventTypesOf } from './event-types.ts'
import { partyFilterToSql } from './party-filter.ts'
import { typedColumnMap } from './resource-table.ts'
import { assertPartnerWriteScope, DEFAULT_PARTNER_ROLES, normaliseRole } from './write-scope.ts'
import type { SchemaValidator } from './validator.ts'
import { noteChange, runObserved, type WriteObserver } from './write-observer.ts'
import { currentTraceParent } from '../observability/trace-context.ts'

export interface ServiceSettings {
  defaultLimit: number
  maxLimit: number
  /** When true, `fields=` gives exactly what was asked on every root (see keepOnProjection). */
  strictProjection: boolean
  /** Opt-in checks stricter than the TMF specs that the operator turned on (STRICT_CHECKS). */
  strictChecks: ReadonlySet<string>
  /**
   * The service's clock (default: the system clock). Every server-set timestamp (`creationDate`,
   * `lastUpdate`, history entries, event times) comes from it, so tests, simulations and
   * back-dated demo data can move time without sleeping.
   */
  now?: () => Date
  /** Told after each commit which resources were created, deleted or changed state (business metrics). */
  observer?: WriteObserver
}

export interface RequestMeta {
  principal: Principal
  /** 'v4' or the canonical version: which representation the caller speaks. */
  version: string
  correlationId?: string
}

const ALWAYS_FIXED = ['id', 'href', '@type', '@baseType', '@schemaLocation']

/**
 * The generic TMF630 behaviour of one declared resource: scope, lifecycle, validation, events
 * in the outbox. Everything resource-specific comes from its declaration.
 */
export class ResourceService implements ResourceOperations {
  readonly decl: ResourceDeclaration
  private readonly fixed: Set<string>
  private readonly managedOnCreate: string[]
  private readonly refs: Record<string, object>
  private readonly pathCache = new Map<string, PathInfo>()
  private readonly partnerRoles: ReadonlySet<string>
  private readonly eventTypes: ReadonlySet<string>
  private readonly typedColumns: TypedColumns

  constructor (
    private readonly api: ApiDeclaration,
    decl: ResourceDeclaration,
    private readonly db: Db,
    private readonly store: DocumentStore,
    private readonly validator: SchemaValidator,
    private readonly settings: ServiceSettings,
    private readonly wake: () => void,
    private readonly siblings: (name: string) => ResourceService
  ) {
    this.decl = decl
    const ts = decl.timestamps ?? {}
    this.fixed = new Set([...ALWAYS_FIXED, ...lifecycleManagedFields(decl.lifecycle), ...(decl.nonPatchable ?? []),
      ...[ts.created, ts.updated].filter((f): f is string => f !== undefined)])
    this.refs = Object.fromEntries(validator.refs)
    this.eventTypes = new Set(eventTypesOf(decl))
    this.partnerRoles = new Set((decl.partnerRoles ?? DEFAULT_PARTNER_ROLES).map((r) => normaliseRole(r) ?? r))
    this.managedOnCreate = [...lifecycleManagedFields(decl.lifecycle), ...[ts.created, ts.updated].filter((f): f is string => f !== undefined)]
    this.typedColumns = typedColumnMap(decl, (p) => this.describe(p))
  }

  get canonical (): string { return this.api.canonicalVersion ?? 'v5' }

  hrefOf (id: string): string { return `/tmf-api/${this.api.name}/${this.canonical}/${this.decl.name}/${id}` }

  /** The representation for the caller's version. */
  represent (doc: Doc, version: string): Doc {
    return version === 'v4' && this.canonical !== 'v4' && this.decl.v4 !== undefined ? this.decl.v4.fromV5(doc) : doc
  }

  /**
   * What a `fields=` projection keeps besides the attributes asked for, in `version`.
   * - Roots labelled v4: nothing (TMF630 Part 1 §4.3 returns the named attributes; v4 schemas
   *   require neither id nor href, and the R18 TMF621 CTK asserts `fields=description` is one key).
   * - Other roots: id, href and @type, because every v5 schema requires @type (Extensible) and the
   *   v5 OAS examples of a fields selection (TMF622 v5.0.0) keep id and href.
   * `strictProjection` (STRICT_FIELDS=true) gives exactly what was asked on every root.
   * `fields=none` adds id and href in every case (see project()).
   */
  keepOnProjection (version: string): readonly string[] {
    return this.settings.strictProjection || version === 'v4' ? [] : ['id', 'href', '@type']
  }

  /** The canonical schema's description of a path inside this resource (cached). */
  describe (path: string[]): PathInfo {
    const key = path.join('.')
    let info = this.pathCache.get(key)
    if (info === undefined) {
      info = describeJsonSchemaPath(this.decl.schemas.resource, path, this.refs)
      this.pathCache.set(key, info)
    }
    return info
  }

  /**
   * A page of the list. `query` is the raw query string (what follows `?`) or a parsed query
   * object (see parseListQuery). `body` is the JSON array text when the stored documents can be
   * sent as they are (canonical version, no `fields`), else `items` holds the shaped documents.
   */
  async list (meta: RequestMeta, query: string | Record<string, unknown>): Promise<{ total: number, count: number, items?: Doc[], body?: string, offset: number, limit: number }> {
    this.assertReadable(meta.principal)
    const v4 = meta.version === 'v4' ? this.decl.v4 : undefined
    const q = parseListQuery(query, {
      defaultLimit: this.settings.defaultLimit,
      maxLimit: this.settings.maxLimit,
      describe: (p) => this.describe(p),
      ...(v4 === undefined ? {} : { mapPath: v4.mapPath })
    })
    const params: unknown[] = []
    const byColumn = partyFilterToSql(q.conditions, this.decl.extraParties === undefined, params)
    const where = [...byColumn.sql, conditionsToSql(byColumn.rest, 'doc', params, this.typedColumns)].join(' AND ')
    const criteria = { where, params, orderBy: sortToSql(q.sort, 'doc', this.typedColumns), offset: q.offset, limit: q.limit, scope: scopeParties(meta.principal) }
    if (q.fields === undefined && meta.version === this.canonical) {
      const page = await this.store.listRaw(this.db, criteria)
      return { total: page.total, count: page.bodies.length, body: `[${page.bodies.join(',')}]`, offset: q.offset, limit: q.limit }
    }
    const page = await this.store.list(this.db, criteria)
    const keep = this.keepOnProjection(meta.version)
    const items = page.items.map((i) => project(this.represent(i.doc, meta.version), q.fields, keep))
    return { total: page.total, count: items.length, items, offset: q.offset, limit: q.limit }
  }

  async find (meta: RequestMeta, id: string): Promise<{ doc: Doc, version: number }> {
    this.assertReadable(meta.principal)
    const row = await this.store.findById(this.db, id, scopeParties(meta.principal))
    if (row === undefined) throw this.notFound(id)
    return { doc: this.represent(row.doc, meta.version), version: row.version }
  }

  /** The stored JSON text untouched: the hot path for a canonical GET without `fields`. */
  async findRaw (meta: RequestMeta, id: string): Promise<{ body: string, version: number }> {
    this.assertReadable(meta.principal)
    const row = await this.store.findRawById(this.db, id, scopeParties(meta.principal))
    if (row === undefined) throw this.notFound(id)
    return row
  }

  async create (meta: RequestMeta, body: Doc): Promise<{ doc: Doc, version: number }> {
    const input = meta.version === 'v4' && this.decl.v4 !== undefined && this.canonical !== 'v4' ? this.decl.v4.toV5(body) : { ...body }
    // TMF v4 APIs make @type optional on create (v5 requires it): a v4 root defaults it, also
    // where v4 is the canonical label (TMF623) and no v4 mapping runs.
    if (meta.version === 'v4' && input['@type'] === undefined) input['@type'] = this.decl.type
    this.checkType(input)
    assertPartnerWriteScope(meta.principal, undefined, input, this.partnerRoles)
    const result = await runObserved(this.db, this.settings.observer, async (tx) => {
      const ctx = this.context(tx, meta.principal, meta.correlationId)
      const id = randomUUID()
      let doc: Doc = { ...input, id, href: this.hrefOf(id) }
      // What the server manages starts from nothing: a client cannot seed history or dates.
      for (const field of this.managedOnCreate) delete doc[field]
      const ts = this.decl.timestamps
      if (ts?.created !== undefined) doc[ts.created] = ctx.now
      if (ts?.updated !== undefined) doc[ts.updated] = ctx.now
      if (this.decl.lifecycle !== undefined) enterInitialState(this.decl.lifecycle, doc, ctx.now, ctx.strict(STRICT_INITIAL_STATE))
      if (meta.principal.partnerId !== null && !meta.principal.isOperator) doc = withPartner(doc, meta.principal.partnerId)
      if (this.decl.onCreate !== undefined) doc = await this.decl.onCreate(doc, ctx)
      doc = this.finish(doc, this.decl.schemas.resource)
      const parties = this.partiesOf(doc)
      await this.store.insert(tx, id, doc, parties)
      await this.emit(tx, [`${this.decl.type}CreateEvent`, ...(this.decl.extraEvents?.(undefined, doc) ?? [])], doc, parties, ctx.now, meta.correlationId)
      this.noteCreated(tx, doc)
      // Side effects may move this very resource on (through systemPatch): answer with the final state.
      if (this.decl.afterCreate !== undefined) await this.decl.afterCreate(doc, ctx)
      const final = this.decl.afterCreate === undefined ? { doc, version: 1 } : await this.store.findForUpdate(tx, id, null) ?? { doc, version: 1 }
      await this.audit(ctx, 'create', id, undefined, final.doc)
      return final
    })
    this.wake()
    return { doc: this.represent(result.doc, meta.version), version: result.version }
  }

  async patch (meta: RequestMeta, id: string, body: unknown, kind: PatchKind, ifMatch: string | undefined): Promise<{ doc: Doc, version: number }> {
    const result = await runObserved(this.db, this.settings.observer, async (tx) => {
      const ctx = this.context(tx, meta.principal, meta.correlationId)
      const row = await this.store.findForUpdate(tx, id, scopeParties(meta.principal))
      if (row === undefined) throw this.notFound(id)
      if (ifMatch !== undefined && !etagMatches(ifMatch, row.version)) {
        throw preconditionFailed(`If-Match ${ifMatch} does not match the current version ${etagOf(row.version)}`)
      }
      const current = this.represent(row.doc, meta.version)
      const patched = applyPatch(current, body, kind)
      // Compared in the caller's representation, so a lossy v4 round trip cannot look like a change.
      assertPartnerWriteScope(meta.principal, current, patched, this.partnerRoles)
      const next = current === row.doc ? patched : this.decl.v4!.toV5(patched)
      const changed = changedTopLevelKeys(row.doc, next)
      const refused = changed.filter((k) => this.fixed.has(k))
      if (refused.length > 0) throw badRequest(`${refused.join(', ')} cannot be changed by PATCH`, 'ERR400-NOT-PATCHABLE')
      const updated = await this.update(ctx, row.doc, next, row.version, meta.correlationId)
      if (meta.principal.partnerId !== null && !meta.principal.isOperator && !this.partiesOf(updated.doc).includes(meta.principal.partnerId)) {
        throw forbidden('a partner cannot remove itself from relatedParty')
      }
      return updated
    })
    this.wake()
    return { doc: this.represent(result.doc, meta.version), version: result.version }
  }

  async delete (meta: RequestMeta, id: string): Promise<void> {
    // TMF conformance profiles reserve DELETE to administrators; a partner closes or cancels instead.
    if (!meta.principal.isOperator) throw forbidden(`only an operator may delete a ${this.decl.type}`)
    await runObserved(this.db, this.settings.observer, async (tx) => {
      const row = await this.store.findForUpdate(tx, id, null)
      if (row === undefined) throw this.notFound(id)
      await this.store.delete(tx, id)
      await this.emit(tx, [`${this.decl.type}DeleteEvent`], deleteEventPayload(this.decl, row.doc), this.partiesOf(row.doc), this.nowIso(), meta.correlationId)
      noteChange(tx, { api: this.api.name, resource: this.decl.name, kind: 'deleted' })
      await this.audit(this.context(tx, meta.principal, meta.correlationId), 'delete', id, row.doc, undefined)
    })
    this.wake()
  }

  // ResourceOperations, for hooks of other resources inside their transaction.
  async get (tx: Queryable, id: string): Promise<Doc | undefined> {
    return (await this.store.findForUpdate(tx, id, null))?.doc
  }

  async systemPatch (ctx: WriteContext, id: string, patch: Doc): Promise<Doc> {
    const row = await this.store.findForUpdate(ctx.tx, id, null)
    if (row === undefined) throw this.notFound(id)
    const next = applyPatch(row.doc, patch, 'merge')
    return (await this.update(ctx, row.doc, next, row.version)).doc
  }

  private async update (ctx: WriteContext, before: Doc, proposed: Doc, version: number, correlationId?: string): Promise<{ doc: Doc, version: number }> {
    let after = { ...proposed }
    const lc = this.decl.lifecycle
    let stateChanged = lc !== undefined && applyTransition(lc, before, after, ctx.now)
    if (this.decl.onUpdate !== undefined) {
      const asked = lc === undefined ? undefined : after[lc.field]
      after = await this.decl.onUpdate(before, after, ctx)
      // A hook may derive the state itself (a TMF622 order follows its items): record it like any change.
      if (lc !== undefined && after[lc.field] !== asked) stateChanged = recordDerivedState(lc, before, after, ctx.now)
    }
    if (changedTopLevelKeys(before, after).length === 0) return { doc: before, version }
    const updatedField = this.decl.timestamps?.updated
    if (updatedField !== undefined) after[updatedField] = laterThan(before[updatedField], ctx.now)
    after = this.finish(after, this.decl.schemas.resource)
    const parties = this.partiesOf(after)
    const newVersion = await this.store.update(ctx.tx, String(before.id), after, parties)
    const events = this.decl.events?.attributeValueChange === false ? [] : [`${this.decl.type}AttributeValueChangeEvent`]
    if (stateChanged && lc !== undefined) events.push(lc.changeEvent)
    events.push(...(this.decl.extraEvents?.(before, after) ?? []))
    await this.emit(ctx.tx, events, after, parties, ctx.now, correlationId)
    if (stateChanged && lc !== undefined) noteChange(ctx.tx, { api: this.api.name, resource: this.decl.name, kind: 'state', state: String(after[lc.field]) })
    // Derived changes (a hook patching another resource) are recorded too, under the same request.
    await this.audit(ctx, 'patch', String(before.id), before, after)
    return { doc: after, version: newVersion }
  }

  private finish (doc: Doc, schema: TSchema): Doc {
    this.validator.assert(schema, doc, `invalid ${this.decl.type}`)
    return normalizeDates(doc, schema, this.validator.refs)
  }

  private checkType (doc: Doc): void {
    const type = doc['@type']
    if (type === undefined) throw badRequest('@type is required', 'ERR400-VALIDATION')
    if (type !== this.decl.type && doc['@baseType'] !== this.decl.type) {
      throw badRequest(`@type must be ${this.decl.type}, or a subclass with @baseType ${this.decl.type}`, 'ERR400-TYPE')
    }
  }

  partiesOf (doc: Doc): string[] {
    const ids = relatedPartyIds(doc)
    return this.decl.extraParties === undefined ? ids : [...new Set([...ids, ...this.decl.extraParties(doc)])]
  }

  private async emit (tx: Queryable, types: string[], doc: Doc, parties: readonly string[], now: string, correlationId?: string): Promise<void> {
    // Only what the declaration names goes out: subscriptions are checked against the same list.
    const undeclared = types.filter((t) => !this.eventTypes.has(t))
    if (undeclared.length > 0) throw new Error(`${this.decl.type} emitted undeclared events ${undeclared.join(', ')}: list them in events.extra`)
    if (types.length === 0) return
    const traceParent = currentTraceParent()
    await appendToOutbox(tx, types.map((eventType) => ({
      ...buildEvent({ api: this.api.name, resourceName: this.decl.name, resourceType: this.decl.type, eventType, doc, parties, now, ...(correlationId === undefined ? {} : { correlationId }) }),
      ...(traceParent === undefined ? {} : { traceParent })
    })))
  }

  private context (tx: Queryable, principal: Principal, requestId?: string): WriteContext {
    return { tx, principal, now: this.nowIso(), resource: (name) => this.siblings(name), strict: (check) => this.settings.strictChecks.has(check), requestId }
  }

  /** Records the change in the audit trail, in the change's own transaction (@cx/store appendAudit). */
  private async audit (ctx: WriteContext, action: AuditAction, id: string, before: Doc | undefined, after: Doc | undefined): Promise<void> {
    // The audit trail does not audit itself (its records are never written through the engine).
    if (this.decl.operations?.create === false && this.decl.operations.patch === false) return
    await appendAudit(ctx.tx, {
      action,
      actor: ctx.principal.subject,
      partnerId: ctx.principal.partnerId,
      requestId: ctx.requestId ?? null,
      api: this.api.name,
      resource: { id, href: this.hrefOf(id), type: this.decl.type },
      before,
      after,
      at: ctx.now
    })
  }

  private noteCreated (tx: Queryable, doc: Doc): void {
    const lc = this.decl.lifecycle
    noteChange(tx, { api: this.api.name, resource: this.decl.name, kind: 'created', ...(lc === undefined ? {} : { state: String(doc[lc.field]) }) })
  }

  /** Operator-only resources (the audit trail) answer 403 to anyone else, even for an id they guess. */
  private assertReadable (principal: Principal): void {
    if (this.decl.readableBy === 'operator' && !principal.isOperator) throw forbidden(`only an operator may read ${this.decl.type} records`)
  }

  /** The current time of the service's clock as an ISO 8601 UTC date-time. */
  private nowIso (): string {
    return (this.settings.now?.() ?? new Date()).toISOString()
  }

  private notFound (id: string): TmfError {
    return notFound(`${this.decl.type} ${id} not found`)
  }
}

export function etagOf (version: number): string { return `"${version}"` }

/**
 * `now`, or 1 ms after `previous` when the clock has not moved past it (two writes in one
 * millisecond, or a clock step back): a resource's last-update date strictly increases with every
 * version, so subscribers and back-fills can tell an older version from a newer one by it.
 */
export function laterThan (previous: unknown, now: string): string {
  const before = typeof previous === 'string' ? Date.parse(previous) : Number.NaN
  return Number.isFinite(before) && before >= Date.parse(now) ? new Date(before + 1).toISOString() : now
}

function etagMatches (header: string, version: number): boolean {
  return header.split(',').map((s) => s.trim().replace(/^W\//, '')).some((tag) => tag === '*' || tag === etagOf(version))
}
