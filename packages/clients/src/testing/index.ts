/**
 * The smoke-test helpers of the typed clients, for the services whose packages depend on
 * `@cx/clients` themselves (the sla service follows the ticket and order hubs through them):
 * their client smoke tests live next to the service, since `@cx/clients` cannot depend back on
 * them without a cycle in the build graph.
 */
export { HUB_SECRET, serve, tokenSource } from '../smoke/serve.ts'
export { hubSmoke } from '../smoke/hub.ts'
