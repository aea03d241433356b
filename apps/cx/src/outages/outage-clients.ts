import { createCommunicationManagementV4Client, createTroubleTicketV5Client, type TokenSource } from '@cx/clients'
import type { Doc } from '../projections/entity-facts.ts'

/** A write to another service failed; `status` is null when it could not be reached. */
export class OutageWriteError extends Error {
  constructor (readonly what: string, readonly status: number | null, detail: string) {
    super(`${what}: ${status === null ? 'unreachable' : `HTTP ${status}`} ${detail}`.trim())
    this.name = 'OutageWriteError'
  }
}

/** What the outage worker writes to the other services, over their REST APIs. */
export interface OutageClients {
  /** POSTs a TMF681 communicationMessage; returns its id. */
  createMessage: (body: Doc) => Promise<string>
  /** GETs a TMF621 ticket with its ETag, or undefined when it is gone (404). */
  getTicket: (id: string) => Promise<{ doc: Doc, etag: string } | undefined>
  /** Merge-patches a TMF621 ticket if it is still at `etag`: false on 412 (someone changed it first). */
  patchTicket: (id: string, patch: Doc, etag: string) => Promise<boolean>
}

/**
 * The outage worker's clients: the generated typed clients of TMF681 (communicationManagement v4)
 * and TMF621 (troubleTicket v5) from @cx/clients, as the operator (`token`: client credentials).
 */
export function createOutageClients (opts: { communicationOrigin: string, ticketOrigin: string, token: TokenSource }): OutageClients {
  const comm = createCommunicationManagementV4Client({ baseUrl: `${opts.communicationOrigin.replace(/\/+$/, '')}/tmf-api/communicationManagement/v4`, token: opts.token })
  const tickets = createTroubleTicketV5Client({ baseUrl: `${opts.ticketOrigin.replace(/\/+$/, '')}/tmf-api/troubleTicket/v5`, token: opts.token })
  const attempt = async <R>(what: string, run: () => Promise<R>): Promise<R> => {
    try {
      return await run()
    } catch (err) {
      throw new OutageWriteError(what, null, (err as Error).message)
    }
  }
  const detail = (error: unknown): string => JSON.stringify(error ?? '').slice(0, 200)
  return {
    async createMessage (body) {
      const res = await attempt('create message', async () => await comm.POST('/communicationMessage', { body: body as never }))
      if (!res.response.ok) throw new OutageWriteError('create message', res.response.status, detail(res.error))
      return String((res.data as { id: string }).id)
    },
    async getTicket (id) {
      const res = await attempt('get ticket', async () => await tickets.GET('/troubleTicket/{id}', { params: { path: { id } } }))
      if (res.response.status === 404) return undefined
      if (!res.response.ok) throw new OutageWriteError('get ticket', res.response.status, detail(res.error))
      return { doc: res.data as Doc, etag: res.response.headers.get('etag') ?? '*' }
    },
    async patchTicket (id, patch, etag) {
      const res = await attempt('patch ticket', async () => await tickets.PATCH('/troubleTicket/{id}', {
        params: { path: { id }, header: { 'If-Match': etag } as never },
        body: patch as never,
        headers: { 'content-type': 'application/merge-patch+json', 'if-match': etag }
      }))
      if (res.response.status === 412) return false
      if (!res.response.ok) throw new OutageWriteError('patch ticket', res.response.status, detail(res.error))
      return true
    }
  }
}
