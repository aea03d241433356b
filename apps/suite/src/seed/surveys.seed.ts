import { customerParty, partnerParty, type DemoCustomerId, type DemoPartnerId } from '../demo-parties.ts'
import { relatedEntity, type SeedRefKind, type SeedRefs } from './seed-refs.ts'
import type { Seed, SeedCall } from './seed-runner.ts'

const API = '/tmf-api/customerSatisfaction/v1'

type Metric = 'nps' | 'csat' | 'ces' | 'rating' | 'text'
const question = (id: string, metric: Metric, text: string, scale?: [number, number]): Record<string, unknown> => ({
  '@type': 'SurveyQuestion', id, text, metric, ...(scale === undefined ? {} : { scaleMin: scale[0], scaleMax: scale[1] })
})
const channel = (id: string, name: string): Record<string, unknown> => ({ '@type': 'ChannelRef', id, name })
const EMAIL = channel('email', 'Email')
const SMS = channel('sms', 'SMS')
const WEB = channel('web', 'Self-service portal')
const TABLET = channel('field-tablet', 'Technician\'s tablet')

const CORE = [
  question('nps', 'nps', 'How likely are you to recommend us to a friend or colleague?'),
  question('csat', 'csat', 'How satisfied are you overall?'),
  question('ces', 'ces', 'How much effort did it take to get what you needed? (1 = very little, 7 = a lot)')
]

interface DemoResponse {
  customer: DemoCustomerId
  partner: DemoPartnerId
  /** The ticket or order the customer is asked about, by its story key. */
  subject: { kind: Extract<SeedRefKind, 'troubleTicket' | 'productOrder'>, key: string }
  channel: Record<string, unknown>
  /** Steps after the invitation: each a status with the answers known by then. */
  steps: Array<{ status: string, answers?: Record<string, number | string>, reason?: string }>
  /** Who creates it: the operator invites; a partner may collect a response on site. */
  by?: DemoPartnerId
}

const ticket = (key: string): DemoResponse['subject'] => ({ kind: 'troubleTicket', key })
const order = (key: string): DemoResponse['subject'] => ({ kind: 'productOrder', key })
const REFERRED = { troubleTicket: 'TroubleTicket', productOrder: 'ProductOrder' } as const

const answers = (a: Record<string, number | string>): Array<Record<string, unknown>> =>
  Object.entries(a).map(([questionId, value]) => ({ '@type': 'SurveyAnswer', questionId, value }))

async function respond (call: SeedCall, refs: SeedRefs, survey: Record<string, unknown>, r: DemoResponse): Promise<void> {
  const body = {
    '@type': 'SurveyResponse',
    survey: { id: survey.id, '@referredType': 'Survey' },
    relatedParty: [customerParty(await refs.resolve('customer', r.customer)), partnerParty(r.partner)],
    relatedEntity: [relatedEntity('subject', await refs.resolve(r.subject.kind, r.subject.key), REFERRED[r.subject.kind])],
    channel: r.channel
  }
  if (r.by !== undefined) {
    // Collected in one go: the last step's answers, created straight in that state.
    const last = r.steps[r.steps.length - 1]
    await call('POST', `${API}/surveyResponse`, { ...body, status: last?.status, answer: answers(last?.answers ?? {}) }, r.by)
    return
  }
  const created = await call('POST', `${API}/surveyResponse`, body)
  for (const step of r.steps) {
    await call('PATCH', String(created.href), {
      status: step.status,
      ...(step.answers === undefined ? {} : { answer: answers(step.answers) }),
      ...(step.reason === undefined ? {} : { statusChangeReason: step.reason })
    })
  }
}

/**
 * The customers of the trouble-ticket story rate their experience, and every response names the
 * partner it is attributed to, so scorecards can find detractors per partner: fibreco's outage
 * and fixit's missed appointment produce detractors; installations and streaming score better.
 */
