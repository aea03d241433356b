import type { FastifyReply, FastifyRequest } from 'fastify'

/**
 * Longest `Link` header sent, in bytes. Every relation repeats the request's query, so a long
 * filter would otherwise multiply into response headers larger than clients and proxies accept
 * (Node's parser stops at 16 KiB for all headers together, nginx buffers 4–8 KiB by default).
 */
export const MAX_LINK_HEADER_BYTES = 4096

export interface PageWindow { total: number, count: number, offset: number, limit: number }

/**
 * TMF630 paging headers `X-Total-Count` and `X-Result-Count`, plus the RFC 8288 `Link` header that
 * TMF630 recommends (a SHOULD) with `self`, `first`, `prev`, `next`, `last`. When those would
 * exceed MAX_LINK_HEADER_BYTES only `prev`/`next` are kept, and when even they would, no `Link`
 * at all: the count headers with `offset`/`limit` still let a client page.
 */
export function setListHeaders (request: FastifyRequest, reply: FastifyReply, page: PageWindow): void {
  reply.header('X-Total-Count', String(page.total))
  reply.header('X-Result-Count', String(page.count))
  const link = linkHeader(request.url, page)
  if (link !== undefined) reply.header('Link', link)
}

/** The `Link` value for `url` and a page window, or undefined when none fits (see setListHeaders). */
export function linkHeader (url: string, page: PageWindow): string | undefined {
  if (page.limit <= 0) return undefined
  const [rawPath = '', qs = ''] = url.split('?')
  // Header values must be ASCII (RFC 9110 §5.5); a request path is, unless injected in-process.
  const path = rawPath.replace(/[^\x21-\x7e]/gu, (c) => c.length === 1 && c >= '\uD800' && c <= '\uDFFF' ? '%EF%BF%BD' : encodeURIComponent(c))
  const link = (offset: number, rel: string): string => {
    const params = new URLSearchParams(qs)
    params.set('offset', String(offset))
    params.set('limit', String(page.limit))
    return `<${path}?${params.toString()}>; rel="${rel}"`
  }
  const last = Math.max(0, Math.floor((page.total - 1) / page.limit) * page.limit)
  const neighbours: string[] = []
  if (page.offset > 0) neighbours.push(link(Math.max(0, page.offset - page.limit), 'prev'))
  if (page.offset + page.limit < page.total) neighbours.push(link(page.offset + page.limit, 'next'))
  const full = [link(page.offset, 'self'), link(0, 'first'), ...neighbours, link(last, 'last')].join(', ')
  if (Buffer.byteLength(full) <= MAX_LINK_HEADER_BYTES) return full
  const short = neighbours.join(', ')
  return short !== '' && Buffer.byteLength(short) <= MAX_LINK_HEADER_BYTES ? short : undefined
}
