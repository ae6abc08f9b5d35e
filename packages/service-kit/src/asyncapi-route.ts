import type { FastifyInstance } from 'fastify';
import { asyncApiForService } from '@linkage/contracts';

/**
 * `GET /asyncapi.json`: the AsyncAPI 3.0 document of the service's own topic and its dead letters
 * (generated from @linkage/contracts). Like `/docs`, it needs a bearer token in production. A
 * service that publishes no topic gets no route.
 */
export function registerEventCatalogue(app: FastifyInstance, o: { service: string; production: boolean }): void {
  const doc = asyncApiForService(o.service);
  if (!doc) return;
  const body = JSON.stringify(doc);
  app.get(
    '/asyncapi.json',
    { schema: { hide: true }, onRequest: o.production ? [app.authenticate] : [] },
    async (_req, reply) => reply.type('application/json; charset=utf-8').send(body),
  );
}
