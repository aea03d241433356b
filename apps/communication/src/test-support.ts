import type { FastifyInstance } from 'fastify'
import { aPartyRef, type StoreKind, startApp } from '@cx/test-kit'
import { buildApp } from './app.ts'

export { as, mergePatch, outboxTypes, type Caller } from '@cx/test-kit'

export const V4 = '/tmf-api/communicationManagement/v4'

/** This app on its own test database, closed at teardown. */
export async function startCommunication (t: { teardown: (fn: () => unknown) => void }, kind: StoreKind, overrides: Record<string, unknown> = {}): Promise<FastifyInstance> {
  return await startApp(t, buildApp, kind, overrides)
}

/** A valid SMS to cust-001, on behalf of partner fibreco. */
export function aMessage (overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@type': 'CommunicationMessage',
    messageType: 'SMS',
    content: 'We are sorry: broadband is down in your area. We expect it back by 13:00.',
    receiver: [{ '@type': 'Receiver', phoneNumber: '+33600000001', party: { id: 'cust-001', '@referredType': 'Individual' } }],
    sender: { '@type': 'Sender', name: 'CX Suite care' },
    relatedParty: [aPartyRef('partner', 'fibreco', 'BusinessPartner')],
    ...overrides
  }
}
