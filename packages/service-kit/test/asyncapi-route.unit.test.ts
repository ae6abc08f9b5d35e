import { afterEach, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { authPlugin, DEV_AUDIENCE, DEV_ISSUER, generateKeyPair, mintToken } from '@linkage/auth';
import { dlqOf, TOPIC_OWNERS, type TopicName } from '@linkage/contracts';
import { registerEventCatalogue } from '../src/asyncapi-route.ts';

const keys = generateKeyPair();
let apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.map((a) => a.close()));
  apps = [];
});

async function build(service: string, production = false) {
  const app = Fastify();
  apps.push(app);
  await app.register(authPlugin, { publicKey: keys.publicKey, issuers: [DEV_ISSUER], audiences: [DEV_AUDIENCE] });
  registerEventCatalogue(app, { service, production });
  await app.ready();
  return app;
}

describe('GET /asyncapi.json', () => {
  it("serves each service's own topic and its dead letters as AsyncAPI 3.0", async () => {
    for (const [topic, service] of Object.entries(TOPIC_OWNERS) as [TopicName, string][]) {
      const res = await (await build(service)).inject('/asyncapi.json');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const doc = res.json() as {
        asyncapi: string;
        channels: Record<string, unknown>;
        components: { messages: Record<string, unknown> };
      };
      expect(doc.asyncapi).toBe('3.0.0');
      expect(Object.keys(doc.channels).sort(), service).toEqual([topic, dlqOf(topic)].sort());
      expect(Object.keys(doc.components.messages).length).toBeGreaterThan(1);
    }
  });

  it('a service without a topic (the console) has no such route', async () => {
    expect((await (await build('console')).inject('/asyncapi.json')).statusCode).toBe(404);
  });

  it('in production it needs a valid token, like /docs', async () => {
    const app = await build('intake', true);
    expect((await app.inject('/asyncapi.json')).statusCode).toBe(401);
    const token = mintToken({ sub: 'c-1', role: 'coordinator', dept: 'wcw:district' }, { privateKey: keys.privateKey });
    expect(
      (await app.inject({ url: '/asyncapi.json', headers: { authorization: `Bearer ${token}` } })).statusCode,
    ).toBe(200);
  });
});
