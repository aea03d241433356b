import { changeTracking, type ResourceDeclaration } from '@cx/engine'
import { CommunicationMessage, CommunicationMessageCreate, CommunicationMessageUpdate, communicationComponents } from './communication-message.schemas.ts'

/**
 * The TMF681 message lifecycle (CommunicationStateType, TMF.md §1.6): created `initial`, a
 * channel system takes it `inProgress` and ends it `completed` or `failed`; it may be
 * `cancelled` before it is done. A failed message may be tried again (`failed → inProgress`).
 */
export const communicationMessageTransitions = {
  initial: ['inProgress', 'cancelled', 'failed'],
  inProgress: ['completed', 'failed', 'cancelled'],
  failed: ['inProgress'],
  completed: [],
  cancelled: []
} as const

export const communicationMessageResource: ResourceDeclaration = {
  name: 'communicationMessage',
  type: 'CommunicationMessage',
  table: 'communication_message',
  schemas: { resource: CommunicationMessage, create: CommunicationMessageCreate, patch: CommunicationMessageUpdate },
  components: communicationComponents,
  timestamps: { created: 'creationDate', updated: 'lastUpdate' },
  lifecycle: {
    field: 'state',
    initial: 'initial',
    transitions: communicationMessageTransitions,
    ...changeTracking('state', 'StateChange'),
    changeEvent: 'CommunicationMessageStateChangeEvent'
  },
  onUpdate: (before, after, ctx) => {
    // sendTimeComplete records when the channel finished with the message (TMF681 attribute).
    const done = ['completed', 'failed'].includes(String(after.state))
    if (done && before.state !== after.state && after.sendTimeComplete === undefined) after.sendTimeComplete = ctx.now
    return after
  },
  indexes: [{ name: 'creation_date', path: ['creationDate'] }, { name: 'state', path: ['state'] }],
  example: {
    '@type': 'CommunicationMessage',
    messageType: 'SMS',
    subject: 'Broadband outage in your area',
    content: 'We are sorry: broadband is down in Lyon since 09:10. Engineers are on it; we expect it back by 13:00.',
    receiver: [{ '@type': 'Receiver', phoneNumber: '+33600000001', party: { id: 'cust-001', '@referredType': 'Individual' } }],
    sender: { '@type': 'Sender', name: 'CX Suite care' }
  }
}
