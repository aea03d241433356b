import type { ApiDeclaration } from '@cx/engine'
import { productOrderResource } from './product-order.resource.ts'
import { cancelProductOrderResource } from './cancel-product-order.resource.ts'

export const productOrderApi: ApiDeclaration = {
  name: 'productOrderingManagement',
  tmfId: 'TMF622',
  title: 'Product Ordering',
  description: 'Product orders of customers, fulfilled by the CSP and its value-network partners: item-level lifecycle with the order state derived from its items, cancellation as a task, v4 compatibility and event hub.',
  versions: ['v5', 'v4'],
  resources: [productOrderResource, cancelProductOrderResource]
}
