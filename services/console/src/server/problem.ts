import type { FastifyReply } from 'fastify';

/** An RFC 9457 Problem Details reply, like the services send. */
export function problem(reply: FastifyReply, status: number, code: string, detail: string) {
  return reply
    .status(status)
    .type('application/problem+json')
    .send({ type: `https://linkage.local/problems/${code}`, title: code.replace(/_/g, ' '), status, detail, code });
}
