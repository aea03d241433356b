import type { Doc } from '../projections/entity-facts.ts'

/**
 * The documented message templates (apps/cx README, "Outage messages"): what happened, what we
 * are doing, the ETA and an apology, in plain words. One per kind of update; e-mails get a
 * subject line, SMS the same text alone. Times are written in UTC with the date, so a message read
 * late still says when.
 */
export type UpdateKind = 'started' | 'update' | 'resolved'

export interface MessageText { subject: string, content: string }

const when = (iso: unknown): string | undefined => {
  if (typeof iso !== 'string' || Number.isNaN(Date.parse(iso))) return undefined
  const d = new Date(iso)
  const date = d.toLocaleDateString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long' })
  const time = d.toLocaleTimeString('en-GB', { timeZone: 'UTC', hour: '2-digit', minute: '2-digit' })
  return `${time} UTC on ${date}`
}

/** What the outage is, in the words the operator gave it (its name, else its description). */
const what = (outage: Doc): string => String(outage.name ?? outage.description ?? 'a fault on our network')

/** The kind of update an update key stands for (outage.projection.ts updateKeyOf). */
export function kindOf (updateKey: string, isFirst: boolean): UpdateKind {
  if (updateKey === 'resolved') return 'resolved'
  return isFirst ? 'started' : 'update'
}

/**
 * The text of one outage message. `started`: what happened, that engineers are on it, the ETA (or
 * that we will tell them as soon as we know it), sorry. `update`: the new ETA or status, sorry.
 * `resolved`: it is fixed, what to do if it is not, sorry and thanks.
 */
export function outageMessage (kind: UpdateKind, outage: Doc, customerName?: string): MessageText {
  const hello = customerName === undefined ? 'Hello,' : `Hello ${customerName},`
  const eta = when(outage.expectedResolutionDate)
  const etaLine = eta === undefined ? 'We do not know yet when it will be fixed; we will tell you as soon as we do.' : `We expect it to be fixed by ${eta}.`
  const name = what(outage)
  if (kind === 'started') {
    return {
      subject: `Service problem in your area: ${name}`,
      content: `${hello} we are sorry: ${name} is affecting your service since ${when(outage.creationDate) ?? 'earlier today'}. Our engineers are working on it now. ${etaLine} You do not need to report it. We apologise for the trouble.`
    }
  }
  if (kind === 'update') {
    const status = outage.status === 'inProgress' ? 'Our engineers are on site and working on the repair.' : 'We are still working on it.'
    return {
      subject: `Update on the service problem: ${name}`,
      content: `${hello} an update on ${name}. ${status} ${etaLine} We are sorry it is taking this long.`
    }
  }
  return {
    subject: `Fixed: ${name}`,
    content: `${hello} ${name} has been fixed${when(outage.resolutionDate) === undefined ? '' : ` at ${String(when(outage.resolutionDate))}`} and your service should work again. If it does not, restart your equipment, and reply or call us if it still does not work. We are sorry for the disruption, and thank you for your patience.`
  }
}
