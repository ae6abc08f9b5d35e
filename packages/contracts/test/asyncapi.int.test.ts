// Runs in the serial int tier, not beside every other package's unit tests: the AsyncAPI parser blocks the
// worker for tens of seconds on a loaded 2-core machine, long enough for vitest's worker RPC to time out.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Parser } from '@asyncapi/parser';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import {
  DEFAULT_PARTITIONS,
  TOPICS,
  dlqOf,
  knownTypes,
  topicOf,
  type EventType,
  type TopicName,
} from '../src/index.ts';
import { TOPIC_EVENTS } from '../src/registry.ts';
import {
  asyncApiDocument,
  asyncApiForService,
  asyncApiHtml,
  plainSchema,
  TOPIC_OWNERS,
  topicOfService,
} from '../src/asyncapi.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const parser = new Parser();
/** Severity 0 = error, 1 = warning (2 info, 3 hint are advice, e.g. "AsyncAPI 3.1 exists"). */
async function parse(doc: unknown) {
  const { document, diagnostics } = await parser.parse(JSON.stringify(doc));
  const problems = diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.code} ${d.path.join('/')}: ${d.message}`);
  return { document, problems };
}

const ALL_TOPICS = Object.values(TOPICS) as TopicName[];
let full: ReturnType<typeof parse> | undefined;
/** The whole document, parsed once for the tests that read it. */
const parsedFull = () => (full ??= parse(asyncApiDocument()));

describe('AsyncAPI event catalogue', () => {
  it('the whole document validates with the official AsyncAPI parser, no errors or warnings', async () => {
    const { document, problems } = await parsedFull();
    expect(problems).toEqual([]);
    expect(document).toBeDefined();
    expect(document!.version()).toBe('3.0.0');
  }, 60_000);

  it('the parser does report a broken document (the check can fail)', async () => {
    const doc = asyncApiDocument({ topics: [TOPICS.oversight] }) as {
      operations: Record<string, { channel: { $ref: string } }>;
    };
    Object.values(doc.operations)[0]!.channel = { $ref: '#/channels/no-such-topic' };
    const { problems } = await parse(doc);
    expect(problems.length).toBeGreaterThan(0);
  }, 60_000);

  it('has every topic and its .dlq, with the partitions infra creates, and every event type on its topic', async () => {
    const { document } = await parsedFull();
    const channels = new Map(
      document!
        .channels()
        .all()
        .map((c) => [c.address(), c]),
    );
    expect([...channels.keys()].sort()).toEqual(ALL_TOPICS.flatMap((t) => [t, dlqOf(t)]).sort());
    for (const topic of ALL_TOPICS) {
      for (const name of [topic, dlqOf(topic)]) {
        const kafka = channels.get(name)!.bindings().get('kafka')!.value() as { topic: string; partitions: number };
        expect(kafka).toMatchObject({ topic: name, partitions: DEFAULT_PARTITIONS });
      }
      const onChannel = channels
        .get(topic)!
        .messages()
        .all()
        .map((m) => m.id());
      const registered = knownTypes().filter((t) => topicOf(t as EventType) === topic);
      expect(onChannel.sort()).toEqual(registered.sort());
      expect(
        channels
          .get(dlqOf(topic))!
          .messages()
          .all()
          .map((m) => m.id()),
      ).toEqual(['deadLetter']);
    }
    // every registered type is described exactly once
    const described = document!
      .components()
      .messages()
      .all()
      .map((m) => m.id())
      .filter((id) => id !== 'deadLetter');
    expect(described.sort()).toEqual(knownTypes().sort());
  }, 60_000);

  it('each message: payload = the registry schema (envelope + data), key = case id, CloudEvents content type', () => {
    const doc = asyncApiDocument() as {
      components: {
        messages: Record<
          string,
          {
            payload: unknown;
            contentType: string;
            bindings: { kafka: { key: { format: string } } };
            headers: { properties: Record<string, { const?: string }> };
          }
        >;
      };
    };
    for (const [topic, schemas] of Object.entries(TOPIC_EVENTS)) {
      for (const s of schemas) {
        const type = (s.properties as { type: { const: string } }).type.const;
        const m = doc.components.messages[type]!;
        expect(m.payload, type).toEqual(plainSchema(s));
        expect(m.contentType).toBe('application/cloudevents+json; charset=UTF-8');
        expect(m.bindings.kafka.key.format).toBe('uuid');
        expect(m.headers.properties['ce-type']!.const).toBe(type);
        expect(topicOf(type as EventType)).toBe(topic);
        const envelope = m.payload as { required: string[]; properties: Record<string, unknown> };
        for (const f of [
          'specversion',
          'id',
          'source',
          'type',
          'subject',
          'time',
          'datacontenttype',
          'correlationid',
          'actor',
          'data',
        ])
          expect(envelope.required, `${type} ${f}`).toContain(f);
      }
    }
  });

  it('payload schemas are plain JSON Schema: a real event validates against the JSON copy (Ajv)', () => {
    const schema = (asyncApiDocument() as { components: { messages: Record<string, { payload: object }> } }).components
      .messages['oversight.sla.breached.v1']!.payload;
    const id = '0190f0f0-0000-7000-8000-000000000001';
    const event = {
      specversion: '1.0',
      id,
      source: '/services/case-timeline',
      type: 'oversight.sla.breached.v1',
      subject: id,
      time: '2026-11-28T10:00:00.000Z',
      datacontenttype: 'application/json',
      correlationid: id,
      actor: 'system@svc:case-timeline',
      data: {
        clockId: id,
        ruleId: 'legal_aid_decision',
        subjectKey: 'app-1',
        caseId: id,
        dept: 'legal_aid:beilun',
        street: 'xinqi',
        severity: 'high',
        startedAt: '2026-11-20T00:00:00.000Z',
        deadline: '2026-11-27T16:00:00.000Z',
        breachedAt: '2026-11-27T16:00:00.000Z',
      },
    };
    const ajv = new Ajv({ strict: true, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(event), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...event, data: { ...event.data, severity: 'urgent' } })).toBe(false);
    expect(validate({ ...event, data: { ...event.data, caseId: 'not-a-uuid' } })).toBe(false);
  });

  it('a service document holds only its own topic; every topic has an owner whose events name it as source', async () => {
    for (const topic of ALL_TOPICS) {
      const service = TOPIC_OWNERS[topic];
      expect(topicOfService(service)).toBe(topic);
      const doc = asyncApiForService(service) as { channels: Record<string, unknown>; info: { title: string } };
      expect(Object.keys(doc.channels).sort()).toEqual([topic, dlqOf(topic)].sort());
      const { problems } = await parse(doc);
      expect(problems, service).toEqual([]);
    }
    expect(asyncApiForService('console')).toBeUndefined();
  }, 60_000);

  it('docs/events/ holds the generated catalogue (npm run events:catalogue regenerates it)', () => {
    const dir = fileURLToPath(new URL('../../../docs/events/', import.meta.url));
    const doc = asyncApiDocument();
    const committed = JSON.parse(readFileSync(`${dir}asyncapi.json`, 'utf8')) as unknown;
    expect(committed, 'docs/events/asyncapi.json is stale: run `npm run events:catalogue`').toEqual(doc);
    const html = readFileSync(`${dir}index.html`, 'utf8');
    expect(html === asyncApiHtml(doc), 'docs/events/index.html is stale: run `npm run events:catalogue`').toBe(true);
    for (const type of knownTypes()) expect(html).toContain(`id="${type}"`);
  });
});
