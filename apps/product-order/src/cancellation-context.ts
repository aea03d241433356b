import type { WriteContext } from '@cx/engine'

/**
 * Only the cancelProductOrder task may move an order into or out of assessingCancellation and
 * pendingCancellation. The task's hooks patch the order with a context marked here; a client's
 * PATCH never carries one, so the order's own hook can tell the two apart without any flag in
 * the request or the document.
 */
const cancellationSteps = new WeakSet<WriteContext>()

export function asCancellationStep (ctx: WriteContext): WriteContext {
  const step = { ...ctx }
  cancellationSteps.add(step)
  return step
}

export function isCancellationStep (ctx: WriteContext): boolean {
  return cancellationSteps.has(ctx)
}
