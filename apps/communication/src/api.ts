import type { ApiDeclaration } from '@cx/engine'
import { communicationMessageResource } from './communication-message.resource.ts'

/**
 * TMF681 Communication Management, v4 (the latest published shape of the API). CX Suite creates
 * the messages; channel systems subscribe to the hub, deliver them and PATCH their state.
 */
export const communicationApi: ApiDeclaration = {
  name: 'communicationManagement',
  tmfId: 'TMF681',
  title: 'Communication Management',
  description: 'Messages to customers (SMS, e-mail…) for channel systems to deliver: CX Suite does not send them itself. ' +
    'A channel system subscribes to the hub, delivers each new message and reports the outcome by moving its state ' +
    '(initial → inProgress → completed | failed; cancelled before it is done).',
  versions: ['v4'],
  canonicalVersion: 'v4',
  resources: [communicationMessageResource]
}
