import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dlqOf, knownTypes, topicOf, TOPICS, type EventType } from '@linkage/contracts';
import { startIntake, type IntakeHarness } from './harness.ts';

let h: IntakeHarness;
beforeAll(async () => {
  h = await startIntake('asyncapi');
});
afterAll(() => h?.stop());

describe('intake serves its event catalogue', () => {
  it('GET /asyncapi.json: intake.events and its dead letters, every intake event type', async () => {
    // Load shedding (@fastify/under-pressure) may answer 503 while the busy test machine's event loop
    // is slow just after start-up: ask again, for at most 20 s.
    let res = await h.app.inject('/asyncapi.json');
    for (const until = Date.now() + 20_000; res.statusCode === 503 && Date.now() < until;) {
      await new Promise((r) => setTimeout(r, 250));
      res = await h.app.inject('/asyncapi.json');
    }
    expect(res.statusCode, res.body).toBe(200);
    const doc = res.json() as { asyncapi: string; channels: Record<string, { messages: Record<string, unknown> }> };
    expect(doc.asyncapi).toBe('3.0.0');
    expect(Object.keys(doc.channels).sort()).toEqual([TOPICS.intake, dlqOf(TOPICS.intake)].sort());
    const intakeTypes = knownTypes().filter((t) => topicOf(t as EventType) === TOPICS.intake);
    expect(Object.keys(doc.channels[TOPICS.intake]!.messages).sort()).toEqual(intakeTypes.sort());
  });
});
