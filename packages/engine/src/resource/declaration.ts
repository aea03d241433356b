import type { TSchema } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { Db, Queryable, ExpressionIndex, Doc, Migration, TypedColumn } from '@cx/store'
import type { MetricsRegistrar } from '../observability/metrics.ts'
import type { Principal } from '@cx/auth'

export type { Doc }

/** A state machine as the TMF lifecycle diagrams draw it. */
export interface LifecycleDeclaration {
  /** The attribute that holds the state: `status` (TMF621, 629) or `state` (TMF622). */
  field: string
  initial: string
  /** States a client may ask for on create (defaults to just `initial`). */
  createStates?: readonly string[]
  /** Where a create body asks for its first state, when not in `field` (TMF622 v5 `requestedInitialState`). */
  requestedInitial?: (doc: Doc) => unknown
  transitions: Readonly<Record<string, readonly string[]>>
  /** The history array and the shape of its entries, e.g. statusChangeHistory of StatusChange. */
  history?: { field: string, type: string, dateKey: string, reasonKey: string }
  /** Top-level attributes holding the date and reason of the last change. */
  dateField?: string
  reasonField?: string
  /** Event emitted on every change, e.g. TroubleTicketStatusChangeEvent. */
  changeEvent: string
}

/** Everything a hook can use: its writes join the same transaction as the change itself. */
export interface WriteContext {
  tx: Queryable
  principal: Principal
  now: string
  /** Other resources of the same API, for side effects that must commit together. */
  resource: (name: string) => ResourceOperations
  /** Whether the operator turned on an opt-in check (STRICT_CHECKS) stricter than the TMF spec. */
  strict: (check: string) => boolean
  /** The id of the request making the change (X-Request-Id), for audit records (appendAudit). */
  requestId?: string | undefined
}

/** The subset of resource operations a hook may call on another resource inside the transaction. */
export interface ResourceOperations {
  get: (tx: Queryable, id: string) => Promise<Doc | undefined>
  /** Applies a merge patch as the system (no scope, no non-patchable check) and emits events. */
  systemPatch: (ctx: WriteContext, id: string, patch: Doc) => Promise<Doc>
}

export interface V4Mapping {
  schemas: { resource: TSchema, create: TSchema, patch: TSchema }
  /** A v4 request body (create or the patched v4 representation) → the v5 document. */
  toV5: (v4: Doc) => Doc
  /** A stored v5 document → its v4 representation. */
  fromV5: (v5: Doc) => Doc
  /** A v4 filter/sort path → the v5 path it means (e.g. relatedParty.id → relatedParty.partyOrPartyRole.id). */
  mapPath: (path: string[]) => string[]
}

