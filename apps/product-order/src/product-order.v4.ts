import { Type } from 'typebox'
import { commonMapPath, commonToV4, commonToV5, type CommonV4Options, type Doc, type V4Mapping } from '@cx/engine'
import { ITEM_ACTIONS } from './product-order-item.schemas.ts'
import { mapItems } from './product-order.items.ts'

/** TMF622 v4 ↔ v5: orderDate ↔ creationDate, externalId ↔ externalIdentifier, flat party and channel refs. */
const renames: CommonV4Options = { externalId: true, renames: { creationDate: 'orderDate' } }

const CHANNEL_REF_KEYS = ['id', 'href', 'name', '@referredType'] as const

function channelToV4 (rc: Doc): Doc {
  const ref = (rc.channel ?? {}) as Doc
  const out: Doc = rc.role === undefined ? {} : { role: rc.role }
  for (const k of CHANNEL_REF_KEYS) if (ref[k] !== undefined) out[k] = ref[k]
  return out
}

function channelToV5 (rc: Doc): Doc {
  if ('channel' in rc) return rc
  const channel: Doc = { '@type': 'ChannelRef' }
  for (const k of CHANNEL_REF_KEYS) if (rc[k] !== undefined) channel[k] = rc[k]
  return { '@type': 'RelatedChannel', ...(rc.role === undefined ? {} : { role: rc.role }), channel }
}

function mapChannels (doc: Doc, fn: (rc: Doc) => Doc): void {
  if (Array.isArray(doc.channel)) doc.channel = (doc.channel as Doc[]).map((c) => (c !== null && typeof c === 'object' ? fn(c) : c))
}

function toV5 (v4: Doc): Doc {
  const doc = commonToV5(v4, 'ProductOrder', renames)
  mapChannels(doc, channelToV5)
  // v4 items carry no @type; v5 requires one on every item.
  if (Array.isArray(doc.productOrderItem)) doc.productOrderItem = mapItems(doc, (item) => ({ '@type': 'ProductOrderItem', ...item }))
  return doc
}

function fromV5 (v5: Doc): Doc {
  const doc = commonToV4(v5, renames)
  mapChannels(doc, channelToV4)
  return doc
}

const RelatedPartyV4 = Type.Object({
  id: Type.String({ minLength: 1 }),
  href: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  role: Type.Optional(Type.String()),
  '@referredType': Type.String()
}, { additionalProperties: true })

const RelatedChannelV4 = Type.Object({
  id: Type.String({ minLength: 1 }),
  href: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  role: Type.Optional(Type.String()),
  '@referredType': Type.Optional(Type.String())
}, { additionalProperties: true })

const Ref = Type.Object({ id: Type.String({ minLength: 1 }), href: Type.Optional(Type.String()), name: Type.Optional(Type.String()), '@referredType': Type.Optional(Type.String()) }, { additionalProperties: true })
const Open = Type.Object({}, { additionalProperties: true })

const ItemV4 = Type.Object({
  '@type': Type.Optional(Type.String()),
  id: Type.String({ minLength: 1 }),
  action: Type.Union(ITEM_ACTIONS.map((a) => Type.Literal(a))),
  quantity: Type.Optional(Type.Integer({ minimum: 1 })),
  state: Type.Optional(Type.String()),
  productOffering: Type.Optional(Ref),
  product: Type.Optional(Open),
  itemPrice: Type.Optional(Type.Array(Open)),
  itemTotalPrice: Type.Optional(Type.Array(Open)),
  productOrderItem: Type.Optional(Type.Array(Open, { description: 'Nested ProductOrderItem' })),
  productOrderItemRelationship: Type.Optional(Type.Array(Type.Object({ id: Type.String(), relationshipType: Type.String() }, { additionalProperties: true })))
}, { additionalProperties: true })

const writable = {
  '@type': Type.Optional(Type.String()),
  '@baseType': Type.Optional(Type.String()),
  '@schemaLocation': Type.Optional(Type.String()),
  category: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  priority: Type.Optional(Type.String()),
  externalId: Type.Optional(Type.String()),
  state: Type.Optional(Type.String()),
  requestedStartDate: Type.Optional(Type.String({ format: 'date-time' })),
  requestedCompletionDate: Type.Optional(Type.String({ format: 'date-time' })),
  expectedCompletionDate: Type.Optional(Type.String({ format: 'date-time' })),
  channel: Type.Optional(Type.Array(RelatedChannelV4)),
  relatedParty: Type.Optional(Type.Array(RelatedPartyV4)),
  note: Type.Optional(Type.Array(Open)),
  orderTotalPrice: Type.Optional(Type.Array(Open)),
  billingAccount: Type.Optional(Ref),
  productOrderItem: Type.Array(ItemV4, { minItems: 1 })
}

export const productOrderV4: V4Mapping = {
  schemas: {
    resource: Type.Object({
      id: Type.String(),
      href: Type.String(),
      ...writable,
      state: Type.String(),
      orderDate: Type.String({ format: 'date-time' }),
      completionDate: Type.Optional(Type.String({ format: 'date-time' })),
      cancellationDate: Type.Optional(Type.String({ format: 'date-time' })),
      cancellationReason: Type.Optional(Type.String())
    }, { $id: 'ProductOrder', additionalProperties: true }),
    create: Type.Object(writable, { $id: 'ProductOrder_Create', additionalProperties: true, description: 'productOrderItem (each with id and action) is required' }),
    patch: Type.Partial(Type.Object(writable), { $id: 'ProductOrder_Update', additionalProperties: true })
  },
  toV5,
  fromV5,
  mapPath: (path) => path[0] === 'channel' && path.length > 1 && path[1] !== 'role' && path[1] !== 'channel'
    ? ['channel', 'channel', ...path.slice(1)]
    : commonMapPath(path, renames)
}
