import type { EntityKind } from '../projections/entity-facts.ts'

/** The served collection of recoveries. */
export const RECOVERY_HREF = '/tmf-api/cxAnalytics/v1/recovery'

export const SUBJECT_TYPE: Partial<Record<EntityKind, string>> = { troubleTicket: 'TroubleTicket', productOrder: 'ProductOrder', customer: 'Customer' }

/** One invitation per survey and subject entity (the rule): the row's primary key. */
export const invitationKey = (surveyId: string, kind: EntityKind, id: string): string => `${surveyId}|${kind}/${id}`

/** One follow-up per recovery. */
export const followUpKey = (recoveryId: string): string => `followUp|${recoveryId}`
