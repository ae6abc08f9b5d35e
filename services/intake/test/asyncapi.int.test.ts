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
    const res = await h.app.inject('/asyncapi.json');
    expect(res.statusCode, res.body).toBe(200);
    const doc = res.json() as { asyncapi: string; channels: Record<string, { messages: Record<string, unknown> }> };
    expect(doc.asyncapi).toBe('3.0.0');
    expect(Object.keys(doc.channels).sort()).toEqual([TOPICS.intake, dlqOf(TOPICS.intake)].sort());
    const intakeTypes = knownTypes().filter((t) => topicOf(t as EventType) === TOPICS.intake);
    expect(Object.keys(doc.channels[TOPICS.intake]!.messages).sort()).toEqual(intakeTypes.sort());
  });
});
