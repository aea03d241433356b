import { Type, type TSchema } from 'typebox'
import { DateTime, Extensible, OptionalExtensible, stateChangeSchema } from '@cx/engine'
import { INITIAL_ORDER_STATES, ORDER_STATES } from './product-order.states.ts'
import { productOrderItemComponents } from './product-order-item.schemas.ts'

const open = { additionalProperties: true }
export const OrderState = Type.Union(ORDER_STATES.map((s) => Type.Literal(s)))
const InitialState = Type.Union(INITIAL_ORDER_STATES.map((s) => Type.Literal(s)), { description: 'acknowledged (default: submit now) or draft' })
const ItemRefs = Type.Optional(Type.Array(Type.Ref('ProductOrderItemRef'), { description: 'The items concerned' }))

const RelatedChannel = Type.Object({
  ...OptionalExtensible,
  role: Type.Optional(Type.String()),
  channel: Type.Ref('ChannelRef')
}, { $id: 'RelatedChannel', ...open })

export const MILESTONE_STATUSES = ['Yet-To-Reach', 'Completed', 'Violated'] as const

const ProductOrderMilestone = Type.Object({
  ...OptionalExtensible,
  id: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
  milestoneDate: DateTime,
  status: Type.Union(MILESTONE_STATUSES.map((s) => Type.Literal(s))),
  productOrderItem: ItemRefs
}, { $id: 'ProductOrderMilestone', ...open, description: 'A step of the fulfilment reached (or violated)' })

const ProductOrderJeopardyAlert = Type.Object({
  ...OptionalExtensible,
  id: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  jeopardyType: Type.Optional(Type.String({ description: 'e.g. Late, Error' })),
  alertDate: DateTime,
  exception: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
  productOrderItem: ItemRefs
}, { $id: 'ProductOrderJeopardyAlert', ...open, description: 'A risk that the order will miss its dates' })

const ProductOrderErrorMessage = Type.Object({
  ...OptionalExtensible,
  code: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
  status: Type.Optional(Type.String()),
  timestamp: Type.Optional(DateTime),
  productOrderItem: ItemRefs
}, { $id: 'ProductOrderErrorMessage', ...open })

const OrderRelationship = Type.Object({
  ...OptionalExtensible,
  id: Type.String({ minLength: 1 }),
  href: Type.Optional(Type.String()),
  relationshipType: Type.String({ minLength: 1 }),
  '@referredType': Type.Optional(Type.String())
}, { $id: 'OrderRelationship', ...open })

/** Attributes a client may send, on create (FVO) and on patch (MVO). */
const writable = {
  category: Type.Optional(Type.String({ description: 'e.g. B2C, B2B' })),
  description: Type.Optional(Type.String()),
  priority: Type.Optional(Type.String({ description: '0 (highest) to 4' })),
  notificationContact: Type.Optional(Type.String()),
  channel: Type.Optional(Type.Array(Type.Ref('RelatedChannel'))),
  relatedParty: Type.Optional(Type.Array(Type.Ref('RelatedPartyRefOrPartyRoleRef'), { description: 'The customer, and the partner responsible for fulfilment (role partner)' })),
  requestedStartDate: Type.Optional(DateTime),
  requestedCompletionDate: Type.Optional(DateTime),
  expectedCompletionDate: Type.Optional(DateTime),
  note: Type.Optional(Type.Array(Type.Ref('Note'))),
  orderTotalPrice: Type.Optional(Type.Array(Type.Ref('OrderPrice'))),
  externalIdentifier: Type.Optional(Type.Array(Type.Ref('ExternalIdentifier'))),
  billingAccount: Type.Optional(Type.Ref('EntityRef')),
  agreement: Type.Optional(Type.Array(Type.Ref('EntityRef'))),
  quote: Type.Optional(Type.Array(Type.Ref('EntityRef'))),
  payment: Type.Optional(Type.Array(Type.Ref('EntityRef'))),
  productOfferingQualification: Type.Optional(Type.Array(Type.Ref('EntityRef'))),
  orderRelationship: Type.Optional(Type.Array(Type.Ref('OrderRelationship'))),
  productOrderMilestone: Type.Optional(Type.Array(Type.Ref('ProductOrderMilestone'))),
  productOrderJeopardyAlert: Type.Optional(Type.Array(Type.Ref('ProductOrderJeopardyAlert'))),
  productOrderErrorMessage: Type.Optional(Type.Array(Type.Ref('ProductOrderErrorMessage'))),
  state: Type.Optional(OrderState)
}

export const ProductOrder = Type.Object({
  ...Extensible,
  id: Type.String(),
  href: Type.String(),
  ...writable,
  state: OrderState,
  requestedInitialState: Type.Optional(InitialState),
  productOrderItem: Type.Array(Type.Ref('ProductOrderItem'), { minItems: 1 }),
  creationDate: DateTime,
  stateChangeHistory: Type.Optional(Type.Array(Type.Ref('ProductOrderStateChange'), { description: 'CX Suite extension (TMF622 has no order history): every state the order entered, with its date, oldest first; managed by the server. KPIs such as order-to-activation are computed from it' })),
  lastUpdate: Type.Optional(Type.String({ format: 'date-time', description: 'CX Suite extension (TMF622 v5 has no such attribute): date and time of the last change, set by the server and strictly increasing per order, so subscribers and back-fills can order versions (`lastUpdate.gt=`)' })),
  completionDate: Type.Optional(DateTime),
  cancellationDate: Type.Optional(DateTime),
  cancellationReason: Type.Optional(Type.String())
}, { $id: 'ProductOrder', ...open, description: 'An order of products placed by a customer, fulfilled by the CSP and its partners (TMF622 v5)' })

export const ProductOrderFvo = Type.Object({
  ...Extensible,
  ...writable,
  requestedInitialState: Type.Optional(InitialState),
  productOrderItem: Type.Array(Type.Ref('ProductOrderItem_FVO'), { minItems: 1 })
}, { $id: 'ProductOrder_FVO', ...open, description: 'Create body: @type and productOrderItem (each with @type, id and action) are required' })

export const ProductOrderMvo = Type.Partial(Type.Object({
  ...Extensible,
  ...writable,
  productOrderItem: Type.Array(Type.Ref('ProductOrderItem'), { minItems: 1 })
}), { $id: 'ProductOrder_MVO', ...open, description: 'Merge-patch body. Item states drive the order state; items are added or removed only while the order is a draft' })

const ProductOrderStateChange = stateChangeSchema({ $id: 'ProductOrderStateChange', field: 'state', description: 'One entry of the order history (CX Suite extension)' })

export const productOrderComponents: readonly TSchema[] = [
  ...productOrderItemComponents, ProductOrderStateChange, RelatedChannel, ProductOrderMilestone, ProductOrderJeopardyAlert, ProductOrderErrorMessage, OrderRelationship
]
