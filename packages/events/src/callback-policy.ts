import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { badRequest } from '@cx/errors'
import { classifyAddress, type AddressClass } from './ip-ranges.ts'

export interface CallbackPolicy {
  /** Embedded mode (a laptop) lets callbacks reach loopback and private addresses. */
  mode: 'embedded' | 'production'
  /** Hosts whose internal addresses are accepted anyway: `host`, or `*.domain` for a whole domain. */
  allowHosts: readonly string[]
}

export function callbackPolicyFromEnv (env: NodeJS.ProcessEnv, mode: 'embedded' | 'production'): CallbackPolicy {
  const allowHosts = (env.HUB_CALLBACK_ALLOWLIST ?? '')
    .split(',')
    .map((h) => normaliseHost(h.trim()))
    .filter((h) => h !== '')
  return { mode, allowHosts }
}

/** Lower case, no IPv6 brackets, no trailing dot: the form allowlist entries are compared in. */
export function normaliseHost (host: string): string {
  let h = host.toLowerCase()
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1)
  if (h.endsWith('.')) h = h.slice(0, -1)
  return h
}

export function isAllowlisted (host: string, policy: CallbackPolicy): boolean {
  const h = normaliseHost(host)
  return policy.allowHosts.some((entry) => {
    if (entry.startsWith('*.')) return h.endsWith(entry.slice(1))
    return h === entry
  })
}

/**
 * Why `address` may not be called back for `host`, or null when it may. Metadata and link-local
 * addresses are refused in every mode and even for allowlisted hosts: nothing legitimate listens
 * there and cloud credentials do.
 */
export function refusalFor (host: string, address: string, policy: CallbackPolicy): string | null {
  const cls: AddressClass = classifyAddress(address)
  if (cls === 'public') return null
  if (cls === 'metadata' || cls === 'linkLocal') return `${cls === 'metadata' ? 'a cloud metadata' : 'a link-local'} address (${address})`
  if (isAllowlisted(host, policy)) return null
  if (policy.mode === 'embedded' && (cls === 'loopback' || cls === 'private')) return null
  return `a ${cls} address (${address})`
}

export class CallbackRefusedError extends Error {
  readonly code = 'ECALLBACKREFUSED'
  constructor (message: string) {
    super(message)
    this.name = 'CallbackRefusedError'
  }
}

/** The parsed URL of an acceptable callback; throws CallbackRefusedError with the reason otherwise. */
export function parseCallbackUrl (url: string): URL {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new CallbackRefusedError('callback must be an absolute http(s) URL')
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new CallbackRefusedError(`callback scheme ${parsed.protocol.replace(/:$/, '')} is not allowed, use http or https`)
  }
  if (parsed.hostname === '') throw new CallbackRefusedError('callback URL has no host')
  return parsed
}

/** Every address `host` resolves to (the literal itself for an IP), all of which must pass. */
export async function resolveAll (host: string): Promise<string[]> {
  const h = normaliseHost(host)
  if (isIP(h) !== 0) return [h]
  try {
    const found = await lookup(h, { all: true, verbatim: true })
    return found.map((a) => a.address)
  } catch (err) {
    throw new CallbackRefusedError(`callback host ${h} cannot be resolved (${(err as NodeJS.ErrnoException).code ?? 'error'})`)
  }
}

/** Throws CallbackRefusedError unless every address of `host` is acceptable under `policy`. */
export function assertAddressesAllowed (host: string, addresses: readonly string[], policy: CallbackPolicy): void {
  if (addresses.length === 0) throw new CallbackRefusedError(`callback host ${normaliseHost(host)} has no address`)
  for (const address of addresses) {
    const refusal = refusalFor(host, address, policy)
    // One bad address is enough: a resolver answering with a public and an internal address
    // would otherwise let the connection land on the internal one.
    if (refusal !== null) {
      throw new CallbackRefusedError(`callback host ${normaliseHost(host)} resolves to ${refusal}, which is not allowed`)
    }
  }
}

/**
 * Subscription-time check (the engine calls it on POST /hub): http(s) only, and every address the
 * host resolves to must be allowed by the policy. Deliveries check again at connect time
 * (see sender.ts), because DNS answers can change after the subscription was accepted.
 */
export async function assertCallbackAllowed (url: string, policy: CallbackPolicy): Promise<void> {
  try {
    const parsed = parseCallbackUrl(url)
    assertAddressesAllowed(parsed.hostname, await resolveAll(parsed.hostname), policy)
  } catch (err) {
    if (err instanceof CallbackRefusedError) throw badRequest(err.message, 'ERR400')
    throw err
  }
}
