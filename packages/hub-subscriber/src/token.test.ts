import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { clientCredentialsToken } from './token.ts'

/** A local OAuth2 token endpoint that counts requests and checks the client's credentials. */
async function tokenServer (t: { teardown: (fn: () => unknown) => void }, expiresIn: number): Promise<{ url: string, calls: URLSearchParams[] }> {
  const calls: URLSearchParams[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => { body += c.toString() })
    req.on('end', () => {
      const form = new URLSearchParams(body)
      calls.push(form)
      const ok = form.get('grant_type') === 'client_credentials' && form.get('client_id') === 'cx' && form.get('client_secret') === 's3cret'
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' })
      res.end(JSON.stringify(ok ? { access_token: `token-${calls.length}`, token_type: 'Bearer', expires_in: expiresIn } : { error: 'invalid_client' }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise((resolve) => server.close(resolve)))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`, calls }
}

t.test('fetches once, caches until a minute before expiry, shares concurrent fetches', async (t) => {
  const idp = await tokenServer(t, 3600)
  const token = clientCredentialsToken({ tokenUrl: idp.url, clientId: 'cx', clientSecret: 's3cret', scope: 'tmf' })
  t.same(await Promise.all([token(), token(), token()]), ['token-1', 'token-1', 'token-1'])
  t.equal(await token(), 'token-1')
  t.equal(idp.calls.length, 1, 'one request for all of them')
  t.equal(idp.calls[0]?.get('scope'), 'tmf')
})

t.test('a token about to expire is fetched again', async (t) => {
  const idp = await tokenServer(t, 30) // less than the 60 s margin: never reused
  const token = clientCredentialsToken({ tokenUrl: idp.url, clientId: 'cx', clientSecret: 's3cret' })
  t.equal(await token(), 'token-1')
  t.equal(await token(), 'token-2')
})

t.test('refused credentials are an error naming the endpoint', async (t) => {
  const idp = await tokenServer(t, 3600)
  const token = clientCredentialsToken({ tokenUrl: idp.url, clientId: 'cx', clientSecret: 'wrong' })
  await t.rejects(token(), /answered 401 invalid_client/)
})
