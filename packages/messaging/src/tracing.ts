import { safeErrorMessage } from './errors.ts';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api';

/**
 * W3C trace context across the outbox and Kafka, as the CloudEvents distributed-tracing extension
 * (`traceparent`, `tracestate`). Only @opentelemetry/api is used here: without a registered SDK
 * (tracing off) every call is a no-op and nothing is written.
 */
export const tracer = () => trace.getTracer('@linkage/messaging');

export interface TraceContextFields {
  traceparent?: string;
  tracestate?: string;
}

/** The active context's `traceparent`/`tracestate` (empty when there is no sampled span). */
export function currentTraceContext(ctx: Context = context.active()): TraceContextFields {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  const out: TraceContextFields = {};
  if (carrier.traceparent) out.traceparent = carrier.traceparent;
  if (carrier.tracestate) out.tracestate = carrier.tracestate;
  return out;
}

/** The context a `traceparent` (and `tracestate`) describe; the root context when absent or malformed. */
export function contextFrom(fields: TraceContextFields | null | undefined): Context {
  if (!fields?.traceparent) return ROOT_CONTEXT;
  const carrier: Record<string, string> = { traceparent: fields.traceparent };
  if (fields.tracestate) carrier.tracestate = fields.tracestate;
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/** Run `fn` in a span (ended, and marked failed on a throw). */
export async function inSpan<T>(
  name: string,
  o: { kind?: SpanKind; parent?: Context; links?: Link[]; attributes?: Record<string, string | number | boolean> },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = o.parent ?? context.active();
  const span = tracer().startSpan(
    name,
    {
      kind: o.kind ?? SpanKind.INTERNAL,
      ...(o.attributes ? { attributes: o.attributes } : {}),
      ...(o.links ? { links: o.links } : {}),
    },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (err) {
    // The safe message only: an error may quote a value (personal data never leaves in a span).
    span.setStatus({ code: SpanStatusCode.ERROR, message: safeErrorMessage(err).slice(0, 200) });
    throw err;
  } finally {
    span.end();
  }
}

/**
 * Run `fn` once for several events, each in a consumer span of its own trace (a child of `parent`), all
 * covering the same work (ended together, and all marked failed on a throw). Without a parent's
 * sampled context a span is a no-op. `fn` gets each span's context (in `each`'s order): what the
 * work done for that event (the events it emits) carries on.
 */
export async function inSpans<T>(
  name: string,
  each: readonly { parent: Context; attributes: Record<string, string | number | boolean> }[],
  fn: (contexts: Context[]) => Promise<T>,
): Promise<T> {
  const spans = each.map((o) =>
    tracer().startSpan(name, { kind: SpanKind.CONSUMER, attributes: o.attributes }, o.parent),
  );
  try {
    return await fn(spans.map((s, i) => trace.setSpan(each[i]!.parent, s)));
  } catch (err) {
    const message = safeErrorMessage(err).slice(0, 200);
    for (const s of spans) s.setStatus({ code: SpanStatusCode.ERROR, message });
    throw err;
  } finally {
    for (const s of spans) s.end();
  }
}

export { SpanKind };

/** Links to the spans that published these events (a batch span belongs to many traces). */
export function linksTo(events: TraceContextFields[]): Link[] {
  const links: Link[] = [];
  for (const e of events) {
    const sc = trace.getSpanContext(contextFrom(e));
    if (sc) links.push({ context: sc });
  }
  return links;
}
