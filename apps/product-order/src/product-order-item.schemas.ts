import { Type, type TSchema } from 'typebox'
import { DateTime, Extensible, OptionalExtensible } from '@cx/engine'
import { ITEM_STATES } from './product-order.states.ts'

/** Component schemas of an order item (TMF622 v5), each with a $id of its own. */
const open = { additionalProperties: true }

export const ITEM_ACTIONS = ['add', 'modify', 'delete', 'noChange'] as const
const ItemAction = Type.Union(ITEM_ACTIONS.map((a) => Type.Literal(a)), { description: 'What to do with the product: add, modify, delete or noChange' })
export const ItemState = Type.Union(ITEM_STATES.map((s) => Type.Literal(s)))

const Money = Type.Object({ unit: Type.String({ minLength: 1, description: 'ISO 4217 currency' }), value: Type.Number() }, open)

const Price = Type.Object({
  ...OptionalExtensible,
  dutyFreeAmount: Type.Optional(Money),
  taxIncludedAmount: Type.Optional(Money),
  percentage: Type.Optional(Type.Number()),
  taxRate: Type.Optional(Type.Number())
}, open)

const OrderPrice = Type.Object({
  ...OptionalExtensible,
  name: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  priceType: Type.Optional(Type.String({ description: 'e.g. recurring, oneTime, usage' })),
  recurringChargePeriod: Type.Optional(Type.String({ description: 'e.g. month' })),
  unitOfMeasure: Type.Optional(Type.String()),
  price: Type.Optional(Price),
  priceAlteration: Type.Optional(Type.Array(Type.Object({ priceType: Type.Optional(Type.String()), price: Type.Optional(Price) }, open))),
  billingAccount: Type.Optional(Type.Ref('EntityRef')),
  productOfferingPrice: Type.Optional(Type.Ref('EntityRef'))
}, { $id: 'OrderPrice', ...open, description: 'A price of an item or of the whole order' })

const ProductOfferingRef = Type.Object({
  ...OptionalExtensible,
  id: Type.String({ minLength: 1 }),
  href: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  '@referredType': Type.Optional(Type.String())
}, { $id: 'ProductOfferingRef', ...open })

const ProductRefOrValue = Type.Object({
  ...OptionalExtensible,
  id: Type.Optional(Type.String({ minLength: 1, description: 'The existing product (required for modify, delete, noChange)' })),
  href: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  '@referredType': Type.Optional(Type.String()),
  isBundle: Type.Optional(Type.Boolean()),
  productCharacteristic: Type.Optional(Type.Array(Type.Ref('Characteristic'))),
  productSpecification: Type.Optional(Type.Ref('EntityRef')),
  place: Type.Optional(Type.Array(Type.Object({ role: Type.Optional(Type.String()) }, { ...open, description: 'RelatedPlaceRefOrValue' }))),
  relatedParty: Type.Optional(Type.Array(Type.Ref('RelatedPartyRefOrPartyRoleRef')))
}, { $id: 'ProductRefOrValue', ...open, description: 'A product by reference (@type ProductRef) or by value (@type Product)' })

const OrderItemRelationship = Type.Object({
  ...OptionalExtensible,
  id: Type.String({ minLength: 1, description: 'Id of another item of the same order' }),
  relationshipType: Type.String({ minLength: 1, description: 'e.g. reliesOn, bundles' })
}, { $id: 'OrderItemRelationship', ...open })

export const ProductOrderItemRef = Type.Object({
  ...OptionalExtensible,
  itemId: Type.String({ minLength: 1 }),
  productOrderId: Type.Optional(Type.String()),
  productOrderHref: Type.Optional(Type.String())
}, { $id: 'ProductOrderItemRef', ...open })

/** Item attributes besides the required id/action/@type and the nested items. */
const itemAttributes = {
  quantity: Type.Optional(Type.Integer({ minimum: 1 })),
  productOffering: Type.Optional(Type.Ref('ProductOfferingRef')),
  product: Type.Optional(Type.Ref('ProductRefOrValue')),
  itemPrice: Type.Optional(Type.Array(Type.Ref('OrderPrice'))),
  itemTotalPrice: Type.Optional(Type.Array(Type.Ref('OrderPrice'))),
  itemTerm: Type.Optional(Type.Array(Type.Object({ name: Type.Optional(Type.String()), duration: Type.Optional(Type.Object({ amount: Type.Number(), units: Type.String() })) }, open))),
  productOrderItemRelationship: Type.Optional(Type.Array(Type.Ref('OrderItemRelationship'))),
  appointment: Type.Optional(Type.Ref('EntityRef')),
  billingAccount: Type.Optional(Type.Ref('EntityRef')),
  qualification: Type.Optional(Type.Array(Type.Ref('EntityRef'))),
  quoteItem: Type.Optional(Type.Ref('EntityRef')),
  requestedStartDate: Type.Optional(DateTime),
  requestedEndDate: Type.Optional(DateTime),
  note: Type.Optional(Type.Array(Type.Ref('Note')))
}

const itemIdentity = {
  ...Extensible,
  id: Type.String({ minLength: 1, description: 'The item\'s id, unique within the order (nested items included)' }),
  action: ItemAction
}

/** An item as stored and returned; `state` is absent while the order is a draft. */
export const ProductOrderItem = Type.Object({
  ...itemIdentity,
  ...itemAttributes,
  state: Type.Optional(ItemState),
  productOrderItem: Type.Optional(Type.Array(Type.Ref('ProductOrderItem')))
}, { $id: 'ProductOrderItem', ...open, description: 'An order line; nested items decompose it' })

/** An item in a create body: the server sets its state. */
export const ProductOrderItemFvo = Type.Object({
  ...itemIdentity,
  ...itemAttributes,
  state: Type.Optional(ItemState),
  productOrderItem: Type.Optional(Type.Array(Type.Ref('ProductOrderItem_FVO')))
}, { $id: 'ProductOrderItem_FVO', ...open, description: '@type, id and action are required' })

export const productOrderItemComponents: readonly TSchema[] = [
  OrderPrice, ProductOfferingRef, ProductRefOrValue, OrderItemRelationship, ProductOrderItemRef, ProductOrderItem, ProductOrderItemFvo
]
