import type { FastifyInstance } from 'fastify';
import type { ElderCarePolicy } from '../config.ts';
import clientRoutes from './clients.ts';
import careRoutes from './care.ts';
import facilityRoutes from './facilities.ts';

/** The elder-care API: records and assessments, services for a person, facilities and indicators. */
export default async function elderCareRoutes(fastify: FastifyInstance, opts: { policy: ElderCarePolicy }) {
  await fastify.register(clientRoutes, opts);
  await fastify.register(careRoutes, opts);
  await fastify.register(facilityRoutes);
}
