import t from 'tap'
import { TmfError, notFound, isTmfError, serviceUnavailable } from './tmf-error.ts'

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

t.test('a 503 carries its Retry-After header and its cause', async t => {
  const cause = new Error('ECONNREFUSED')
  const err = serviceUnavailable('the database is unavailable', 2, cause)
  t.equal(err.statusCode, 503)
  t.same(err.headers, { 'Retry-After': '2' })
  t.equal(err.cause, cause)
  t.same(err.toBody(), { '@type': 'Error', code: 'ERR503', reason: 'Service Unavailable', message: 'the database is unavailable', status: '503' })
  t.same(notFound('x').headers, {}, 'other errors carry no header')
})
