import fp from 'fastify-plugin'
import { FastifyOtelInstrumentation } from '@fastify/otel'
import { NodeSDK } from '@opentelemetry/sdk-node'
import type { FastifyInstance } from 'fastify'

/**
 * Whether the environment asks for traces: an OTLP endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT` or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) or an explicit `OTEL_TRACES_EXPORTER` other than `none`,
 * and not `OTEL_SDK_DISABLED=true`. Tracing is off otherwise.
 */
export function tracingRequested (env: NodeJS.ProcessEnv): boolean {
  if (env.OTEL_SDK_DISABLED === 'true') return false
  const exporter = env.OTEL_TRACES_EXPORTER
  if (exporter !== undefined && exporter !== '') return exporter !== 'none'
  return (env.OTEL_EXPORTER_OTLP_ENDPOINT ?? '') !== '' || (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? '') !== ''
}

/**
 * Starts the OpenTelemetry Node SDK when the environment asks for it (tracingRequested): it reads
 * the standard variables itself (`OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`,
 * `OTEL_TRACES_EXPORTER`, `OTEL_EXPORTER_OTLP_*`, `OTEL_TRACES_SAMPLER`…) and registers the global
 * tracer provider, the W3C Trace Context propagator and the async context manager. Spans come
 * from @fastify/otel (every request), the hub sender (every delivery) and the cx listener.
 * Returns a function that flushes and stops the SDK, or undefined when tracing is off.
 */
export function startTracing (env: NodeJS.ProcessEnv, defaultServiceName: string): (() => Promise<void>) | undefined {
  if (!tracingRequested(env)) return undefined
  const sdk = new NodeSDK({ ...(env.OTEL_SERVICE_NAME === undefined || env.OTEL_SERVICE_NAME === '' ? { serviceName: defaultServiceName } : {}) })
  sdk.start()
  return async () => { await sdk.shutdown() }
}

/**
 * A span per request (@fastify/otel), continuing the caller's `traceparent` when it sends one.
 * Cheap when no tracer provider is registered (the API's no-op tracer). The query string is left
 * out of `url.path`: TMF630 filters carry personal data.
 */
export const requestTracing = fp(async (app: FastifyInstance) => {
  const instrumentation = new FastifyOtelInstrumentation({
    registerOnInitialization: false,
    ignorePaths: (route: { url: string }) => /^\/(metrics|health)(\/|\?|$)/.test(route.url),
    requestHook: (span, request) => {
      const at = request.url.indexOf('?')
      if (at >= 0) span.setAttribute('url.path', request.url.slice(0, at))
    }
  })
  await app.register(instrumentation.plugin())
}, { name: '@cx/engine/tracing' })
