import type { FastifyInstance } from 'fastify'
import { buildTmfServer } from '@cx/engine'
import { customerApi } from '@cx/customer'
import { productOrderApi } from '@cx/product-order'
import { troubleTicketApi } from '@cx/trouble-ticket'
import { slaApi } from '@cx/sla'
import { surveyApi } from '@cx/survey'
import { communicationApi } from '@cx/communication'
import { aPartyRef, serverTestOptions, type Caller, type StoreKind } from '@cx/test-kit'

type Body = Record<string, unknown>
interface T { teardown: (fn: () => unknown) => void }

export const MESSAGES = '/tmf-api/communicationManagement/v4/communicationMessage'
export const OUTAGE_IMPACT = '/tmf-api/cxAnalytics/v1/outageImpact'

/** The resource services and TMF681 in one server, listening. */
export async function startSourcesWithMessages (t: T, kind: StoreKind, overrides: Record<string, unknown> = {}): Promise<FastifyInstance> {
  const app = await buildTmfServer([customerApi, productOrderApi, troubleTicketApi, slaApi, surveyApi, communicationApi], await serverTestOptions(t, kind, overrides) as never)
  t.teardown(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  return app
}

/** TMF629 v5 contact media. */
export const email = (address: string, preferred = false): Body => ({ '@type': 'EmailContactMedium', preferred, emailAddress: address })
export const phone = (number: string, preferred = false): Body => ({ '@type': 'PhoneContactMedium', preferred, phoneNumber: number })
export const address = (city: string, postCode: string, country = 'FR'): Body => ({ '@type': 'GeographicAddressContactMedium', street1: '1 rue de la Paix', city, postCode, country })

/** A CxOutage of `partner` with `impact`. */
export function anOutage (impact: Body, partner = 'fibreco', extra: Body = {}): Body {
  return {
    '@type': 'CxOutage',
    '@baseType': 'TroubleTicket',
    name: 'Fibre cut in Lyon',
    description: 'A fibre cut near Part-Dieu takes broadband down',
    severity: 'Critical',
    ticketType: 'Outage',
    expectedResolutionDate: '2026-03-01T14:00:00.000Z',
    impact: { '@type': 'OutageImpact', ...impact },
    relatedParty: [aPartyRef('partner', partner, 'BusinessPartner')],
    ...extra
  }
}

/** Every page of a list as `call` (limit 1000). */
export async function listAll (call: Caller, url: string): Promise<Body[]> {
  const sep = url.includes('?') ? '&' : '?'
  const res = await call({ method: 'GET', url: `${url}${sep}limit=1000` })
  if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${res.body}`)
  return res.json() as Body[]
}
