import { forbidden } from '@cx/errors'
import type { WriteContext } from '@cx/engine'

/**
 * Partners are the ones being rated: they may read what concerns them (and hand in a response
 * collected on site), but the questionnaires and the recorded answers are the operator's.
 */
export function operatorOnly (ctx: WriteContext, what: string): void {
  if (!ctx.principal.isOperator) throw forbidden(`only the operator may ${what}`)
}
