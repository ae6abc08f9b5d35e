// The README's "How to add" checklists, checked: every topic in the contracts has an owning service,
// and that service has a database, a port, a compose entry, Kubernetes manifests and migrations; the
// timeline projects every topic and describes every event type in Chinese; every indicator has a
// definition the timeline computes. A new topic, service or event type that misses a step fails here.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isKnownType, knownTypes, topicOf, TOPICS, TOPIC_OWNERS, type TopicName } from '@linkage/contracts';

const eventTypes = () => knownTypes().filter(isKnownType);

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

/** services.sh's bash arrays, read as data: `SERVICES=(a b)` and `declare -A NAME=([a]=1 …)`. */
function servicesSh() {
  const src = read('infra/services.sh');
  const list = /^SERVICES=\(([^)]*)\)/m.exec(src)?.[1]?.trim().split(/\s+/) ?? [];
  const assoc = (name: string) =>
    Object.fromEntries(
      [
        ...(new RegExp(`^declare -A ${name}=\\(([^)]*)\\)`, 'm').exec(src)?.[1] ?? '').matchAll(/\[([^\]]+)\]=(\S+)/g),
      ].map((m) => [m[1]!, m[2]!]),
    );
  return { list, ports: assoc('SERVICE_PORT'), dbs: assoc('SERVICE_DB') };
}

describe('how to add a topic or a service: every step is done', () => {
  const sh = servicesSh();
  const topics = Object.values(TOPICS) as TopicName[];

  it('reads the lists it checks (the check can fail)', () => {
    expect(sh.list.length).toBeGreaterThanOrEqual(5);
    expect(topics.length).toBeGreaterThanOrEqual(5);
    expect(eventTypes().length).toBeGreaterThan(50);
  });

  for (const topic of topics) {
    const owner = TOPIC_OWNERS[topic];
    it(`${topic}: owned by ${owner}, which has a package, port, database, compose entry, k8s manifests, migrations`, () => {
      expect(existsSync(join(ROOT, 'services', owner, 'package.json')), `services/${owner}/package.json`).toBe(true);
      expect(sh.list, 'infra/services.sh SERVICES').toContain(owner);
      expect(sh.ports[owner], 'infra/services.sh SERVICE_PORT').toMatch(/^\d+$/);
      const db = sh.dbs[owner];
      expect(db, 'infra/services.sh SERVICE_DB').toBe(`linkage_${owner.replaceAll('-', '_')}`);
      expect(read('infra/docker/init-databases.sql'), 'init-databases.sql').toContain(`CREATE DATABASE ${db};`);
      expect(read('docker-compose.yml'), 'docker-compose.yml service').toMatch(new RegExp(`^  ${owner}:$`, 'm'));
      expect(existsSync(join(ROOT, 'infra/k8s/base/generated', `${owner}.yaml`)), 'infra/k8s generated manifest').toBe(
        true,
      );
      expect(read('infra/k8s/base/generated/topics.yaml'), 'KafkaTopic').toContain(`topicName: ${topic}`);
      const pkg = JSON.parse(read(`services/${owner}/package.json`));
      expect(pkg.scripts?.['db:migrate'], 'a db:migrate script').toBeTruthy();
      expect(existsSync(join(ROOT, 'services', owner, 'drizzle')), 'drizzle migrations folder').toBe(true);
    });
  }

  it('every service in services.sh owns a topic (or is listed here as a pure consumer)', () => {
    const owners = new Set(Object.values(TOPIC_OWNERS));
    expect(sh.list.filter((s) => !owners.has(s))).toEqual([]);
  });

  it('the timeline projects every topic and describes every event type in Chinese', async () => {
    const { PROJECTED_TOPICS } = await import('../../../services/case-timeline/src/consumers.ts');
    expect([...PROJECTED_TOPICS].sort()).toEqual([...topics].sort());
    const { describedTypes } = await import('../../../services/case-timeline/src/domain/timeline/describe.ts');
    const described = new Set(describedTypes());
    const missing = eventTypes().filter((t) => !described.has(t));
    expect(missing, 'event types without a zh description in case-timeline describe.ts').toEqual([]);
    for (const t of eventTypes()) expect(topics).toContain(topicOf(t));
  });

  it('every indicator counts known event types and existing clock rules', async () => {
    const { INDICATORS } = await import('../../../services/case-timeline/src/domain/indicators/definitions.ts');
    const { CLOCK_RULES } = await import('../../../services/case-timeline/src/domain/clocks/rules.ts');
    const ruleIds = new Set(CLOCK_RULES.map((r: { id: string }) => r.id));
    const problems: string[] = [];
    const check = (id: string, m: Record<string, unknown>) => {
      for (const t of (m.types as string[] | undefined) ?? []) if (!isKnownType(t)) problems.push(`${id}: type ${t}`);
      if (typeof m.ruleId === 'string' && !ruleIds.has(m.ruleId)) problems.push(`${id}: rule ${m.ruleId}`);
      for (const part of ['num', 'den']) if (m[part]) check(id, m[part] as Record<string, unknown>);
    };
    for (const ind of INDICATORS) check(ind.id, ind.measure as Record<string, unknown>);
    expect(INDICATORS.length).toBeGreaterThan(5);
    expect(problems).toEqual([]);
  });
});
