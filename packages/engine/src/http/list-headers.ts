import type { FastifyReply, FastifyRequest } from 'fastify'

/** TMF630 paging headers, plus an RFC 8288 Link header with first/prev/next/last. */
export function setListHeaders (request: FastifyRequest, reply: FastifyReply, page: { total: number, count: number, offset: number, limit: number }): void {
  reply.header('X-Total-Count', String(page.total))
  reply.header('X-Result-Count', String(page.count))
  if (page.limit <= 0) return
  const [path, qs = ''] = request.url.split('?')
  const link = (offset: number, rel: string): string => {
    const params = new URLSearchParams(qs)
    params.set('offset', String(offset))
    params.set('limit', String(page.limit))
    return `<${path ?? ''}?${params.toString()}>; rel="${rel}"`
  }
  const last = Math.max(0, Math.floor((page.total - 1) / page.limit) * page.limit)
  const links = [link(page.offset, 'self'), link(0, 'first')]
  if (page.offset > 0) links.push(link(Math.max(0, page.offset - page.limit), 'prev'))
  if (page.offset + page.limit < page.total) links.push(link(page.offset + page.limit, 'next'))
  links.push(link(last, 'last'))
  reply.header('Link', links.join(', '))
}
