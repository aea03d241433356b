import type { ApiDeclaration } from '@cx/engine'
import { slaResource } from './sla.resource.ts'
import { slaViolationResource } from './sla-violation.resource.ts'

/**
 * TM Forum publishes TMF623 only as the R14.5 document (no v4/v5 OAS, no CTK), so this API
 * serves one representation, labelled v4 like the third-party implementations, on TMF630
 * conventions. The README documents the shapes.
 */
export const slaApi: ApiDeclaration = {
  name: 'slaManagement',
  tmfId: 'TMF623',
  title: 'SLA Management',
  description: 'Service level agreements with the value-network partners held to them (@type Sla) and the recorded breaches of their rules (@type SlaViolation), with their lifecycles and event hub. ' +
    'The model follows the TMF623 R14.5 specification on TMF630 REST conventions; TM Forum publishes no official v4 or v5 OpenAPI for TMF623, so these schemas are CX Suite\'s own.',
  versions: ['v4'],
  canonicalVersion: 'v4',
  resources: [slaResource, slaViolationResource]
}
