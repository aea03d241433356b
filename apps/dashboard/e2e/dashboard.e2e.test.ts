import t from 'tap'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from './browser.ts'
import { startSuite, type RunningSuite } from './suite-process.ts'

// Screenshots of the main pages: test artefacts (gitignored), one file per page and width.
const ARTEFACTS = join(import.meta.dirname, '..', 'e2e-artifacts')
const LAPTOP = { width: 1366, height: 900 }
const TABLET = { width: 820, height: 1180 }

let suite: RunningSuite
let browser: Browser

t.before(async () => {
  await mkdir(ARTEFACTS, { recursive: true })
  browser = await launchChromium()
  suite = await startSuite()
})
t.teardown(async () => {
  await browser?.close()
  await suite?.stop()
})

/** What the API says, with a dev-issuer token for `who` (the same source the page reads). */
async function api<T> (who: string, path: string): Promise<{ status: number, body: T, total: number }> {
  const token = await tokenFor(who)
  const res = await fetch(`${suite.url}${path}`, { headers: { authorization: `Bearer ${token}` } })
  return { status: res.status, body: await res.json() as T, total: Number(res.headers.get('x-total-count')) }
}
async function tokenFor (who: string): Promise<string> {
  const res = await fetch(`${suite.url}/auth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: who, client_secret: 'dev-secret' }) })
  return ((await res.json()) as { access_token: string }).access_token
}

async function shoot (page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true })
}

/** Signs in through the page's form, with the keyboard: the identity radio, then Enter. */
async function signIn (page: Page, identityLabel: RegExp): Promise<void> {
  await page.goto(`${suite.url}/`)
  await page.getByRole('heading', { name: 'CX Suite dashboard' }).waitFor()
  await page.getByRole('radio', { name: identityLabel }).focus()
  await page.keyboard.press('Space')
  await page.getByLabel('Client secret').focus()
  await page.keyboard.press('Enter')
  await page.getByRole('heading', { name: 'Customers' }).waitFor()
}

async function newPage (viewport = LAPTOP): Promise<Page> {
  const context = await browser.newContext({ viewport })
  // A ceiling for a busy two-core CI machine (the first load parses ~1 MB of script), not a target.
  context.setDefaultTimeout(90_000)
  context.setDefaultNavigationTimeout(90_000)
  return await context.newPage()
}

interface View360 { id: string, customer: { name: string }, experience: { experienceIndex: number | null, churnRisk: string, openRecoveries?: number } }
interface JourneyEvent { kind: string, partner?: { id: string } }

t.test('the operator searches customers, opens a 360 and filters its journey', async (t) => {
  const page = await newPage()
  await signIn(page, /Operator/)
  t.equal(await page.getByTestId('signed-in-as').textContent(), 'Operator')
  const all = await api<View360[]>('operator', '/tmf-api/customer360/v5/customer360?fields=customer&limit=1000')
  await page.getByTestId('customer-table').waitFor()
  t.equal(await page.locator('[data-testid=customer-table] tbody tr').count(), all.body.length, 'every customer of the operator is listed')
  await shoot(page, 'customers-operator-laptop')

  // Search by part of a name (typed into the page, never put in the address).
  await page.getByLabel('Name or id').fill('lovelace')
  await t.resolves(page.waitForFunction(() => document.querySelectorAll('[data-testid=customer-table] tbody tr').length === 1))
  const ada = all.body.find((v) => v.customer.name === 'Ada Lovelace')
  if (ada === undefined) throw new Error('the demo story has no Ada Lovelace')
  t.notMatch(page.url(), /lovelace/i, 'the search text is not in the URL')

  // Open her 360 with the keyboard.
  await page.getByRole('link', { name: 'Ada Lovelace' }).focus()
  await page.keyboard.press('Enter')
  await page.getByTestId('c360-name').waitFor()
  t.equal(await page.getByTestId('c360-name').textContent(), 'Ada Lovelace')
  t.match(page.url(), `#/customers/${ada.id}`, 'the route names the customer by id')
  t.notMatch(decodeURIComponent(page.url()), /Ada|Lovelace|@/, 'no personal data in the URL')
  const full = await api<View360>('operator', `/tmf-api/customer360/v5/customer360/${ada.id}`)
  t.equal(await page.getByTestId('experience-index').textContent(), String(full.body.experience.experienceIndex), 'the experience index is the API\'s')
  t.equal(await page.getByTestId('churn-risk').textContent(), full.body.experience.churnRisk)
  t.equal(Number(await page.getByTestId('open-recoveries-count').textContent()), full.body.experience.openRecoveries ?? 0, 'open recoveries as the 360 counts them')

  // The journey: every event, oldest first, then filtered by kind, then by partner.
  const journey = await api<JourneyEvent[]>('operator', `/tmf-api/cxAnalytics/v1/journeyEvent?customer.id=${ada.id}&limit=1000`)
  await page.getByTestId('journey').waitFor()
  t.equal(await page.locator('[data-testid=journey] li').count(), journey.body.length, 'the whole journey is shown')
  await shoot(page, 'customer-360-operator-laptop')
  const kind = 'ticketOpened'
  const ofKind = journey.body.filter((e) => e.kind === kind)
  t.ok(ofKind.length > 0, 'the demo customer opened tickets')
  await page.getByTestId('journey-kind').selectOption(kind)
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=journey] li').length === n && [...document.querySelectorAll('[data-testid=journey] li')].every((li) => li.getAttribute('data-kind') === 'ticketOpened'), ofKind.length)
  t.pass('filtered by kind')
  await page.getByTestId('journey-kind').selectOption('')
  const partnerId = journey.body.find((e) => e.partner !== undefined)?.partner?.id
  if (partnerId === undefined) throw new Error('no partner in the demo journey')
  const ofPartner = journey.body.filter((e) => e.partner?.id === partnerId)
  await page.getByTestId('journey-partner').selectOption(partnerId)
  await page.waitForFunction(([n, p]) => document.querySelectorAll('[data-testid=journey] li').length === n && [...document.querySelectorAll('[data-testid=journey] li')].every((li) => li.getAttribute('data-partner') === p), [ofPartner.length, partnerId] as const)
  t.pass('filtered by partner')

  // Each event links to its record, read from its own API.
  await page.locator('[data-testid=journey] li a').first().click()
  await page.getByRole('heading', { level: 1 }).filter({ hasText: /trouble ticket|product order|survey response|sla violation|customer/i }).waitFor()
  await page.locator('dl.fields').waitFor()
  t.pass('a journey event opens its record')
  await page.close()
})

