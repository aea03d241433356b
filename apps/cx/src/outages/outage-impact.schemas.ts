import { Type } from 'typebox'

/**
 * One affected customer of an outage (`GET /outageImpact`, cxAnalytics): who, why they matched,
 * whether they can be told, and when they were first and last told.
 */
export const CustomerOutageImpact = Type.Object({
  id: Type.String({ description: '{outage id}~{customer id}' }),
  '@type': Type.Literal('CustomerOutageImpact'),
  outage: Type.Object({ id: Type.String(), href: Type.String(), name: Type.Optional(Type.String()), '@referredType': Type.Literal('TroubleTicket') }),
  customer: Type.Object({ id: Type.String(), name: Type.Optional(Type.String()), '@referredType': Type.Literal('Customer') }),
  reason: Type.Array(Type.String(), { description: 'What matched: productOffering:{id}, place:{city or postCode}, customer (named in the list)' }),
  contactable: Type.Optional(Type.Boolean({ description: 'false: no usable contact medium (SMS or e-mail), so no message; absent until the first round of messages' })),
  firstTold: Type.Optional(Type.String({ format: 'date-time', description: 'When the first message to this customer about this outage was created' })),
  lastTold: Type.Optional(Type.String({ format: 'date-time', description: 'When the latest one was created' }))
}, { $id: 'CustomerOutageImpact', additionalProperties: false })
