import t from 'tap'
import { isConnectionError, storeUnavailable } from './connection-errors.ts'

const withCode = (code: string, message = 'x'): Error => Object.assign(new Error(message), { code })

t.test('connection-level failures are recognised, statement errors are not', async (t) => {
  for (const err of [
    withCode('ECONNREFUSED'), withCode('ECONNRESET'), withCode('57P01', 'terminating connection due to administrator command'),
    withCode('57P03', 'the database system is starting up'), withCode('53300'), withCode('08006'), withCode('08001'),
    new Error('Connection terminated unexpectedly'), new Error('Client has encountered a connection error and is not queryable'),
    new Error('timeout exceeded when trying to connect'),
    Object.assign(new Error('connect failed'), { errors: [withCode('ECONNREFUSED'), withCode('ECONNREFUSED')] })
  ]) {
    t.ok(isConnectionError(err), `${(err as { code?: string }).code ?? err.message}`)
  }
  for (const err of [withCode('23505'), withCode('22P02'), withCode('42P01'), withCode('0800'), new Error('syntax error'), 'ECONNREFUSED', null]) {
    t.notOk(isConnectionError(err), String((err as { code?: string } | null)?.code ?? err))
  }
})

t.test('a lost database becomes a 503 TMF Error with Retry-After, keeping the cause', async (t) => {
  const cause = withCode('57P01')
  const err = storeUnavailable(cause)
  t.equal(err.statusCode, 503)
  t.equal(err.code, 'ERR503-STORE')
  t.same(err.headers, { 'Retry-After': '2' })
  t.equal(err.cause, cause)
})
