import type { ApiDeclaration } from '@cx/engine'
import { customerResource } from './customer.resource.ts'

export const customerApi: ApiDeclaration = {
  name: 'customerManagement',
  tmfId: 'TMF629',
  title: 'Customer Management',
  description: 'Customers of the CSP (Individuals and Organizations in the customer role), with their contact media, accounts and credit profiles, the partners serving them, a CX Suite lifecycle (Initialized, Validated, Active, Suspended, Inactive), v4 compatibility and an event hub.',
  versions: ['v5', 'v4'],
  resources: [customerResource]
}
