import type { ApiDeclaration } from '@cx/engine'
import { surveyResource } from './survey.resource.ts'
import { surveyResponseResource } from './survey-response.resource.ts'

/**
 * TM Forum has no survey API (TMF.md §1.6), so this one claims no TMF number and starts at v1;
 * it follows TMF630 in everything else.
 */
export const surveyApi: ApiDeclaration = {
  name: 'customerSatisfaction',
  title: 'Customer Satisfaction Survey (non-standard extension)',
  description: 'Non-standard extension of CX Suite: TM Forum defines no survey or satisfaction API, so this one has no TMF number. ' +
    'Satisfaction surveys (NPS 0–10, CSAT 1–5, CES 1–7, ratings, free text) with the events that trigger them, and customers\' ' +
    'responses, validated against the survey\'s questions and scored (NPS promoter/passive/detractor, CSAT, CES). ' +
    'It follows the TMF630 REST guidelines: filtering, fields, paging, sorting, PATCH media types, lifecycle history, hub and events.',
  versions: ['v1'],
  canonicalVersion: 'v1',
  resources: [surveyResource, surveyResponseResource]
}
