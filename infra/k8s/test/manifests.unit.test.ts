// The Kubernetes manifests: generated parts up to date, both overlays render with kustomize, every
// Kubernetes object validates (strict) against the Kubernetes 1.31 schemas, the Strimzi objects
// carry what their CRDs require, the topics are those of @linkage/contracts, and the deployables
// have probes, resources, matching selectors and resolvable secrets.
import { execFile as execFileCb, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { asyncApiDocument, DEFAULT_PARTITIONS, topicDefinitions } from '@linkage/contracts';
import { generatedFiles, GENERATED_DIR } from '../src/generate.ts';
import { CONSOLE, DEPLOYABLES, SERVICES } from '../src/manifests.ts';
import { strimziProblems } from './strimzi.ts';

const K8S = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = join(K8S, '../..');
const KUBERNETES_VERSION = '1.31.0';

type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
  data?: Record<string, string>;
};

const execFile = promisify(execFileCb);

let tools: { KUSTOMIZE: string; KUBERNETES_VALIDATE: string };
const rendered: Record<'local' | 'production', { yaml: string; objects: Obj[] }> = {} as never;

beforeAll(async () => {
  // Fetches kustomize and kubernetes-validate once (minutes on a new machine), then seconds. Not execFileSync: a
  // worker whose event loop is blocked that long misses vitest's own calls ("Timeout calling onTaskUpdate", an
  // unhandled error that failed a clean-clone CI run with every test passed).
  const fetched = execFile('bash', [join(K8S, 'tools.sh')], {
    encoding: 'utf8',
    timeout: 20 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  fetched.child.stdin?.end();
  fetched.child.stderr?.pipe(process.stderr);
  const out = (await fetched).stdout;
  tools = Object.fromEntries(
    out
      .trim()
      .split(/\s+/)
      .map((kv) => kv.split('=') as [string, string]),
  ) as typeof tools;
  for (const overlay of ['local', 'production'] as const) {
    const { stdout: yaml } = await execFile(tools.KUSTOMIZE, ['build', join(K8S, 'overlays', overlay)], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    rendered[overlay] = { yaml, objects: parseAllDocuments(yaml).map((d) => d.toJS() as Obj) };
  }
}, 25 * 60_000);

/** Run kubernetes-validate on YAML; returns what passed, what failed and which kinds had no schema. */
function kubeValidate(yaml: string) {
  const dir = mkdtempSync(join(tmpdir(), 'linkage-k8s-'));
  const file = join(dir, 'all.yaml');
  writeFileSync(file, yaml);
  const p = spawnSync(tools.KUBERNETES_VALIDATE, ['--strict', '-k', KUBERNETES_VERSION, file], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const lines = `${p.stdout}\n${p.stderr}`.split('\n').filter(Boolean);
  return {
    status: p.status,
    passed: lines
      .filter((l) => l.startsWith('INFO') && l.includes(' passed for resource '))
      .map((l) => l.split(' passed for resource ')[1]!.split(' ')[0]!),
    errors: lines.filter((l) => l.startsWith('ERROR')),
    noSchema: lines
      .filter((l) => l.includes("Couldn't find schema for kind"))
      .map((l) => / kind (\S+) with api version (\S+)/.exec(l)!.slice(1).join(' ')),
    other: lines.filter(
      (l) => !l.startsWith('INFO') && !l.startsWith('ERROR') && !l.includes("Couldn't find schema for kind"),
    ),
  };
}

const of = (overlay: 'local' | 'production', kind: string) => rendered[overlay].objects.filter((o) => o.kind === kind);
const one = (overlay: 'local' | 'production', kind: string, name: string) => {
  const found = of(overlay, kind).filter((o) => o.metadata.name === name);
  expect(found, `${overlay}: one ${kind} ${name}`).toHaveLength(1);
  return found[0]!;
};
const isStrimzi = (o: Obj) => o.apiVersion.startsWith('kafka.strimzi.io/');

describe('infra/k8s', () => {
  it('base/generated/ is what src/manifests.ts makes from the code (npm run generate -w @linkage/k8s)', () => {
    for (const [name, text] of Object.entries(generatedFiles())) {
      const file = join(GENERATED_DIR, name);
      expect(
        existsSync(file) && readFileSync(file, 'utf8') === text,
        `base/generated/${name} is stale: run npm run generate -w @linkage/k8s`,
      ).toBe(true);
    }
  });

  for (const overlay of ['local', 'production'] as const) {
    describe(`overlay ${overlay}`, () => {
      it(`every Kubernetes object validates strictly against the Kubernetes ${KUBERNETES_VERSION} schemas`, () => {
        const { objects, yaml } = rendered[overlay];
        const core = objects.filter((o) => !isStrimzi(o));
        const r = kubeValidate(yaml);
        expect(r.errors).toEqual([]);
        expect(r.other).toEqual([]);
        expect(r.status).toBe(0);
        expect(r.passed.sort()).toEqual(core.map((o) => `${o.kind.toLowerCase()}/${o.metadata.name}`).sort());
        // only the Strimzi custom resources lack a bundled schema; they are checked below
        expect([...new Set(r.noSchema)].sort()).toEqual(
          [...new Set(objects.filter(isStrimzi).map((o) => `${o.kind} ${o.apiVersion}`))].sort(),
        );
      }, 180_000);

      it('Strimzi Kafka, node pools and topics carry what the CRDs require, and the brokers address matches', () => {
        const { objects } = rendered[overlay];
        expect(strimziProblems(objects)).toEqual([]);
        const kafka = of(overlay, 'Kafka')[0]!;
        const plain = (kafka.spec.kafka.listeners as { name: string; port: number; tls: boolean }[]).find(
          (l) => !l.tls,
        )!;
        const config = one(overlay, 'ConfigMap', 'linkage-config').data!;
        expect(config.KAFKA_BROKERS).toBe(`${kafka.metadata.name}-kafka-bootstrap:${plain.port}`);
      });

      it('one KafkaTopic per topic and dead-letter topic of @linkage/contracts, with its partitions', () => {
        const topics = of(overlay, 'KafkaTopic').map((t) => ({
          topic: t.spec.topicName as string,
          numPartitions: t.spec.partitions as number,
          name: t.metadata.name,
        }));
        expect(
          topics
            .map(({ topic, numPartitions }) => ({ topic, numPartitions }))
            .sort((a, b) => a.topic.localeCompare(b.topic)),
        ).toEqual(topicDefinitions().sort((a, b) => a.topic.localeCompare(b.topic)));
        for (const t of topics) expect(t.name).toBe(t.topic);
        expect(new Set(topics.map((t) => t.numPartitions))).toEqual(new Set([DEFAULT_PARTITIONS]));
      });

      it('every deployable: Deployment with /readyz and /healthz probes, resources, an HPA, a PDB and a Service that select its pods', () => {
        const images = new Set<string>();
        for (const d of DEPLOYABLES) {
          const dep = one(overlay, 'Deployment', d.name);
          expect(dep.spec.replicas, 'the HPA owns the replica count').toBeUndefined();
          const pod = dep.spec.template;
          expect(dep.spec.selector.matchLabels).toEqual(
            Object.fromEntries(Object.entries(pod.metadata.labels).filter(([k]) => k in dep.spec.selector.matchLabels)),
          );
          const [c] = pod.spec.containers;
          images.add(c.image);
          expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
          expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
          expect(c.ports).toEqual([{ name: 'http', containerPort: d.port }]);
          expect(c.env).toContainEqual({ name: 'PORT', value: String(d.port) });
          expect(c.resources.requests.cpu).toBeDefined();
          expect(c.resources.requests.memory).toBeDefined();
          expect(c.resources.limits.memory).toBeDefined();
          expect(existsSync(join(ROOT, c.command[1])), `${d.name}: entry ${c.command[1]}`).toBe(true);

          const hpa = one(overlay, 'HorizontalPodAutoscaler', d.name);
          expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: d.name });
          expect(hpa.spec.maxReplicas).toBeGreaterThanOrEqual(hpa.spec.minReplicas);
          const pdb = one(overlay, 'PodDisruptionBudget', d.name);
          const svc = one(overlay, 'Service', d.name);
          for (const sel of [pdb.spec.selector.matchLabels, svc.spec.selector]) {
            for (const [k, v] of Object.entries(sel as Record<string, string>))
              expect(pod.metadata.labels[k], `${d.name} selector ${k}`).toBe(v);
          }
          expect(svc.spec.ports[0].port).toBe(d.port);
          if (overlay === 'production') {
            expect(hpa.spec.minReplicas, 'production: at least two pods').toBeGreaterThanOrEqual(2);
            expect(pdb.spec.maxUnavailable).toBeLessThan(hpa.spec.minReplicas);
          }
        }
        expect(images.size, 'one image for every deployable').toBe(1);
      });

      it('every service has a migration Job running its own src/db/migrate.ts with its own database', () => {
        const jobs = of(overlay, 'Job');
        expect(jobs.map((j) => j.metadata.name).sort()).toEqual(SERVICES.map((s) => `${s.name}-migrate`).sort());
        for (const s of SERVICES) {
          const job = one(overlay, 'Job', `${s.name}-migrate`);
          const [c] = job.spec.template.spec.containers;
          expect(c.command).toEqual(['node_modules/.bin/tsx', `services/${s.name}/src/db/migrate.ts`]);
          expect(existsSync(join(ROOT, c.command[1]))).toBe(true);
          const dep = one(overlay, 'Deployment', s.name).spec.template.spec.containers[0];
          expect(c.image).toBe(dep.image);
          const dbOf = (env: { name: string; valueFrom?: unknown }[]) =>
            env.find((e) => e.name === 'DATABASE_URL')?.valueFrom;
          expect(dbOf(c.env)).toEqual(dbOf(dep.env));
          expect(dbOf(c.env)).toEqual({ secretKeyRef: { name: expect.stringMatching(/^linkage-db/), key: s.name } });
        }
        const config = one(overlay, 'ConfigMap', 'linkage-config').data!;
        expect(config.MIGRATE_ON_START, 'services do not migrate on start: the Jobs do').toBe('false');
        expect(config.NODE_ENV).toBe('production');
      });

      it('every secret a pod needs exists (local) or is listed in infra/k8s/README.md (production)', () => {
        const refs = new Map<string, Set<string>>();
        for (const o of [...of(overlay, 'Deployment'), ...of(overlay, 'Job')]) {
          for (const c of o.spec.template.spec.containers) {
            for (const e of (c.env ?? []) as {
              valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
            }[]) {
              const r = e.valueFrom?.secretKeyRef;
              if (r && !r.optional) refs.set(r.name, (refs.get(r.name) ?? new Set()).add(r.key));
            }
          }
        }
        expect(refs.size).toBeGreaterThan(0);
        const secrets = of(overlay, 'Secret');
        if (overlay === 'local') {
          for (const [name, keys] of refs) {
            const s = secrets.find((x) => x.metadata.name === name);
            expect(s, `secret ${name}`).toBeDefined();
            for (const k of keys) expect(Object.keys(s!.data ?? {}), `${name}/${k}`).toContain(k);
          }
          const keys = secrets.find((x) => x.metadata.name.startsWith('linkage-keys'))!.data!;
          for (const k of ['FIELD_ENCRYPTION_KEY', 'BLIND_INDEX_KEY'])
            expect(Buffer.from(Buffer.from(keys[k]!, 'base64').toString(), 'base64')).toHaveLength(32);
        } else {
          expect(secrets, 'no secret values in the production overlay').toEqual([]);
          const readme = readFileSync(join(K8S, 'README.md'), 'utf8');
          for (const [name, keys] of refs) {
            const row = readme
              .split('\n')
              .map((l) => l.trim())
              .find((l) => l.startsWith(`| \`${name}\` |`));
            expect(row, `README lists secret ${name}`).toBeDefined();
            for (const k of keys) expect(row, `README lists ${name}/${k}`).toContain(`\`${k}\``);
          }
        }
      });

      it('every service gets the key-rotation settings (optional keys of linkage-keys) and the README names them', () => {
        const rotation = [
          'FIELD_ENCRYPTION_KEY_ID',
          'FIELD_ENCRYPTION_OLD_KEYS',
          'BLIND_INDEX_KEY_ID',
          'BLIND_INDEX_OLD_KEYS',
        ];
        for (const d of SERVICES) {
          const [c] = one(overlay, 'Deployment', d.name).spec.template.spec.containers;
          for (const k of rotation) {
            const env = (c.env as { name: string; valueFrom?: { secretKeyRef?: Record<string, unknown> } }[]).find(
              (e) => e.name === k,
            );
            // the local overlay's generated secret carries a content hash: linkage-keys-<hash>
            expect(env?.valueFrom?.secretKeyRef, `${d.name} ${k}`).toMatchObject({ key: k, optional: true });
            expect(String(env!.valueFrom!.secretKeyRef!.name)).toMatch(/^linkage-keys(-[a-z0-9]+)?$/);
          }
        }
        const readme = readFileSync(join(K8S, 'README.md'), 'utf8');
        for (const k of rotation) expect(readme).toContain(`\`${k}\``);
      });
    });
  }

  it('production: three controllers and three brokers, three replicas per partition, two in sync', () => {
    const pools = of('production', 'KafkaNodePool');
    const count = (role: string) =>
      pools.filter((p) => p.spec.roles.includes(role)).reduce((n, p) => n + (p.spec.replicas as number), 0);
    expect(count('controller')).toBe(3);
    expect(count('broker')).toBe(3);
    const kafka = of('production', 'Kafka')[0]!.spec.kafka.config;
    expect(kafka['default.replication.factor']).toBe(3);
    expect(kafka['min.insync.replicas']).toBe(2);
    for (const t of of('production', 'KafkaTopic')) {
      expect(t.spec.replicas).toBe(3);
      expect(t.spec.config['min.insync.replicas']).toBe(2);
    }
  });

  it("the console proxies to every service's in-cluster address", () => {
    const env = one('production', 'Deployment', CONSOLE.name).spec.template.spec.containers[0].env as {
      name: string;
      value?: string;
    }[];
    for (const s of SERVICES)
      expect(env).toContainEqual({
        name: `${s.name.toUpperCase().replace('-', '_')}_URL`,
        value: `http://${s.name}:${s.port}`,
      });
  });

  it("the event catalogue's production server is this Kafka's bootstrap address", () => {
    const kafka = of('production', 'Kafka')[0]!;
    const ns = kafka.metadata.namespace;
    const doc = asyncApiDocument() as { servers: { production: { host: string } } };
    expect(doc.servers.production.host).toBe(`${kafka.metadata.name}-kafka-bootstrap.${ns}.svc:9092`);
  });

  it('the checks can fail: the validator rejects an unknown field, the Strimzi check a topic without partitions', () => {
    const dep = rendered.local.objects.find((o) => o.kind === 'Deployment')!;
    const broken = structuredClone(dep);
    broken.spec.template.spec.containers[0].readinessProbe.httpGett = { path: '/readyz' };
    const r = kubeValidate(JSON.stringify(broken));
    expect(r.status).not.toBe(0);
    expect(r.errors.join('\n')).toContain("'httpGett' was unexpected");
    const topic = structuredClone(of('local', 'KafkaTopic')[0]!);
    delete topic.spec.partitions;
    topic.metadata.labels = {};
    expect(strimziProblems([of('local', 'Kafka')[0]!, ...of('local', 'KafkaNodePool'), topic])).toEqual([
      `KafkaTopic ${topic.metadata.name}: spec.partitions must be an integer ≥ 1`,
      `KafkaTopic ${topic.metadata.name}: label strimzi.io/cluster must name the Kafka (linkage)`,
    ]);
  }, 180_000);
});
