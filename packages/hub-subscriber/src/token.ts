/**
 * An OAuth2 client-credentials token source (RFC 6749 §4.4) for a subscriber's calls to the source
 * services' REST APIs: the token is fetched on first use, cached, and fetched again 60 s before `expires_in`
 * runs out. Concurrent callers share one fetch. Errors: Error with the token endpoint's answer.
 */
export function clientCredentialsToken (opts: { tokenUrl: string, clientId: string, clientSecret: string, scope?: string }): () => Promise<string> {
  let cached: { token: string, until: number } | undefined
  let pending: Promise<string> | undefined
  const fetchToken = async (): Promise<string> => {
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: opts.clientId, client_secret: opts.clientSecret })
    if (opts.scope !== undefined) body.set('scope', opts.scope)
    const res = await fetch(opts.tokenUrl, { method: 'POST', body, headers: { accept: 'application/json' } })
    const json = await res.json().catch(() => ({})) as { access_token?: string, expires_in?: number, error?: string }
    if (!res.ok || typeof json.access_token !== 'string') throw new Error(`token endpoint ${opts.tokenUrl} answered ${res.status} ${json.error ?? ''}`.trim())
    const ttl = typeof json.expires_in === 'number' ? json.expires_in : 300
    cached = { token: json.access_token, until: Date.now() + Math.max(0, ttl - 60) * 1000 }
    return json.access_token
  }
  return async () => {
    if (cached !== undefined && Date.now() < cached.until) return cached.token
    pending ??= fetchToken().finally(() => { pending = undefined })
    return await pending
  }
}
