import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import { isIP, type LookupFunction } from 'node:net'
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import { assertAddressesAllowed, CallbackRefusedError, normaliseHost, parseCallbackUrl, type CallbackPolicy } from './callback-policy.ts'
import { signBody } from './signature.ts'

export interface SendRequest {
  callback: string
  secret: string | null
  body: string
  eventId: string
  eventType: string
  /**
   * W3C `traceparent` of the request whose write produced the event (stored with its outbox row):
   * the delivery span continues that trace, and the callback receives the delivery span's own
   * `traceparent`, so a listener continues it further.
   */
  traceParent?: string | null | undefined
}

export interface SendResult {
  ok: boolean
  status: number | null
  error: string | null
}

export interface Sender {
  send: (req: SendRequest) => Promise<SendResult>
  close: () => void
}

const MAX_ERROR_SNIPPET = 200

/** Resolves a host name to every address it has (family 0 = both); node:dns `lookup` by default. */
export type HostResolver = (hostname: string, family: number | 'IPv4' | 'IPv6', done: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void

const systemResolver: HostResolver = (hostname, family, done) => {
  dnsLookup(hostname, { all: true, verbatim: true, family }, done)
}

/**
 * A DNS lookup that validates every answer before the socket connects. Checking the addresses and
 * then letting the HTTP client resolve the name again would leave a window for DNS rebinding; here
 * the address we check is the address we connect to.
 */
function safeLookup (policy: CallbackPolicy, resolve: HostResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, options.family ?? 0, (err, addresses) => {
      if (err !== null) { callback(err, '', 0); return }
      try {
        assertAddressesAllowed(hostname, addresses.map((a) => a.address), policy)
      } catch (refused) {
        callback(refused as NodeJS.ErrnoException, '', 0)
        return
      }
      if (options.all === true) {
        (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses)
        return
      }
      const first = addresses[0] as LookupAddress
      callback(null, first.address, first.family)
    })
  }
}

/**
 * POSTs hub notifications. node:http rather than fetch, for two reasons that matter for SSRF:
 * the connect-time address check above (fetch offers no lookup hook without undici's Agent), and
 * no redirect following (a 30x to an internal address must not be chased; it is a failure).
 * Keep-alive agents reuse connections to busy listeners.
 */
export function createSender (opts: { policy: CallbackPolicy, timeoutMs: number, maxSocketsPerHost?: number, resolver?: HostResolver }): Sender {
  const agentOpts = { keepAlive: true, maxSockets: opts.maxSocketsPerHost ?? 64, scheduling: 'lifo' as const }
  const httpAgent = new http.Agent(agentOpts)
  const httpsAgent = new https.Agent(agentOpts)
  const lookup = safeLookup(opts.policy, opts.resolver ?? systemResolver)

  // One CLIENT span per attempt, child of the writing request's span (none without a provider).
  async function send (req: SendRequest): Promise<SendResult> {
    const parent = req.traceParent === undefined || req.traceParent === null
      ? ROOT_CONTEXT
      : propagation.extract(ROOT_CONTEXT, { traceparent: req.traceParent })
    // Asked for at each use: a tracer taken before the SDK registered its provider stays a no-op.
    return await trace.getTracer('@cx/events').startActiveSpan(`hub delivery ${req.eventType}`, {
      kind: SpanKind.CLIENT,
      attributes: { 'cx.event.id': req.eventId, 'cx.event.type': req.eventType, 'http.request.method': 'POST' }
    }, parent, async (span) => {
      const headers: Record<string, string> = {}
      propagation.inject(context.active(), headers)
      const result = await attempt(req, headers)
      if (result.status !== null) span.setAttribute('http.response.status_code', result.status)
      if (!result.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: result.error ?? 'failed' })
      span.end()
      return result
    })
  }

  async function attempt (req: SendRequest, traceHeaders: Record<string, string>): Promise<SendResult> {
    let url: URL
    try {
      url = parseCallbackUrl(req.callback)
      const host = normaliseHost(url.hostname)
      // Sockets to IP literals skip the lookup hook, so those are checked here.
      if (isIP(host) !== 0) assertAddressesAllowed(host, [host], opts.policy)
    } catch (err) {
      return { ok: false, status: null, error: (err as Error).message }
    }
    const body = Buffer.from(req.body, 'utf8')
    const headers: Record<string, string> = {
      ...traceHeaders,
      'content-type': 'application/json',
      'content-length': String(body.length),
      'user-agent': 'cx-suite-hub/1',
      'x-event-id': req.eventId,
      'x-event-type': req.eventType
    }
    if (req.secret !== null) headers['x-hub-signature-256'] = signBody(req.secret, body)
    const isHttps = url.protocol === 'https:'
    return await new Promise<SendResult>((resolve) => {
      const request = (isHttps ? https : http).request(url, {
        method: 'POST',
        headers,
        agent: isHttps ? httpsAgent : httpAgent,
        lookup,
        signal: AbortSignal.timeout(opts.timeoutMs)
      }, (res) => {
        const status = res.statusCode ?? 0
        const ok = status >= 200 && status < 300
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (c: Buffer) => {
          // Only a failure's body is kept (a snippet, for the subscription's last error).
          if (!ok && size < MAX_ERROR_SNIPPET) { chunks.push(c); size += c.length }
        })
        res.on('end', () => {
          if (ok) { resolve({ ok, status, error: null }); return }
          const snippet = Buffer.concat(chunks).toString('utf8').slice(0, MAX_ERROR_SNIPPET).trim()
          resolve({ ok, status, error: `HTTP ${status}${snippet === '' ? '' : `: ${snippet}`}` })
        })
        res.on('error', (err) => resolve({ ok: false, status, error: describe(err, opts.timeoutMs) }))
      })
      request.on('error', (err) => resolve({ ok: false, status: null, error: describe(err, opts.timeoutMs) }))
      request.end(body)
    })
  }

  return {
    send,
    close () {
      httpAgent.destroy()
      httpsAgent.destroy()
    }
  }
}

function describe (err: Error, timeoutMs: number): string {
  if (err instanceof CallbackRefusedError) return err.message
  if (err.name === 'AbortError' || err.name === 'TimeoutError') return `timeout after ${timeoutMs} ms`
  const code = (err as NodeJS.ErrnoException).code
  return code === undefined ? err.message : `${code}: ${err.message}`
}
