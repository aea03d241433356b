import type { FastifySchemaValidationError } from 'fastify'
import { badRequest } from '@cx/errors'
import { describeValidationError } from '../resource/validator.ts'

interface AttachedValidationError { validation?: FastifySchemaValidationError[], validationContext?: string }

/**
 * Turns the PATCH route's schema check (attached to the request, not thrown) into the 400 the
 * service would give, worded like it. A value of the lifecycle attribute that is not a known state
 * is left to the lifecycle check, whose ERR400-STATE names the known states: the service refuses
 * it all the same, so nothing the document forbids gets through.
 */
export function assertValidPatchRequest (error: AttachedValidationError | undefined, lifecycleField: string | undefined): void {
  if (error === undefined) return
  const first = error.validation?.[0] as Parameters<typeof describeValidationError>[0]
  if (lifecycleField !== undefined && error.validationContext === 'body' && first?.instancePath === `/${lifecycleField}`) return
  throw badRequest(`${error.validationContext ?? 'request'}: ${describeValidationError(first)}`, 'ERR400-VALIDATION')
}
