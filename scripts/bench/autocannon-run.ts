import autocannon from 'autocannon'

export interface LoadResult { rps: number, p50: number, p99: number, non2xx: number, errors: number }

export interface Load {
  url: string
  method?: 'GET' | 'POST' | 'PATCH'
  /** Of the request bodies (default application/json). */
  contentType?: string
  headers?: Record<string, string>
  /** A new path (and body) per request, so caches and single rows do not flatter the numbers. */
  next: () => { path: string, body?: string }
  seconds: number
  connections: number
}

export async function runLoad (load: Load): Promise<LoadResult> {
  const result = await autocannon({
    url: load.url,
    connections: load.connections,
    duration: load.seconds,
    headers: { 'content-type': load.contentType ?? 'application/json', ...(load.headers ?? {}) },
    requests: [{
      method: load.method ?? 'GET',
      setupRequest: (req) => {
        const n = load.next()
        return { ...req, path: n.path, ...(n.body === undefined ? {} : { body: n.body }) }
      }
    }]
  })
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors }
}
