import { Type, type TSchema } from 'typebox'
import { DateTime, Extensible, OptionalExtensible } from '@cx/engine'
import { ORDER_STATES, TASK_STATES } from './product-order.states.ts'

const open = { additionalProperties: true }
const TaskState = Type.Union(TASK_STATES.map((s) => Type.Literal(s)))

const ProductOrderRef = Type.Object({
  ...OptionalExtensible,
  id: Type.String({ minLength: 1 }),
  href: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  '@referredType': Type.Optional(Type.String())
}, { $id: 'ProductOrderRef', ...open })

/** Attributes a client may send on create. */
const request = {
  productOrder: Type.Ref('ProductOrderRef'),
  cancellationReason: Type.Optional(Type.String()),
  requestedCancellationDate: Type.Optional(DateTime)
}

export const CancelProductOrder = Type.Object({
  ...Extensible,
  id: Type.String(),
  href: Type.String(),
  ...request,
  state: TaskState,
  stateChangeReason: Type.Optional(Type.String({ description: 'Why the task reached its state, e.g. why a cancellation was refused' })),
  creationDate: DateTime,
  effectiveCancellationDate: Type.Optional(DateTime),
  orderStateBeforeCancellation: Type.Optional(Type.Union(ORDER_STATES.map((s) => Type.Literal(s)), { description: 'Where the order returns if the cancellation is refused' })),
  relatedParty: Type.Optional(Type.Array(Type.Ref('RelatedPartyRefOrPartyRoleRef'), { description: 'The parties of the order, so its partner sees and decides the cancellation' }))
}, { $id: 'CancelProductOrder', ...open, description: 'A request to cancel a product order (TMF622 task resource)' })

export const CancelProductOrderFvo = Type.Object({ ...Extensible, ...request }, {
  $id: 'CancelProductOrder_FVO', ...open, description: 'Create body: @type and productOrder are required'
})

export const CancelProductOrderMvo = Type.Object({
  state: Type.Optional(TaskState),
  stateChangeReason: Type.Optional(Type.String()),
  cancellationReason: Type.Optional(Type.String())
}, {
  $id: 'CancelProductOrder_MVO', ...open, description: 'Accept (state inProgress, then done) or refuse (state terminatedWithError, with a stateChangeReason) the cancellation'
})

export const cancelProductOrderComponents: readonly TSchema[] = [ProductOrderRef]
