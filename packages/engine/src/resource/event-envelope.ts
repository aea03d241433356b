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

/** v4 listeners expect the v4 resource shape and the v4 spelling `timeOcurred`. */
export function envelopeToV4 (envelope: Doc, resourceName: string, toV4: (d: Doc) => Doc): Doc {
  const { timeOccurred, ...rest } = envelope
  const event = (envelope.event ?? {}) as Doc
  const resource = event[resourceName] as Doc | undefined
  return {
    ...rest,
    timeOcurred: timeOccurred,
    event: resource === undefined ? event : { [resourceName]: toV4(resource) }
  }
}
