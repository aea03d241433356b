import t from 'tap'
import { TmfError, notFound, isTmfError } from './tmf-error.ts'

t.test('renders a TMF Error body with status as a string', async t => {
  const err = notFound('TroubleTicket 42 not found')
  t.ok(isTmfError(err))
  t.same(err.toBody(), { '@type': 'Error', code: 'ERR404', reason: 'Not Found', message: 'TroubleTicket 42 not found', status: '404' })
})

t.test('keeps the cause for logs', async t => {
  const cause = new Error('driver')
  const err = new TmfError(500, 'ERR500', 'Internal Server Error', 'x', { cause })
  t.equal(err.cause, cause)
})
