import type { ResourceDeclaration } from '@cx/engine'
import { CancelProductOrder, CancelProductOrderFvo, CancelProductOrderMvo, cancelProductOrderComponents } from './cancel-product-order.schemas.ts'
import { afterCreateCancellation, onCreateCancellation, onUpdateCancellation } from './cancel-product-order.flow.ts'
import { cancelProductOrderV4 } from './cancel-product-order.v4.ts'
import { taskTransitions } from './product-order.states.ts'

/**
 * TMF622 task resource. The spec exposes list, retrieve and create; PATCH of `state` is added here
 * as the way the operator (or the partner fulfilling the order) accepts or refuses the request.
 * A task is a record of a decision, so it cannot be deleted.
 */
export const cancelProductOrderResource: ResourceDeclaration = {
  name: 'cancelProductOrder',
  type: 'CancelProductOrder',
  table: 'cancel_product_order',
  schemas: { resource: CancelProductOrder, create: CancelProductOrderFvo, patch: CancelProductOrderMvo },
  components: cancelProductOrderComponents,
  timestamps: { created: 'creationDate' },
  lifecycle: {
    field: 'state',
    initial: 'acknowledged',
    transitions: taskTransitions,
    reasonField: 'stateChangeReason',
    changeEvent: 'CancelProductOrderStateChangeEvent'
  },
  nonPatchable: ['productOrder', 'relatedParty', 'orderStateBeforeCancellation', 'effectiveCancellationDate'],
  operations: { delete: false },
  // TMF622 v5 defines Create, StateChange and InformationRequired events for the task, no
  // AttributeValueChange: the only thing that changes on a task is its state.
  events: { attributeValueChange: false },
  onCreate: onCreateCancellation,
  afterCreate: afterCreateCancellation,
  onUpdate: onUpdateCancellation,
  indexes: [{ name: 'creation_date', path: ['creationDate'] }, { name: 'order_id', path: ['productOrder', 'id'], as: 'text' }],
  v4: cancelProductOrderV4,
  example: {
    '@type': 'CancelProductOrder',
    productOrder: { '@type': 'ProductOrderRef', id: '3f1c…', '@referredType': 'ProductOrder' },
    cancellationReason: 'The customer moved house'
  }
}