export interface ResourceDeclaration {
  /** lowerCamelCase collection name: the path segment and the event payload key. */
  name: string
  /** The TMF class: default @type and the prefix of event names. */
  type: string
  /** SQL table name (snake_case). */
  table: string
  schemas: { resource: TSchema, create: TSchema, patch: TSchema }
  /** Extra component schemas this resource refers to with Type.Ref. */
  components?: readonly TSchema[]
  lifecycle?: LifecycleDeclaration
  /** Attributes a PATCH may not change, on top of id, href, @type, @baseType, @schemaLocation and the managed dates/history. */
  nonPatchable?: readonly string[]
  /** Attributes the server manages (set on create/update): creation and last-update dates. */
  timestamps?: { created?: string, updated?: string }
  /** Extra events for a change, e.g. TroubleTicketResolvedEvent when the status becomes resolved; each must be in `events.extra`. */
  extraEvents?: (before: Doc | undefined, after: Doc) => string[]
  /** How this resource's events follow its API's v5 OAS (event-types.ts); the defaults fit most. */
  events?: {
    /** Emit `{type}AttributeValueChangeEvent` on updates (default true; TMF622 v5 has none for CancelProductOrder). */
    attributeValueChange?: boolean
    /** What `{type}DeleteEvent` carries: the resource (default, TMF622/TMF629 v5) or a `{type}Ref` (TMF621 v5). */
    deletePayload?: 'resource' | 'ref'
    /** Every event type `extraEvents` may return, so subscriptions and the docs can name them. */
    extra?: readonly string[]
  }
  /** Derives or checks attributes on create; throw a TmfError to refuse. */
  onCreate?: (doc: Doc, ctx: WriteContext) => Doc | Promise<Doc>
  /**
   * Derives or checks attributes on update (after lifecycle checks); throw a TmfError to refuse.
   * It may set the lifecycle state itself (a derived state): the engine records that change and
   * emits the change event without checking the diagram again, which is the hook's job.
   */
  onUpdate?: (before: Doc, after: Doc, ctx: WriteContext) => Doc | Promise<Doc>
  /**
   * Side effects inside the same transaction (e.g. a cancellation task moving its order, then
   * itself, on through `ctx.resource(name).systemPatch`). The response shows the final state.
   */
  afterCreate?: (doc: Doc, ctx: WriteContext) => Promise<void>
  /**
   * Operations exposed besides list/get (each default true); task resources (cancelProductOrder)
   * have no patch or delete, read-only records (auditRecord) not even create.
   */
  operations?: { create?: boolean, patch?: boolean, delete?: boolean }
  /** Who may read: everyone in scope (default) or operators only (others get 403). */
  readableBy?: 'scope' | 'operator'
  v4?: V4Mapping
  indexes?: readonly ExpressionIndex[]
  /**
   * Single string attributes that lists filter or sort on at scale (severity, type, dates), kept
   * as typed columns with btree indexes (see @cx/store TypedColumn). The lifecycle field is one
   * by default. Filters and sorts on them answer exactly as on the document, from the column.
   */
  columns?: readonly TypedColumn[]
  /** Party ids beyond relatedParty[].partyOrPartyRole.id that put a document in a partner's scope. */
  extraParties?: (doc: Doc) => string[]
  /**
   * relatedParty roles that mark a partner entry (compared case-insensitively; default `partner`),
   * e.g. SLAProvider on an SLA. A partner may add, change or remove only its own such entry
   * (write-scope.ts).
   */
  partnerRoles?: readonly string[]
  /**
   * Opt-in checks of this resource that are stricter than the TMF spec (name → what it refuses),
   * turned on by name with STRICT_CHECKS; hooks ask `ctx.strict(name)`. The spec wins by default.
   */
  strictChecks?: Readonly<Record<string, string>>
  /** An example body for the OpenAPI docs. */
  example?: Doc
}

/** One TMF API (one root, one hub), e.g. TMF621 troubleTicket with its resources. */
export interface ApiDeclaration {
  /** API name as used in URLs: /tmf-api/{name}/{version}. */
  name: string
  title: string
  description: string
  /** TMF number (absent for non-standard extensions such as the survey API). */
  tmfId?: string
  versions: ReadonlyArray<'v4' | 'v5' | string>
  resources: readonly ResourceDeclaration[]
  /** Version label of the v5-shaped representation (default 'v5'; the SLA API serves it as 'v4', the survey API as 'v1'). */
  canonicalVersion?: string
  /**
   * Routes of an API that are not declared resources (a read model's views, computed series), registered
   * under each version root next to the declared resources, so they share its OpenAPI document, auth and
   * TMF error handling. `schemas` are the component schemas they refer to with Type.Ref.
   */
  custom?: {
    routes: (app: FastifyInstance, opts: { version: string }) => Promise<void>
    schemas?: readonly TSchema[]
    /**
     * Whether the custom routes publish events the declarations do not list (default true, e.g.
     * apps/cx). false (routes that only compute, e.g. TMF623's simulation) keeps the hub's
     * event types closed to the declared ones.
     */
    publishesEvents?: boolean
  }
  /** Tables beyond the declared resources' own (e.g. a read model), migrated with the rest at start. */
  migrations?: readonly Migration[]
  /** Whether the API has a TMF `/hub` (default true). */
  hub?: boolean
  /**
   * The API's own Prometheus metrics, registered once per server (e.g. SLA clocks running and
   * deadlines missed, as gauges computed at scrape from the API's tables). See MetricsRegistrar.
   */
  metrics?: (metrics: MetricsRegistrar, db: Db) => void
}
