import { Type, type TSchema } from 'typebox'

const Str = Type.String()
const DateTime = Type.String({ format: 'date-time' })
const Ref = Type.Object({ id: Str, href: Type.Optional(Str), name: Type.Optional(Str), '@referredType': Type.Optional(Str) }, { additionalProperties: true })
const Score = (what: string): TSchema => Type.Union([Type.Integer(), Type.Null()], { description: what })

/** The states of a recovery, in order. */
export const RECOVERY_STATES = ['open', 'resolved', 'followedUp'] as const

export const Recovery = Type.Object({
  id: Type.String({ description: 'The id of the detractor survey response that opened the recovery' }),
  href: Str,
  '@type': Str,
  state: Type.Union(RECOVERY_STATES.map((s) => Type.Literal(s)), {
    description: 'open: complaint ticket opened (or being opened); resolved: the ticket was resolved, the follow-up invitation is scheduled or out; followedUp: the follow-up was answered'
  }),
  customer: Type.Object({ id: Str }),
  partner: Type.Optional(Type.Object({ id: Str, name: Type.Optional(Str) }, { description: 'The partner the detractor answer is attributed to' })),
  survey: Ref,
  surveyResponse: Ref,
  subject: Type.Optional(Ref),
  complaintTicket: Type.Optional(Ref),
  followUpResponse: Type.Optional(Ref),
  npsBefore: Score('NPS (0–10) of the detractor answer'),
  csatBefore: Score('CSAT (1–5) of the detractor answer'),
  npsAfter: Score('NPS of the follow-up answer (null until answered)'),
  csatAfter: Score('CSAT of the follow-up answer (null until answered)'),
  openedDate: DateTime,
  resolvedDate: Type.Optional(DateTime),
  followedUpDate: Type.Optional(DateTime)
}, { $id: 'Recovery', additionalProperties: true, description: 'One closed-loop recovery: a detractor answer, its complaint ticket and the follow-up survey (CX Suite extension; apps/cx/README.md "Closed loop")' })