interface Card { partner: { id: string, name: string }, periodStart: string, score: number | null, rank: number | null }

t.test('scorecards are ranked per period, a partner page shows its KPIs, and chart data is readable', async (t) => {
  const page = await newPage()
  await signIn(page, /Operator/)
  await page.getByRole('link', { name: 'Partner scorecards' }).click()
  await page.getByTestId('scorecard-table').waitFor()
  const cards = await api<Card[]>('operator', '/tmf-api/cxAnalytics/v1/partnerScorecard?period=month&limit=1000')
  const scored = cards.body.filter((c) => c.score !== null).sort((a, b) => Date.parse(b.periodStart) - Date.parse(a.periodStart))
  const latest = scored[0]?.periodStart
  if (latest === undefined) throw new Error('no scored period in the demo data')
  // Best rank first, ties and unranked partners by name (as the page orders them).
  const ranked = cards.body.filter((c) => c.periodStart === latest).sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.partner.name.localeCompare(b.partner.name))
  const shown = await page.locator('[data-testid=scorecard-table] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-partner')))
  t.same(shown, ranked.map((c) => c.partner.id), 'the latest scored period, best rank first')
  const chart = JSON.parse(await page.getByTestId('chart-scores').getAttribute('data-chart') ?? '{}') as { partners: Array<{ id: string, scores: Array<number | null> }> }
  for (const p of chart.partners) {
    const api = cards.body.filter((c) => c.partner.id === p.id).sort((a, b) => Date.parse(a.periodStart) - Date.parse(b.periodStart)).map((c) => c.score)
    t.same(p.scores, api, `the score chart of ${p.id} is the API's`)
  }
  await shoot(page, 'scorecards-operator-laptop')

  const first = ranked[0]
  if (first === undefined) throw new Error('no ranked partner')
  await page.getByRole('link', { name: first.partner.name }).click()
  await page.getByTestId('partner-name').waitFor()
  t.equal(await page.getByTestId('partner-name').textContent(), first.partner.name)
  await page.getByTestId('chart-mttr').waitFor()
  const mttr = JSON.parse(await page.getByTestId('chart-mttr').getAttribute('data-chart') ?? '[]') as Array<{ value: number | null, sampleSize: number, lowSample: boolean }>
  const apiMttr = await api<{ series: Array<{ value: number | null, sampleSize: number, lowSample: boolean }> }>('operator', `/tmf-api/cxAnalytics/v1/kpi/mttr?period=month&partner.id=${first.partner.id}`)
  t.same(mttr.map((r) => [r.value, r.sampleSize, r.lowSample]), apiMttr.body.series.map((p) => [p.value, p.sampleSize, p.lowSample]), 'the partner\'s MTTR chart is the API\'s series')
  await shoot(page, 'partner-operator-laptop')
  await page.close()
})

