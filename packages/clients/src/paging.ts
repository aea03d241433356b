/**
 * TMF630 paging headers of a list response: `X-Total-Count` (items matching the filter) and
 * `X-Result-Count` (items in this page). Undefined when the server did not send the header.
 */
export function pageCounts (response: Response): { total: number | undefined, count: number | undefined } {
  return { total: intHeader(response, 'X-Total-Count'), count: intHeader(response, 'X-Result-Count') }
}

function intHeader (response: Response, name: string): number | undefined {
  const raw = response.headers.get(name)
  if (raw === null || !/^\d+$/.test(raw)) return undefined
  return Number(raw)
}
