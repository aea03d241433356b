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

// Every IANA translation or tunnelling form that carries an IPv4 address is judged by that address.
// Each row: the form, then addresses carrying 127.0.0.1, 169.254.169.254, 10.0.0.1 and a public address.
const EMBEDDING_FORMS: Array<[form: string, loopback: string, metadata: string, privateAddr: string, publicAddr: string]> = [
  ['IPv4-mapped ::ffff:0:0/96', '::ffff:7f00:1', '::ffff:169.254.169.254', '::ffff:a00:1', '::ffff:8.8.8.8'],
  ['IPv4-translated ::ffff:0:0:0/96 (SIIT)', '::ffff:0:7f00:1', '::ffff:0:a9fe:a9fe', '::ffff:0:10.0.0.1', '::ffff:0:808:808'],
  ['IPv4-compatible ::/96', '::127.0.0.1', '::a9fe:a9fe', '::10.0.0.1', '::8.8.8.8'],
  ['NAT64 well-known 64:ff9b::/96', '64:ff9b::127.0.0.1', '64:ff9b::a9fe:a9fe', '64:ff9b::a00:1', '64:ff9b::808:808'],
  ['6to4 2002::/16', '2002:7f00:1::1', '2002:a9fe:a9fe::1', '2002:a00:1:1::5', '2002:808:808::1'],
  // Teredo: server 8.8.8.8 in bits 32-63, client in bits 96-127 inverted (RFC 4380 §4).
  ['Teredo 2001::/32', '2001:0:808:808::80ff:fffe', '2001:0:808:808::5601:5601', '2001:0:808:808::f5ff:fffe', '2001:0:808:808::f7f7:fbfb'],
  ['ISATAP interface id (RFC 5214)', '2001:4860::200:5efe:7f00:1', '2001:4860::5efe:a9fe:a9fe', '2001:4860::5efe:a00:1', '2001:4860::5efe:808:808']
]

t.test('IPv6 forms that embed an IPv4 address are classified by that address', async (t) => {
  for (const [form, loopback, metadata, privateAddr, publicAddr] of EMBEDDING_FORMS) {
    t.equal(classifyAddress(loopback), 'loopback', `${form}: ${loopback}`)
    t.equal(classifyAddress(metadata), 'metadata', `${form}: ${metadata}`)
    t.equal(classifyAddress(privateAddr), 'private', `${form}: ${privateAddr}`)
    t.equal(classifyAddress(publicAddr), 'public', `${form}: ${publicAddr}`)
  }
  t.equal(classifyAddress('2001:0:a00:1::f7f7:fbfb'), 'private', 'Teredo: a private server counts too')
  t.equal(classifyAddress('2001:0:4136:e378:8000:63bf:3fff:fdd2'), 'reserved', 'Teredo: RFC 4380 example, client 192.0.2.45 (documentation)')
  // NAT64 local-use (RFC 8215): the IPv4 sits where the site's prefix length puts it (RFC 6052 §2.2).
  t.equal(classifyAddress('64:ff9b:1::a9fe:a9fe'), 'metadata', 'local-use NAT64, /96 layout')
  t.equal(classifyAddress('64:ff9b:1:a9fe:a9:fe00::'), 'metadata', 'local-use NAT64, /48 layout')
  t.equal(classifyAddress('64:ff9b:1:a9:fe:a9fe::'), 'metadata', 'local-use NAT64, /56 layout')
  t.equal(classifyAddress('64:ff9b:1:0:a9:fea9:fe00:0'), 'metadata', 'local-use NAT64, /64 layout')
  t.not(classifyAddress('64:ff9b:1::808:808'), 'public', 'local-use NAT64 is never public: a translator inside the network')
  t.equal(classifyAddress('fd00::5efe:808:808'), 'private', 'an ISATAP id under a unique-local prefix stays private')
  t.equal(classifyAddress('::ffff:0.0.0.0'), 'loopback')
  t.equal(classifyAddress('64:ff9b::e000:1'), 'reserved', 'multicast through NAT64')
})

t.test('embedded IPv4 forms are refused at subscription time like the IPv4 address they carry', async (t) => {
  for (const [form, loopback, metadata, privateAddr, publicAddr] of EMBEDDING_FORMS) {
    t.match(await refusal(`http://[${loopback}]/l`, production), /loopback address .* not allowed/, `${form}: loopback refused`)
    t.match(await refusal(`http://[${privateAddr}]:8080/l`, production), /private address .* not allowed/, `${form}: private refused`)
    for (const policy of [production, embedded]) {
      t.match(await refusal(`https://[${metadata}]/latest/meta-data`, policy), /metadata/, `${form}: metadata refused in ${policy.mode} mode`)
    }
    t.equal(await refusal(`http://[${publicAddr}]/l`, production), null, `${form}: public accepted`)
  }
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