t.test('trend charts follow the filters and mark low-sample buckets', async (t) => {
  const page = await newPage()
  await signIn(page, /Operator/)
  await page.getByRole('link', { name: 'Trends' }).click()
  await page.getByTestId('chart-nps').waitFor()
  const read = async (name: string) => JSON.parse(await page.getByTestId(`chart-${name}`).getAttribute('data-chart') ?? '[]') as Array<{ value: number | null, sampleSize: number, lowSample: boolean }>
  for (const name of ['nps', 'csat', 'mttr', 'orderToActivation', 'slaCompliance']) {
    const series = await api<{ series: Array<{ value: number | null, sampleSize: number, lowSample: boolean }> }>('operator', `/tmf-api/cxAnalytics/v1/kpi/${name}?period=month`)
    t.same((await read(name)).map((r) => [r.value, r.sampleSize, r.lowSample]), series.body.series.map((p) => [p.value, p.sampleSize, p.lowSample]), `${name} per month is the API's`)
  }
  const nps = await read('nps')
  t.ok(nps.some((r) => r.sampleSize > 0 && r.lowSample), 'the demo data has low-sample buckets')
  const lowRows = await page.locator('[data-testid=chart-nps] tr[data-low-sample=true]').count()
  t.equal(lowRows, nps.filter((r) => r.lowSample).length, 'the data table marks the same buckets')
  await shoot(page, 'trends-operator-laptop')

  await page.getByTestId('trend-period').selectOption('week')
  await page.getByTestId('trend-segment').selectOption('business')
  const weekly = await api<{ series: Array<{ value: number | null, sampleSize: number }> }>('operator', '/tmf-api/cxAnalytics/v1/kpi/csat?period=week&segment=business')
  await page.waitForFunction((n) => JSON.parse(document.querySelector('[data-testid=chart-csat]')?.getAttribute('data-chart') ?? '[]').length === n, weekly.body.series.length)
  t.same((await read('csat')).map((r) => [r.value, r.sampleSize]), weekly.body.series.map((p) => [p.value, p.sampleSize]), 'weekly CSAT of the business segment is the API\'s')
  await page.close()
})

t.test('a partner sees only its customers and cannot reach another partner\'s customer', async (t) => {
  const page = await newPage()
  await signIn(page, /FibreCo Wholesale/)
  t.equal(await page.getByTestId('signed-in-as').textContent(), 'Partner FibreCo Wholesale')
  const mine = await api<View360[]>('fibreco', '/tmf-api/customer360/v5/customer360?fields=customer&limit=1000')
  const everyone = await api<View360[]>('operator', '/tmf-api/customer360/v5/customer360?fields=customer&limit=1000')
  await page.getByTestId('customer-table').waitFor()
  t.equal(await page.locator('[data-testid=customer-table] tbody tr').count(), mine.body.length, 'only the customers FibreCo serves')
  t.ok(mine.body.length < everyone.body.length, 'FibreCo does not serve every customer')
  await shoot(page, 'customers-partner-laptop')

  const other = everyone.body.find((v) => !mine.body.some((m) => m.id === v.id))
  if (other === undefined) throw new Error('every customer is FibreCo\'s')
  t.equal((await api('fibreco', `/tmf-api/customer360/v5/customer360/${other.id}`)).status, 404, 'the API refuses it')
  await page.goto(`${suite.url}/#/customers/${other.id}`)
  await page.getByTestId('error').waitFor()
  t.equal(await page.getByTestId('error').getAttribute('data-status'), '404')
  t.match(await page.getByTestId('error').textContent(), /not in your scope/)
  t.equal(await page.getByTestId('c360-name').count(), 0, 'nothing of the customer is shown')
  await shoot(page, 'customer-360-other-partner-refused')

  // Its own customer opens, at tablet width too, without horizontal scrolling of the page.
  const own = mine.body[0]
  if (own === undefined) throw new Error('FibreCo serves nobody')
  await page.setViewportSize(TABLET)
  await page.goto(`${suite.url}/#/customers/${own.id}`)
  await page.getByTestId('c360-name').waitFor()
  await page.getByTestId('journey').waitFor()
  const partners = await page.locator('[data-testid=journey] li').evaluateAll((lis) => [...new Set(lis.map((li) => li.getAttribute('data-partner')).filter((p) => p !== ''))])
  t.same(partners, ['fibreco'], 'the journey names no rival partner')
  t.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'the 360 fits a tablet')
  await shoot(page, 'customer-360-partner-tablet')

  // Its trends are its own: the partner filter is fixed to itself.
  await page.getByRole('link', { name: 'Trends' }).click()
  await page.getByTestId('chart-nps').waitFor()
  t.equal(await page.getByTestId('trend-partner').inputValue(), 'fibreco')
  t.ok(await page.getByTestId('trend-partner').isDisabled())
  await page.goto(`${suite.url}/#/partners/streamplus`)
  await page.getByTestId('error').waitFor()
  t.equal(await page.getByTestId('error').getAttribute('data-status'), '403', 'another partner\'s page is refused')
  await page.close()
})
