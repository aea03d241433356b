import { Type } from 'typebox'
import { DateTime, OptionalExtensible, stateChangeSchema } from '@cx/engine'

/** TMF681 v4 CommunicationStateType (TMF.md §1.6). */
export const COMMUNICATION_STATES = ['initial', 'inProgress', 'completed', 'cancelled', 'failed'] as const
const State = Type.Enum(COMMUNICATION_STATES)

/** TMF681 names SMS, email and mobile app push notification as message types; others are allowed. */
export const MESSAGE_TYPES = { sms: 'SMS', email: 'email' } as const

const StateChange = stateChangeSchema({ $id: 'StateChange', field: 'state', state: State })

/** Who a message goes to (TMF681 Receiver): an address on the message's channel and the party behind it. */
const Receiver = Type.Object({
  ...OptionalExtensible,
  id: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  phoneNumber: Type.Optional(Type.String()),
  appUserId: Type.Optional(Type.String()),
  ipAddress: Type.Optional(Type.String()),
  party: Type.Optional(Type.Ref('PartyRefOrPartyRoleRef'))
}, { $id: 'Receiver', additionalProperties: true })

/** Who a message comes from (TMF681 Sender). */
const Sender = Type.Object({
  ...OptionalExtensible,
  id: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  phoneNumber: Type.Optional(Type.String()),
  party: Type.Optional(Type.Ref('PartyRefOrPartyRoleRef'))
}, { $id: 'Sender', additionalProperties: true })

/** Attributes a client may send, on create and on patch. */
const writable = {
  content: Type.String({ minLength: 1, description: 'The message text' }),
  subject: Type.Optional(Type.String({ description: 'The subject line (e-mail)' })),
  description: Type.Optional(Type.String()),
  messageType: Type.String({ minLength: 1, description: 'The channel: SMS, email, mobile app push notification…' }),
  priority: Type.Optional(Type.String()),
  logFlag: Type.Optional(Type.Boolean()),
  scheduledSendTime: Type.Optional(DateTime),
  sendTime: Type.Optional(DateTime),
  sendTimeComplete: Type.Optional(DateTime),
  tryTimes: Type.Optional(Type.Integer({ minimum: 0 })),
  version: Type.Optional(Type.String()),
  state: Type.Optional(State),
  stateChangeReason: Type.Optional(Type.String()),
  receiver: Type.Array(Type.Ref('Receiver'), { minItems: 1 }),
  sender: Type.Ref('Sender'),
  characteristic: Type.Optional(Type.Array(Type.Ref('Characteristic'))),
  attachment: Type.Optional(Type.Array(Type.Ref('AttachmentRefOrValue'))),
  relatedEntity: Type.Optional(Type.Array(Type.Ref('RelatedEntity', { description: 'CX Suite extension: what the message is about, e.g. role outage → the TroubleTicket' }))),
  relatedParty: Type.Optional(Type.Array(Type.Ref('RelatedPartyRefOrPartyRoleRef'), { description: 'CX Suite extension: the partners whose share the message is (role partner), for partner scope' }))
}

export const CommunicationMessage = Type.Object({
  ...OptionalExtensible,
  id: Type.String(),
  href: Type.String(),
  ...writable,
  state: State,
  creationDate: DateTime,
  lastUpdate: DateTime,
  stateChangeDate: Type.Optional(DateTime),
  stateChangeHistory: Type.Optional(Type.Array(Type.Ref('StateChange')))
}, { $id: 'CommunicationMessage', additionalProperties: true, description: 'A message for a channel system to deliver (TMF681 v4 CommunicationMessage)' })

export const CommunicationMessageCreate = Type.Object({ ...OptionalExtensible, ...writable }, {
  $id: 'CommunicationMessage_Create', additionalProperties: true, description: 'Create body: content, messageType, receiver[] and sender are required (TMF681 v4)'
})

export const CommunicationMessageUpdate = Type.Partial(Type.Object({ ...OptionalExtensible, ...writable }), {
  $id: 'CommunicationMessage_Update', additionalProperties: true, description: 'Merge-patch body: a channel system reports delivery by moving state on'
})

export const communicationComponents = [StateChange, Receiver, Sender]
