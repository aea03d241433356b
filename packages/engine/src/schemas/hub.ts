import { Type, type TSchema } from 'typebox'

const stats = Type.Object({
  delivered: Type.Integer(),
  failed: Type.Integer(),
  deadLettered: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  lastErrorAt: Type.Union([Type.String(), Type.Null()]),
  flagged: Type.Boolean({ description: 'Set while the callback keeps failing' })
}, { description: 'Delivery statistics (a CX Suite extension); the secret is never returned' })

export const HubFvo = Type.Object({
  '@type': Type.Optional(Type.String({ maxLength: 200, default: 'Hub', description: 'Hub, or a subclass of it named with @baseType Hub' })),
  '@baseType': Type.Optional(Type.String({ maxLength: 200, description: 'The superclass (Hub) when @type names a subclass' })),
  '@schemaLocation': Type.Optional(Type.String({ maxLength: 2048, description: 'URI of a JSON schema for the extension attributes' })),
  callback: Type.String({ minLength: 1, maxLength: 2048, description: 'http(s) URL that receives the events' }),
  query: Type.Optional(Type.Union([Type.String({ maxLength: 2048 }), Type.Null()], { description: 'TMF630 filter over the event, e.g. eventType=TroubleTicketStatusChangeEvent&event.troubleTicket.severity=Critical' })),
  secret: Type.Optional(Type.String({ minLength: 8, maxLength: 256, writeOnly: true, description: 'Write-only: deliveries carry X-Hub-Signature-256 = sha256=HMAC-SHA256(secret, body)' }))
}, { $id: 'Hub_FVO', additionalProperties: false })

export const Hub = Type.Object({
  '@type': Type.String(),
  '@baseType': Type.Optional(Type.String()),
  '@schemaLocation': Type.Optional(Type.String()),
  id: Type.String(),
  href: Type.String(),
  callback: Type.String(),
  query: Type.Union([Type.String(), Type.Null()]),
  deliveryStats: stats
}, { $id: 'Hub' })

export const hubSchemas: readonly TSchema[] = [HubFvo, Hub]
