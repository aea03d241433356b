import { randomUUID } from 'node:crypto'
import type { OutboxEvent } from '@cx/store'
import type { Doc } from './declaration.ts'

/** The TMF v5 event envelope (TMF688 `Event`), payload under `event.<resourceName>`. */
export function buildEvent (input: {
  api: string
  resourceName: string
  resourceType: string
  eventType: string
  doc: Doc
  parties: readonly string[]
  now: string
  correlationId?: string
}): OutboxEvent {
  const eventId = randomUUID()
  const id = String(input.doc.id)
  return {
    eventId,
    api: input.api,
    resourceType: input.resourceType,
    resourceId: id,
    eventType: input.eventType,
    parties: input.parties,
    payload: {
      '@type': input.eventType,
      '@baseType': 'Event',
      id: eventId,
      eventId,
      eventTime: input.now,
      timeOccurred: input.now,
      eventType: input.eventType,
      domain: input.api,
      title: `${input.eventType} for ${input.resourceType} ${id}`,
      ...(input.correlationId === undefined ? {} : { correlationId: input.correlationId }),
      source: { '@type': 'EntityRef', id, href: input.doc.href, '@referredType': input.resourceType },
      event: { [input.resourceName]: input.doc }
    }
  }
}

/**
 * The canonical (v5) envelope as a v4 subscriber receives it: the resource in its v4 shape, every
 * href under the v4 root (`source.href` and the resource's own, which point at the canonical root
 * in the stored event), and the v4 spelling `timeOcurred`. A reference payload (a TMF621 v5
 * DeleteEvent's TroubleTicketRef) keeps its shape and only changes root.
 */
export function envelopeToV4 (envelope: Doc, opts: { resourceName: string, toV4: (d: Doc) => Doc, canonicalRoot: string, v4Root: string, reference: boolean }): Doc {
  const { timeOccurred, ...rest } = envelope
  const rehome = (href: unknown): unknown =>
    typeof href === 'string' && href.startsWith(`${opts.canonicalRoot}/`) ? `${opts.v4Root}${href.slice(opts.canonicalRoot.length)}` : href
  const event = (envelope.event ?? {}) as Doc
  const resource = event[opts.resourceName] as Doc | undefined
  const source = envelope.source as Doc | undefined
  let shaped: Doc | undefined
  if (resource !== undefined) {
    shaped = opts.reference ? { ...resource } : opts.toV4(resource)
    if ('href' in resource) shaped.href = rehome(resource.href)
  }
  return {
    ...rest,
    ...(source === undefined ? {} : { source: { ...source, href: rehome(source.href) } }),
    timeOcurred: timeOccurred,
    event: shaped === undefined ? event : { [opts.resourceName]: shaped }
  }
}
