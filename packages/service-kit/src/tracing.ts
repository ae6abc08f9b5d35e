import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { context, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import {
  BatchSpanProcessor,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';

/**
 * OpenTelemetry tracing: off unless `OTEL_EXPORTER_OTLP_ENDPOINT` (or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set, then spans go to that collector over OTLP/HTTP.
 * Spans: one per HTTP request (server), per outbox event published (producer), per event consumed
 * (consumer, a child of the producer's span) and its Postgres transaction. The W3C trace context
 * travels in the outbox row and the CloudEvents `traceparent` extension (see @linkage/messaging).
 */
let provider: NodeTracerProvider | undefined;

function register(service: string, processor: SpanProcessor): NodeTracerProvider {
  const p = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [processor],
  });
  // Registers the AsyncLocalStorage context manager and the W3C trace-context propagator.
  p.register();
  provider = p;
  return p;
}

/** Start exporting spans over OTLP when an endpoint is configured (once per process). */
export function startTracing(service: string, env: Record<string, string | undefined> = process.env): boolean {
  if (provider) return true;
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return false;
  register(env.OTEL_SERVICE_NAME ?? service, new BatchSpanProcessor(new OTLPTraceExporter()));
  return true;
}

/** Tests: spans kept in memory (read them with `getFinishedSpans()`). */
export function startInMemoryTracing(service = 'test'): InMemorySpanExporter {
  const exporter = new InMemorySpanExporter();
  if (provider) throw new Error('tracing is already started in this process');
  register(service, new SimpleSpanProcessor(exporter));
  return exporter;
}

/** Export what is buffered (at shutdown). */
export async function flushTracing(): Promise<void> {
  await provider?.forceFlush();
}

declare module 'fastify' {
  interface FastifyRequest {
    otelSpan?: Span;
  }
}

/**
 * A server span per request, continuing the caller's `traceparent`, active while the request is
 * handled (so the events it writes to the outbox carry it). Named by route template, never the URL.
 */
export const tracingPlugin = fp(
  async (app) => {
    app.addHook('onRequest', (req: FastifyRequest, _reply: FastifyReply, done: () => void) => {
      const parent = propagation.extract(context.active(), req.headers);
      const route = req.routeOptions.url ?? 'unmatched';
      const span = trace
        .getTracer('@linkage/service-kit')
        .startSpan(
          `${req.method} ${route}`,
          { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'http.route': route } },
          parent,
        );
      req.otelSpan = span;
      // Everything after this hook (other hooks, the handler) runs inside the span's context.
      context.with(trace.setSpan(parent, span), done);
    });
    app.addHook('onResponse', async (req, reply) => {
      const span = req.otelSpan;
      if (!span) return;
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
  },
  { name: 'linkage-tracing', fastify: '5.x' },
);
