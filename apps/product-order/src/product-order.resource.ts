import type { ResourceDeclaration } from '@cx/engine'
import { ProductOrder, ProductOrderFvo, ProductOrderMvo, productOrderComponents } from './product-order.schemas.ts'
import { INITIAL_ORDER_STATES, orderTransitions } from './product-order.states.ts'
import { onCreateOrder, onUpdateOrder } from './product-order.hooks.ts'
import { STRICT_ITEM_TARGET } from './product-order.items.ts'
import { PRODUCT_ORDER_EXTRA_EVENTS, productOrderExtraEvents } from './product-order.events.ts'
import { productOrderV4 } from './product-order.v4.ts'

export const productOrderResource: ResourceDeclaration = {
  name: 'productOrder',
  type: 'ProductOrder',
  table: 'product_order',
  schemas: { resource: ProductOrder, create: ProductOrderFvo, patch: ProductOrderMvo },
  components: productOrderComponents,
  // lastUpdate is an extension here (TMF622 has none): the cx read model pages by it after a gap.
  timestamps: { created: 'creationDate', updated: 'lastUpdate' },
  lifecycle: {
    field: 'state',
    initial: 'acknowledged',
    createStates: INITIAL_ORDER_STATES,
    requestedInitial: (doc) => doc.requestedInitialState,
    transitions: orderTransitions,
    // An extension: TMF622 keeps no order history, but the journey and the KPIs need every state's date.
    history: { field: 'stateChangeHistory', type: 'ProductOrderStateChange', dateKey: 'stateChangeDate', reasonKey: 'stateChangeReason' },
    changeEvent: 'ProductOrderStateChangeEvent'
  },
  nonPatchable: ['completionDate', 'cancellationDate', 'requestedInitialState'],
  onCreate: onCreateOrder,
  onUpdate: onUpdateOrder,
  strictChecks: { [STRICT_ITEM_TARGET]: 'an add item must name a productOffering or product, other actions the product.id they act on (TMF622 requires only id and action)' },
  extraEvents: productOrderExtraEvents,
  events: { extra: PRODUCT_ORDER_EXTRA_EVENTS },
  indexes: [{ name: 'creation_date', path: ['creationDate'] }, { name: 'last_update', path: ['lastUpdate'] }],
  v4: productOrderV4,
  example: {
    '@type': 'ProductOrder',
    category: 'B2C',
    description: 'Fibre broadband with Wi-Fi router',
    requestedCompletionDate: '2030-01-15T10:00:00Z',
    relatedParty: [
      { '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'customer', partyOrPartyRole: { '@type': 'PartyRef', id: 'cust-001', '@referredType': 'Individual' } },
      { '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'partner', partyOrPartyRole: { '@type': 'PartyRoleRef', id: 'fibreco', '@referredType': 'BusinessPartner' } }
    ],
    productOrderItem: [
      { '@type': 'ProductOrderItem', id: '1', action: 'add', quantity: 1, productOffering: { '@type': 'ProductOfferingRef', id: 'fibre-1g', name: 'Fibre 1 Gbps' } },
      { '@type': 'ProductOrderItem', id: '2', action: 'add', quantity: 1, productOffering: { '@type': 'ProductOfferingRef', id: 'wifi-router', name: 'Wi-Fi 6 router' }, productOrderItemRelationship: [{ '@type': 'OrderItemRelationship', id: '1', relationshipType: 'reliesOn' }] }
    ]
  }
}
