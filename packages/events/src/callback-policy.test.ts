import t from 'tap'
import { isTmfError } from '@cx/errors'
import { assertCallbackAllowed, callbackPolicyFromEnv, type CallbackPolicy } from './callback-policy.ts'
import { classifyAddress } from './ip-ranges.ts'

const production: CallbackPolicy = { mode: 'production', allowHosts: [] }
const embedded: CallbackPolicy = { mode: 'embedded', allowHosts: [] }

async function refusal (url: string, policy: CallbackPolicy): Promise<string | null> {
  try {
    await assertCallbackAllowed(url, policy)
    return null
  } catch (err) {
    if (!isTmfError(err)) throw err
    if (err.statusCode !== 400) throw new Error(`expected 400, got ${err.statusCode}`)
    return err.message
  }
}

t.test('address classes', async (t) => {
  const cases: Array<[string, string]> = [
    ['8.8.8.8', 'public'], ['127.0.0.1', 'loopback'], ['127.5.6.7', 'loopback'], ['0.0.0.0', 'loopback'],
    ['10.1.2.3', 'private'], ['172.16.0.1', 'private'], ['172.31.255.255', 'private'], ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'], ['100.64.0.1', 'private'], ['169.254.169.254', 'metadata'], ['169.254.1.1', 'linkLocal'],
    ['100.100.100.200', 'metadata'], ['224.0.0.1', 'reserved'], ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'], ['::', 'loopback'], ['fe80::1', 'linkLocal'], ['fe80::1%eth0', 'linkLocal'], ['fd00:ec2::254', 'metadata'],
    ['fd12:3456::1', 'private'], ['fc00::1', 'private'], ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'], ['::ffff:10.0.0.1', 'private'], ['64:ff9b::a00:1', 'private'],
    ['2002:c0a8:101::1', 'private'], ['2001:4860:4860::8888', 'public'], ['ff02::1', 'reserved'], ['2001:db8::1', 'reserved']
  ]
  for (const [ip, cls] of cases) t.equal(classifyAddress(ip), cls, ip)
  t.throws(() => classifyAddress('nope'))
})

t.test('only http(s) URLs', async (t) => {
  for (const url of ['ftp://example.com/x', 'file:///etc/passwd', 'gopher://x', 'not a url', '/relative', 'javascript:alert(1)']) {
    t.ok(await refusal(url, embedded), `${url} refused`)
  }
  t.equal(await refusal('http://93.184.216.34/listener', production), null, 'a public address is fine')
  t.equal(await refusal('https://[2001:4860:4860::8888]:8443/hook', production), null)
})

t.test('outside embedded mode: loopback, private, link-local and unique-local refused', async (t) => {
  for (const url of ['http://127.0.0.1:9000/l', 'http://localhost/l', 'http://10.0.0.5/l', 'http://192.168.0.10/l',
    'http://[::1]/l', 'http://[fd12::1]/l', 'http://[fe80::1]/l', 'http://0.0.0.0/l', 'http://[::ffff:127.0.0.1]/l', 'http://2130706433/l']) {
    t.match(await refusal(url, production), /not allowed/, `${url} refused`)
  }
})

t.test('embedded mode allows loopback (a local test listener) and private addresses', async (t) => {
  t.equal(await refusal('http://127.0.0.1:9000/listener', embedded), null)
  t.equal(await refusal('http://localhost:9000/listener', embedded), null)
  t.equal(await refusal('http://192.168.1.20/listener', embedded), null)
})

t.test('metadata and link-local addresses are refused in every mode, allowlisted or not', async (t) => {
  const allowAll: CallbackPolicy = { mode: 'embedded', allowHosts: ['169.254.169.254', 'fd00:ec2::254', 'fe80::1'] }
  for (const policy of [production, embedded, allowAll]) {
    t.match(await refusal('http://169.254.169.254/latest/meta-data', policy), /metadata/)
    t.match(await refusal('http://[fd00:ec2::254]/latest', policy), /metadata/)
    t.match(await refusal('http://[fe80::1]/x', policy), /link-local/)
    t.match(await refusal('http://169.254.10.10/x', policy), /link-local/)
  }
})

t.test('HUB_CALLBACK_ALLOWLIST lets named internal hosts through', async (t) => {
  const policy = callbackPolicyFromEnv({ HUB_CALLBACK_ALLOWLIST: ' LocalHost , 10.0.0.5,*.svc.cluster.local,[::1]' }, 'production')
  t.same(policy, { mode: 'production', allowHosts: ['localhost', '10.0.0.5', '*.svc.cluster.local', '::1'] })
  t.equal(await refusal('http://localhost:8080/l', policy), null)
  t.equal(await refusal('http://10.0.0.5/l', policy), null)
  t.equal(await refusal('http://[::1]/l', policy), null)
  t.match(await refusal('http://10.0.0.6/l', policy), /private/)
  t.same(callbackPolicyFromEnv({}, 'embedded'), { mode: 'embedded', allowHosts: [] })
})

t.test('a host that does not resolve is refused', async (t) => {
  t.match(await refusal('http://does-not-exist.invalid/l', production), /cannot be resolved/)
})
