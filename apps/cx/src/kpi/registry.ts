import type { KpiDefinition } from './definition.ts'
import { orderKpis } from './orders.ts'
import { slaKpis } from './sla.ts'
import { surveyKpis } from './survey.ts'
import { ticketKpis } from './tickets.ts'
import { outageKpis } from './outages.ts'

/** Every KPI served by `GET /kpi`, in listing order. */
export const KPIS: readonly KpiDefinition[] = [...surveyKpis, ...ticketKpis, ...outageKpis, ...orderKpis, ...slaKpis]

/** The KPI named `name`, or undefined. */
export function kpiNamed (name: string): KpiDefinition | undefined {
  return KPIS.find((k) => k.name === name)
}
