import {
  API_ROOTS, createCustomer360Client, createCustomerManagementClient, createCustomerSatisfactionClient, createCxAnalyticsClient,
  createProductOrderingManagementClient, createSlaManagementClient, createTroubleTicketClient,
  type customer360V5, type cxAnalyticsV1, type TokenSource
} from '@cx/clients'

export type Customer360 = customer360V5.components['schemas']['CxCustomer360']
export type Experience = customer360V5.components['schemas']['CxExperience']
export type JourneyEvent = cxAnalyticsV1.components['schemas']['JourneyEvent']
export type KpiDefinition = cxAnalyticsV1.components['schemas']['KpiDefinition']
export type KpiSeries = cxAnalyticsV1.components['schemas']['KpiSeries']
export type KpiPoint = cxAnalyticsV1.components['schemas']['KpiPoint']
export type PartnerScorecard = cxAnalyticsV1.components['schemas']['PartnerScorecard']
export type TmfErrorBody = cxAnalyticsV1.components['schemas']['Error']

/**
 * The typed clients (packages/clients, generated from openapi/) of every public API the
 * dashboard reads, on one origin with the signed-in caller's bearer token.
 */
export function createApis (origin: string, token: TokenSource) {
  const base = origin === '' ? window.location.origin : origin
  const opts = (root: string) => ({ baseUrl: `${base}${root}`, token })
  return {
    customer360: createCustomer360Client(opts(API_ROOTS.customer360V5)),
    analytics: createCxAnalyticsClient(opts(API_ROOTS.cxAnalyticsV1)),
    customers: createCustomerManagementClient(opts(API_ROOTS.customerManagementV5)),
    orders: createProductOrderingManagementClient(opts(API_ROOTS.productOrderingManagementV5)),
    tickets: createTroubleTicketClient(opts(API_ROOTS.troubleTicketV5)),
    sla: createSlaManagementClient(opts(API_ROOTS.slaManagementV4)),
    surveys: createCustomerSatisfactionClient(opts(API_ROOTS.customerSatisfactionV1))
  }
}

export type Apis = ReturnType<typeof createApis>

/** A failed API call: the HTTP status (0 when the server could not be reached) and the TMF Error. */
export class ApiError extends Error {
  readonly status: number
  readonly body: TmfErrorBody | undefined
  constructor (status: number, body: TmfErrorBody | undefined, message?: string) {
    super(message ?? body?.message ?? body?.reason ?? `HTTP ${status}`)
    this.status = status
    this.body = body
  }
}

/**
 * Unwraps an openapi-fetch result: the typed data, or an ApiError carrying the status and the
 * TMF Error body. A network failure (fetch rejects) becomes an ApiError with status 0.
 */
export async function call<T> (request: Promise<{ data?: T, error?: unknown, response: Response }>): Promise<{ data: T, response: Response }> {
  let result: { data?: T, error?: unknown, response: Response }
  try {
    result = await request
  } catch (err) {
    throw new ApiError(0, undefined, `the server could not be reached (${err instanceof Error ? err.message : String(err)})`)
  }
  if (result.error !== undefined || result.data === undefined) {
    const body = typeof result.error === 'object' && result.error !== null ? result.error as TmfErrorBody : undefined
    throw new ApiError(result.response.status, body)
  }
  return { data: result.data, response: result.response }
}