export const surveySeed: Seed = {
  id: 'surveys-001',
  async run (call, refs) {
    const allPartners = [partnerParty('fibreco'), partnerParty('fixit'), partnerParty('streamplus')]
    const afterRepair = await call('POST', `${API}/survey`, {
      '@type': 'Survey',
      name: 'After a repair',
      description: 'Sent an hour after a trouble ticket is resolved',
      status: 'active',
      question: [...CORE, question('better', 'text', 'What could we have done better?')],
      trigger: [{ '@type': 'SurveyTrigger', eventType: 'TroubleTicketResolvedEvent', delayMinutes: 60 }],
      relatedParty: allPartners
    })
    const installation = await call('POST', `${API}/survey`, {
      '@type': 'Survey',
      name: 'Order and installation',
      description: 'Sent a day after an order is completed',
      status: 'active',
      question: [...CORE, question('visit', 'rating', 'How would you rate the installation visit?', [1, 10]), question('comment', 'text', 'Anything else?')],
      trigger: [{ '@type': 'SurveyTrigger', eventType: 'ProductOrderStateChangeEvent', delayMinutes: 1440, query: 'event.productOrder.state=completed' }],
      relatedParty: allPartners
    })
    const streaming = await call('POST', `${API}/survey`, {
      '@type': 'Survey',
      name: 'Streaming quality pulse',
      description: 'Quarterly pulse on the TV and streaming service',
      question: [question('nps', 'nps', 'How likely are you to recommend our TV service?'), question('csat', 'csat', 'How satisfied are you with the picture quality?')],
      relatedParty: [partnerParty('streamplus')]
    })
    await call('PATCH', String(streaming.href), { status: 'active' })
    await call('POST', `${API}/survey`, {
      '@type': 'Survey',
      name: 'Business relationship review',
      description: 'Yearly review with business customers (being drafted)',
      question: [question('nps', 'nps', 'How likely are you to recommend us to another business?'), question('priorities', 'text', 'What matters most to you next year?')]
    })

    // cust-001's fibre outage (closed) and cust-003's missed appointment (resolved): detractors.
    await respond(call, refs, afterRepair, {
      customer: 'cust-001',
      partner: 'fibreco',
      subject: ticket('ticket-ada-fibre-outage'),
      channel: EMAIL,
      steps: [
        { status: 'started', answers: { nps: 3 } },
        { status: 'completed', answers: { nps: 3, csat: 2, ces: 6, better: 'Two days offline after the street works, and nobody told me why.' } }
      ]
    })
    await respond(call, refs, afterRepair, {
      customer: 'cust-003',
      partner: 'fixit',
      subject: ticket('ticket-northwind-missed-visit'),
      channel: SMS,
      steps: [{ status: 'completed', answers: { nps: 2, csat: 1, ces: 5, better: 'The technician never came; I took a day off for nothing.' } }]
    })
    // cust-001's router ticket was reopened before the customer answered.
    await respond(call, refs, afterRepair, {
      customer: 'cust-001', partner: 'fixit', subject: ticket('ticket-ada-router-room'), channel: EMAIL, steps: [{ status: 'expired', reason: 'ticket reopened before the customer answered' }]
    })

    await respond(call, refs, installation, {
      customer: 'cust-002', partner: 'fibreco', subject: order('order-grace-fibre-500'), channel: WEB, steps: [{ status: 'completed', answers: { nps: 8, csat: 4, ces: 3, visit: 7 } }]
    })
    await respond(call, refs, installation, {
      customer: 'cust-005', partner: 'fibreco', subject: order('order-contoso-branch-fibre'), channel: EMAIL, steps: [{ status: 'completed', answers: { nps: 9, csat: 5, ces: 2, visit: 9 } }]
    })
    await respond(call, refs, installation, {
      customer: 'cust-006',
      partner: 'fixit',
      subject: order('order-katherine-wifi-setup'),
      channel: TABLET,
      by: 'fixit',
      steps: [{ status: 'completed', answers: { nps: 10, csat: 5, ces: 1, visit: 10, comment: 'Friendly technician, done in an hour.' } }]
    })
    await respond(call, refs, installation, {
      customer: 'cust-004', partner: 'streamplus', subject: order('order-alan-sports-hd'), channel: WEB, steps: [{ status: 'started', answers: { nps: 7 } }]
    })
    await respond(call, refs, installation, { customer: 'cust-003', partner: 'fibreco', subject: order('order-northwind-static-ip'), channel: EMAIL, steps: [] })

    // The streaming pulse ran (cust-004's HD buffering shows), then was retired.
    await respond(call, refs, streaming, {
      customer: 'cust-004', partner: 'streamplus', subject: order('order-alan-sports-hd'), channel: EMAIL, steps: [{ status: 'completed', answers: { nps: 6, csat: 3 } }]
    })
    await respond(call, refs, streaming, {
      customer: 'cust-006', partner: 'streamplus', subject: order('order-katherine-streaming-box'), channel: EMAIL, steps: [{ status: 'completed', answers: { nps: 9, csat: 5 } }]
    })
    await call('PATCH', String(streaming.href), { status: 'retired', statusChangeReason: 'replaced by the after-a-repair and installation surveys' })
  }
}
