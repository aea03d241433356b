import createClient, { type Client, type Middleware } from 'openapi-fetch'

/**
 * A bearer token, or a function returning one. The function is called before every request,
 * so it can cache and refresh a client-credentials token (the caller owns the caching).
 */
export type TokenSource = string | (() => string | Promise<string>)

export interface TmfClientOptions {
  /** Absolute API root, e.g. `http://127.0.0.1:8080/tmf-api/troubleTicket/v5` (paths are relative to it). */
  baseUrl: string | URL
  /** Sent as `Authorization: Bearer <token>`; without it requests are anonymous. */
  token?: TokenSource
  /** fetch to use (default: globalThis.fetch at request time, so nock or undici mocks still apply). */
  fetch?: (input: Request) => Promise<Response>
  /** Headers sent with every request (e.g. a correlation id). */
  headers?: Record<string, string>
}

/** An openapi-fetch client typed by one API's generated `paths`: `GET`, `POST`, `PATCH`, `DELETE`… */
export type TmfClient<Paths extends object> = Client<Paths, `${string}/${string}`>

function bearer (token: TokenSource): Middleware {
  return {
    async onRequest ({ request }) {
      const value = typeof token === 'string' ? token : await token()
      request.headers.set('Authorization', `Bearer ${value}`)
      return request
    }
  }
}

/**
 * A typed client for one API root. The generated factories (`createTroubleTicketClient`…) call
 * this with their document's `paths`; use it directly only for a document you typed yourself.
 */
export function createTmfClient<Paths extends object> (options: TmfClientOptions): TmfClient<Paths> {
  const client = createClient<Paths>({
    baseUrl: String(options.baseUrl).replace(/\/+$/, ''),
    // Looked up per call rather than captured, so test interceptors installed later still see it.
    fetch: options.fetch ?? (async (request: Request) => await globalThis.fetch(request)),
    ...(options.headers === undefined ? {} : { headers: options.headers })
  })
  if (options.token !== undefined) client.use(bearer(options.token))
  return client
}
