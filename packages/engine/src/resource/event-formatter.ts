import type { EventFormatter } from '@cx/events'
import type { ApiDeclaration } from './declaration.ts'
import { envelopeToV4 } from './event-envelope.ts'

/**
 * Renders a stored (canonical) event for a subscription's API version: v4 subscribers of an API
 * whose canonical representation is v5 get the v4 shape and v4 hrefs; everyone else the event as
 * stored. A DeleteEvent whose payload is a reference (events.deletePayload 'ref') keeps its shape.
 */
export function eventFormatter (apis: readonly ApiDeclaration[]): EventFormatter {
  const byKey = new Map(apis.flatMap((a) => a.resources.map((r) => [`${a.name}/${r.type}`, { api: a, r }] as const)))
  return (envelope, target) => {
    const found = byKey.get(`${target.api}/${target.resourceType}`)
    const canonical = found?.api.canonicalVersion ?? 'v5'
    if (found === undefined || target.version !== 'v4' || canonical === 'v4') return envelope
    const { api, r } = found
    return envelopeToV4(envelope, {
      resourceName: r.name,
      toV4: r.v4?.fromV5 ?? ((d) => d),
      canonicalRoot: `/tmf-api/${api.name}/${canonical}`,
      v4Root: `/tmf-api/${api.name}/v4`,
      reference: envelope.eventType === `${r.type}DeleteEvent` && r.events?.deletePayload === 'ref'
    })
  }
}
