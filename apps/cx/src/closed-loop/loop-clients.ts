import { createCustomerSatisfactionV1Client, createTroubleTicketV5Client, PatchMediaType, type TokenSource } from '@cx/clients'
import type { Doc } from '../projections/entity-facts.ts'

/** What the closed loop asks of the survey and trouble ticket services, over their REST APIs. */
export interface LoopClients {
  /** Every survey (all pages). */
  listSurveys: () => Promise<Doc[]>
  /** Survey responses matching TMF630 attribute filters (one page of up to 100). */
  findResponses: (filters: Record<string, string>) => Promise<Doc[]>
  /** POST surveyResponse; the created resource. */
  createResponse: (body: Doc) => Promise<Doc>
  /** GET surveyResponse/{id}; undefined on 404. */
  getResponse: (id: string) => Promise<Doc | undefined>
  /** PATCH surveyResponse/{id} (merge patch). */
  patchResponse: (id: string, body: Doc) => Promise<Doc>
  /** Trouble tickets matching TMF630 attribute filters (one page of up to 100). */
  findTickets: (filters: Record<string, string>) => Promise<Doc[]>
  /** POST troubleTicket; the created resource. */
  createTicket: (body: Doc) => Promise<Doc>
}

/**
 * A call the service refused (4xx: retrying the same request cannot succeed) or could not serve
 * (5xx, unreachable: `status` null; worth retrying).
 */
export class LoopCallError extends Error {
  constructor (readonly status: number | null, detail: string) {
    super(detail)
    this.name = 'LoopCallError'
  }

  get permanent (): boolean {
    return this.status !== null && this.status >= 400 && this.status < 500 && this.status !== 408 && this.status !== 429
  }
}

interface Call { data?: unknown, error?: unknown, response: Response }
// The generated clients are typed by path literal; the loop's calls use the plain collection paths.
interface LooseClient {
  GET: (path: string, init?: unknown) => Promise<Call>
  POST: (path: string, init?: unknown) => Promise<Call>
  PATCH: (path: string, init?: unknown) => Promise<Call>
}

/**
 * LoopClients over the generated typed clients of @cx/clients (survey extension v1, TMF621 v5),
 * with cx's operator token. `surveyOrigin` and `ticketOrigin` are scheme://host:port.
 */
export function createLoopClients (opts: { surveyOrigin: string, ticketOrigin: string, token: TokenSource }): LoopClients {
  const trim = (o: string): string => o.replace(/\/+$/, '')
  const survey = createCustomerSatisfactionV1Client({ baseUrl: `${trim(opts.surveyOrigin)}/tmf-api/customerSatisfaction/v1`, token: opts.token }) as unknown as LooseClient
  const ticket = createTroubleTicketV5Client({ baseUrl: `${trim(opts.ticketOrigin)}/tmf-api/troubleTicket/v5`, token: opts.token }) as unknown as LooseClient
  const call = async (what: string, run: () => Promise<Call>, ok404 = false): Promise<Call> => {
    let res: Call
    try {
      res = await run()
    } catch (err) {
      throw new LoopCallError(null, `${what}: ${(err as Error).message}`)
    }
    if (!res.response.ok && !(ok404 && res.response.status === 404)) {
      throw new LoopCallError(res.response.status, `${what}: HTTP ${res.response.status} ${JSON.stringify(res.error ?? '').slice(0, 300)}`)
    }
    return res
  }
  const list = (res: Call): Doc[] => (Array.isArray(res.data) ? res.data as Doc[] : [])
  return {
    async listSurveys () {
      const out: Doc[] = []
      for (let offset = 0; ; offset += 500) {
        const page = list(await call('list surveys', async () => await survey.GET('/survey', { params: { query: { offset, limit: 500, sort: 'id' } } })))
        out.push(...page)
        if (page.length < 500) return out
      }
    },
    async findResponses (filters) {
      return list(await call('find survey responses', async () => await survey.GET('/surveyResponse', { params: { query: { ...filters, limit: 100 } } })))
    },
    async createResponse (body) {
      return (await call('create survey response', async () => await survey.POST('/surveyResponse', { body }))).data as Doc
    },
    async getResponse (id) {
      const res = await call('get survey response', async () => await survey.GET('/surveyResponse/{id}', { params: { path: { id } } }), true)
      return res.response.status === 404 ? undefined : res.data as Doc
    },
    async patchResponse (id, body) {
      return (await call('patch survey response', async () => await survey.PATCH('/surveyResponse/{id}', {
        params: { path: { id } }, body, headers: { 'Content-Type': PatchMediaType.mergePatch }
      }))).data as Doc
    },
    async findTickets (filters) {
      return list(await call('find trouble tickets', async () => await ticket.GET('/troubleTicket', { params: { query: { ...filters, limit: 100 } } })))
    },
    async createTicket (body) {
      return (await call('create trouble ticket', async () => await ticket.POST('/troubleTicket', { body }))).data as Doc
    }
  }
}
