import type { Queryable } from '@cx/store'
import { JOURNEY_HREF, type JourneyEvent } from '../journey/journey.ts'
import type { OutageRow } from './outage-messages.ts'

/** Where the TMF681 messages cx creates live (the communication service's API root). */
const MESSAGE_ROOT = '/tmf-api/communicationManagement/v4/communicationMessage'

/** One customer told about one outage update: the TMF681 message created for them. */
export interface Told { customer: string, medium: string, message: string }

/**
 * Puts each outage message on its customer's journey as a `customerNotified` event (issue 15:
 * the outage and its messages visible in the 360), in the transaction that records the messages,
 * and marks the customers' 360 views due for recomposition (their latest journey events). The
 * event points at the TMF681 communicationMessage; its partners are the outage's, so a partner
 * sees the messages of its own outages only. Ids are the message's (`{messageId}.sent`): a
 * repeated call changes nothing.
 */
export async function journeyOfMessages (tx: Queryable, outage: OutageRow, told: readonly Told[], at: string): Promise<void> {
  if (told.length === 0) return
  const name = typeof outage.doc.name === 'string' ? outage.doc.name : typeof outage.doc.description === 'string' ? outage.doc.description : `outage ${outage.id}`
  const what = outage.update_key === 'resolved' ? 'is fixed' : outage.update_key.includes('@') ? `(${outage.update_key.split('@')[0] ?? ''})` : ''
  const partner = outage.partners[0]
  const events: JourneyEvent[] = told.map((x) => {
    const id = `${x.message}.sent`
    return {
      id,
      href: `${JOURNEY_HREF}/${encodeURIComponent(id)}`,
      '@type': 'JourneyEvent',
      date: at,
      kind: 'customerNotified',
      summary: `Told by ${x.medium === 'SMS' ? 'SMS' : 'e-mail'} about the outage: ${name}${what === '' ? '' : ` ${what}`}`,
      entity: { id: x.message, href: `${MESSAGE_ROOT}/${encodeURIComponent(x.message)}`, '@referredType': 'CommunicationMessage' },
      customer: { id: x.customer },
      ...(partner === undefined ? {} : { partner: { id: partner } })
    }
  })
  await tx.query(
    `INSERT INTO cx_journey (id, entity_key, customer_id, date, parties, doc)
     SELECT u.id, 'communicationMessage:' || u.message, u.customer_id, $1::timestamptz, $2::text[], u.doc
     FROM unnest($3::text[], $4::text[], $5::text[], $6::jsonb[]) AS u(id, message, customer_id, doc)
     ON CONFLICT (id) DO NOTHING`,
    [at, outage.partners, events.map((e) => e.id), told.map((x) => x.message), told.map((x) => x.customer), events.map((e) => JSON.stringify(e))],
    { name: 'cx-outage-journey' })
  await tx.query('INSERT INTO cx_refresh_due (customer_id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [told.map((x) => x.customer)], { name: 'cx-outage-refresh-due' })
}
