export { buildApp, type AppOptions } from './app.ts'
export { productOrderApi } from './api.ts'
export { productOrderResource } from './product-order.resource.ts'
export { cancelProductOrderResource } from './cancel-product-order.resource.ts'
export { deriveOrderState } from './product-order.derivation.ts'
export {
  ORDER_STATES, ITEM_STATES, TASK_STATES, orderTransitions, itemTransitions, taskTransitions, type OrderState, type ItemState, type TaskState
} from './product-order.states.ts'
