export { createHubStore, type HubStore, type HubSubscription, type HubStats, type HubExtensible } from './hub-store.ts'
export {
  assertCallbackAllowed,
  callbackPolicyFromEnv,
  type CallbackPolicy
} from './callback-policy.ts'
export { classifyAddress, type AddressClass } from './ip-ranges.ts'
export { deliveryConfigFromEnv, retryDelayMs, type DeliveryConfig, type DeliveryObserver } from './config.ts'
export type { EventFormatter, QueryOptions } from './matcher.ts'
export { createRelay, type EventRelay, type RelayOptions, type ListenFn } from './relay.ts'
export type { Logger } from './job-queue.ts'
export { eventsMigrations } from './schema.ts'
export { createDeadLetterStore, type DeadLetterStore, type DeadLetter, type DeadLetterFilter } from './dead-letters.ts'
export { deadLetterRoutes, type DeadLetterRoutesOptions } from './http/dead-letter-routes.ts'
export { signBody, verifySignature } from './signature.ts'
export { FLAG_AFTER_DEAD, FLAG_AFTER_FAILURES } from './outcomes.ts'
export { benchEvents, type BenchEventsOptions, type BenchEventsResult } from './bench-events.ts'
export { redisConnection, redisRetryStrategy } from './redis-connection.ts'
export { queuePrefix } from './queue-bullmq.ts'
export { redisConnectionSet, settleWithin, quitWithin, withTimeout, type RedisConnectionSet } from './redis-connection-set.ts'
