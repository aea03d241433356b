import type { troubleTicketV5 } from './generated/apis.ts'

/**
 * The paths every CX Suite API root serves with the same shapes: the TMF630 hub and the
 * dead-letter operator tool. Every generated client is assignable to `TmfClient<HubPaths>`, so
 * code that manages subscriptions across APIs stays typed (the smoke tests compile this for each).
 */
export type HubPaths = Pick<troubleTicketV5.paths, '/hub' | '/hub/{id}' | '/hub/deadLetter' | '/hub/deadLetter/replay' | '/hub/deadLetter/{id}/replay'>
