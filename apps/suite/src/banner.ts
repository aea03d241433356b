import type { FastifyInstance } from 'fastify'
import { DEMO_PARTNERS } from './demo-parties.ts'
import { SUITE_APIS } from './apis.ts'

/** The demo customer the banner points at: the TMF629 customer of the story's first party. */
export interface BannerCustomer { id: string, name: string }

export interface BannerInput {
  /** Where the suite listens, e.g. http://localhost:8080. */
  url: string
  mode: 'embedded' | 'production'
  devClientSecret?: string
  /** Present when the demo story is seeded. */
  demoCustomer?: BannerCustomer
}

/**
 * Finds the demo customer whose 360 the banner shows (Ada Lovelace, story party cust-001) through
 * the customer API as the operator; undefined when the database holds no demo story.
 */
export async function findBannerCustomer (app: FastifyInstance, token: string): Promise<BannerCustomer | undefined> {
  const res = await app.inject({ method: 'GET', url: '/tmf-api/customerManagement/v5/customer?engagedParty.id=cust-001&fields=id,name', headers: { authorization: `Bearer ${token}` } })
  if (res.statusCode !== 200) return undefined
  const [first] = res.json() as Array<{ id?: unknown, name?: unknown }>
  return typeof first?.id === 'string' ? { id: first.id, name: typeof first.name === 'string' ? first.name : first.id } : undefined
}

/**
 * The lines `pnpm start` prints for the person who typed it: the Swagger UIs, how to act as a
 * demo partner, and how to open a demo customer's Customer 360 and journey (cx fills them from the
 * other services a few seconds after the start).
 */
export function suiteBanner (b: BannerInput): string[] {
  const lines = [
    '',
    `CX Suite is running (${b.mode} mode) on ${b.url}`,
    '',
    'Swagger UI:',
    ...SUITE_APIS.flatMap((a) => a.versions.map((v) => `  ${b.url}/tmf-api/${a.name}/${v}/docs   (${a.tmfId ?? 'extension'} ${a.title} ${v})`)),
    ''
  ]
  if (b.mode === 'embedded') {
    lines.push(
      `Dashboard: ${b.url}/   (sign in as the operator or a demo partner)`,
      '',
      'Anonymous requests act as the operator. To act as a demo partner, get a token:',
      `  curl -s -X POST ${b.url}/auth/token -d grant_type=client_credentials -d client_id=${DEMO_PARTNERS[0].id} -d client_secret=${b.devClientSecret ?? 'dev-secret'}`,
      `Demo partners: ${DEMO_PARTNERS.map((p) => `${p.id} (${p.name})`).join(', ')}; client_id=operator for an operator token.`,
      ''
    )
  }
  if (b.demoCustomer !== undefined) {
    const id = encodeURIComponent(b.demoCustomer.id)
    lines.push(
      'Customer 360 of the demo customers (cx catches up with the demo story a few seconds after the start):',
      `  curl -s '${b.url}/tmf-api/customer360/v5/customer360?fields=customer,experience'`,
      `${b.demoCustomer.name}'s 360 (orders, tickets, SLA breaches, survey answers, latest journey) and whole journey:`,
      `  curl -s '${b.url}/tmf-api/customer360/v5/customer360/${id}'`,
      `  curl -s '${b.url}/tmf-api/cxAnalytics/v1/journeyEvent?customer.id=${id}'`,
      ''
    )
  }
  return lines
}
