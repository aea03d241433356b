import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { buildTmfServer } from '@cx/engine'
import { customerApi } from '@cx/customer'
import { productOrderApi } from '@cx/product-order'
import { troubleTicketApi } from '@cx/trouble-ticket'
import { slaApi } from '@cx/sla'
import { surveyApi } from '@cx/survey'
import { serverTestOptions, storeKinds, type StoreKind } from '@cx/test-kit'
import { as, createCustomer, createTicket, startCx, the360, urlOf } from '../test-support.ts'

type Body = Record<string, unknown>

/** The resource services with a page limit below cx's back-fill page (MAX_PAGE_LIMIT=2). */
async function smallPageSources (t: { teardown: (fn: () => unknown) => void }, kind: StoreKind): Promise<FastifyInstance> {
  const app = await buildTmfServer([customerApi, productOrderApi, troubleTicketApi, slaApi, surveyApi], await serverTestOptions(t, kind, { maxLimit: 2 }) as never)
  t.teardown(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  return app
}

for (const kind of storeKinds()) {
  t.test(`back-fill from sources that serve fewer items per page than cx asks for, on ${kind}`, async (t) => {
    const sources = await smallPageSources(t, kind)
    const src = as(sources, 'operator')
    // Written before cx starts, so only the back-fill can bring them: five tickets, pages of two.
    const customer = await createCustomer(src, 'Mary Jackson', ['fixit'])
    const tickets = []
    for (let i = 0; i < 5; i++) tickets.push(await createTicket(src, customer.id, 'fixit', { name: `ticket ${i}` }))
    const cx = await startCx(t, kind, urlOf(sources))
    const doc = await the360(cx, 'operator', customer.id)
    t.same((doc.troubleTicket as Body[]).map((x) => x.id).sort(), tickets.map((x) => x.id).sort(), 'every ticket, though each page held two')
    const entities = (await cx.db.query<{ n: string }>("SELECT count(*) AS n FROM cx_entity WHERE kind = 'troubleTicket'")).rows[0]
    t.equal(Number(entities?.n), 5, 'all five in the read model')
  })
}
