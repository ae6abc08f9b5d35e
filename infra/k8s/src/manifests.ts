// The Kubernetes objects that follow from the code: one Deployment, Service, HPA, PDB (and, for a
// service with a database, a migration Job) per deployable, and one Strimzi KafkaTopic per topic of
// @linkage/contracts. `npm run generate -w @linkage/k8s` writes them to base/generated/; the unit
// test fails when the committed files differ from what this module makes.
import { DEFAULT_PARTITIONS, TOPIC_OWNERS, topicDefinitions, type TopicName } from '@linkage/contracts';

export interface Deployable {
  name: string;
  port: number;
  /** The service's entry point, run with tsx from the image's /app. */
  entry: string;
  /** The migration entry point (services with a database of their own). */
  migrate?: string;
  /** Key of the service's database URL in the `linkage-db` Secret. */
  databaseKey?: string;
}

export const SERVICES: Deployable[] = [
  {
    name: 'intake',
    port: 4101,
    entry: 'services/intake/src/server.ts',
    migrate: 'services/intake/src/db/migrate.ts',
    databaseKey: 'intake',
  },
  {
    name: 'dv-referral',
    port: 4102,
    entry: 'services/dv-referral/src/server.ts',
    migrate: 'services/dv-referral/src/db/migrate.ts',
    databaseKey: 'dv-referral',
  },
  {
    name: 'legal-aid',
    port: 4103,
    entry: 'services/legal-aid/src/server.ts',
    migrate: 'services/legal-aid/src/db/migrate.ts',
    databaseKey: 'legal-aid',
  },
  {
    name: 'elder-care',
    port: 4104,
    entry: 'services/elder-care/src/server.ts',
    migrate: 'services/elder-care/src/db/migrate.ts',
    databaseKey: 'elder-care',
  },
  {
    name: 'case-timeline',
    port: 4105,
    entry: 'services/case-timeline/src/server.ts',
    migrate: 'services/case-timeline/src/db/migrate.ts',
    databaseKey: 'case-timeline',
  },
];
export const CONSOLE: Deployable = { name: 'console', port: 4100, entry: 'services/console/src/server/main.ts' };
export const DEPLOYABLES: Deployable[] = [...SERVICES, CONSOLE];

/** The image every deployable runs (infra/docker/service.Dockerfile); overlays pin registry and tag. */
export const IMAGE = 'linkage/service:latest';
export const KAFKA_CLUSTER = 'linkage';

type Obj = Record<string, unknown>;

const labels = (name: string, component: string) => ({
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/part-of': 'linkage',
  'app.kubernetes.io/component': component,
});
const selector = (name: string) => ({
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/component': name === 'console' ? 'web' : 'api',
});

const secretEnv = (name: string, secret: string, key: string, optional = false) => ({
  name,
  valueFrom: { secretKeyRef: { name: secret, key, ...(optional ? { optional: true } : {}) } },
});

/** What every service process needs besides its port: shared settings, its database, the keys. */
function serviceEnv(d: Deployable): Obj[] {
  return [
    { name: 'PORT', value: String(d.port) },
    // V8's young generation up to 64 MB a semi-space (default 16): fewer scavenges of the short-lived objects every
    // request and event makes; intake's CPU per case fell ~8% (npm run bench). It is a ceiling, grown on demand.
    { name: 'NODE_OPTIONS', value: '--max-semi-space-size=64' },
    secretEnv('DATABASE_URL', 'linkage-db', d.databaseKey!),
    secretEnv('FIELD_ENCRYPTION_KEY', 'linkage-keys', 'FIELD_ENCRYPTION_KEY'),
    secretEnv('BLIND_INDEX_KEY', 'linkage-keys', 'BLIND_INDEX_KEY'),
    // Key rotation (optional until a key rotates): the current key's id and the retired keys, kid:base64,….
    ...['FIELD_ENCRYPTION_KEY_ID', 'FIELD_ENCRYPTION_OLD_KEYS', 'BLIND_INDEX_KEY_ID', 'BLIND_INDEX_OLD_KEYS'].map((k) =>
      secretEnv(k, 'linkage-keys', k, true),
    ),
    // Verification key: a PEM here, or the identity provider's JWKS URL in linkage-config.
    secretEnv('JWT_PUBLIC_KEY', 'linkage-jwt', 'JWT_PUBLIC_KEY', true),
  ];
}

function consoleEnv(d: Deployable): Obj[] {
  return [
    { name: 'PORT', value: String(d.port) },
    ...SERVICES.map((s) => ({
      name: `${s.name.toUpperCase().replace('-', '_')}_URL`,
      value: `http://${s.name}:${s.port}`,
    })),
    secretEnv('SESSION_KEY', 'linkage-console', 'SESSION_KEY'),
    secretEnv('OIDC_CLIENT_SECRET', 'linkage-console', 'OIDC_CLIENT_SECRET', true),
  ];
}

const tmp = { name: 'tmp', emptyDir: {} };
const securityContext = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};
const podSecurity = {
  runAsNonRoot: true,
  runAsUser: 1000,
  runAsGroup: 1000,
  fsGroup: 1000,
  seccompProfile: { type: 'RuntimeDefault' },
};

function container(d: Deployable, isConsole: boolean): Obj {
  return {
    name: d.name,
    image: IMAGE,
    command: ['node_modules/.bin/tsx', d.entry],
    ports: [{ name: 'http', containerPort: d.port }],
    envFrom: [
      { configMapRef: { name: 'linkage-config' } },
      ...(isConsole ? [{ configMapRef: { name: 'linkage-console-config' } }] : []),
    ],
    env: isConsole ? consoleEnv(d) : serviceEnv(d),
    // Ready when its database and Kafka answer; alive while the process serves; time to start first.
    startupProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 2, failureThreshold: 60 },
    readinessProbe: {
      httpGet: { path: '/readyz', port: 'http' },
      periodSeconds: 5,
      timeoutSeconds: 3,
      failureThreshold: 3,
    },
    livenessProbe: {
      httpGet: { path: '/healthz', port: 'http' },
      periodSeconds: 10,
      timeoutSeconds: 3,
      failureThreshold: 6,
    },
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
    // Leave the load balancer's endpoints before the process stops taking requests.
    lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
    securityContext,
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
}

/** The objects of one deployable, in apply order. */
export function deployableObjects(d: Deployable): Obj[] {
  const isConsole = d.name === CONSOLE.name;
  const component = isConsole ? 'web' : 'api';
  const objects: Obj[] = [];
  objects.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: d.name, labels: labels(d.name, component) },
    spec: { selector: selector(d.name), ports: [{ name: 'http', port: d.port, targetPort: 'http' }] },
  });
  objects.push({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: d.name, labels: labels(d.name, component) },
    spec: {
      // No `replicas`: the HorizontalPodAutoscaler owns the count.
      revisionHistoryLimit: 5,
      selector: { matchLabels: selector(d.name) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: labels(d.name, component) },
        spec: {
          terminationGracePeriodSeconds: 30,
          securityContext: podSecurity,
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: selector(d.name) },
            },
          ],
          containers: [container(d, isConsole)],
          volumes: [tmp],
        },
      },
    },
  });
  objects.push({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: d.name, labels: labels(d.name, component) },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: d.name },
      minReplicas: 1,
      maxReplicas: 3,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      ],
      behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
    },
  });
  objects.push({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: d.name, labels: labels(d.name, component) },
    spec: { maxUnavailable: 1, selector: { matchLabels: selector(d.name) } },
  });
  if (d.migrate) {
    objects.push({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: `${d.name}-migrate`, labels: labels(d.name, 'migrate') },
      spec: {
        backoffLimit: 6,
        // Gone 10 minutes after it succeeds, so the next release can apply it again (Jobs are immutable).
        ttlSecondsAfterFinished: 600,
        template: {
          metadata: { labels: labels(d.name, 'migrate') },
          spec: {
            restartPolicy: 'OnFailure',
            securityContext: podSecurity,
            containers: [
              {
                name: 'migrate',
                image: IMAGE,
                command: ['node_modules/.bin/tsx', d.migrate],
                envFrom: [{ configMapRef: { name: 'linkage-config' } }],
                env: serviceEnv(d),
                resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } },
                securityContext,
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            volumes: [tmp],
          },
        },
      },
    });
  }
  return objects;
}

/**
 * One KafkaTopic per topic and dead-letter topic of @linkage/contracts. Retention is unlimited:
 * the topics are the record case-timeline rebuilds its projection from, and dead letters wait for
 * an operator. Replicas come from the overlay (1 locally, 3 in production).
 */
export function topicObjects(): Obj[] {
  return topicDefinitions().map((t) => {
    const dlq = t.topic.endsWith('.dlq');
    const base = (dlq ? t.topic.slice(0, -4) : t.topic) as TopicName;
    return {
      apiVersion: 'kafka.strimzi.io/v1beta2',
      kind: 'KafkaTopic',
      metadata: {
        name: t.topic,
        labels: {
          'strimzi.io/cluster': KAFKA_CLUSTER,
          'app.kubernetes.io/part-of': 'linkage',
          'linkage/owner': TOPIC_OWNERS[base],
          'linkage/kind': dlq ? 'dead-letter' : 'events',
        },
      },
      spec: {
        topicName: t.topic,
        partitions: t.numPartitions,
        replicas: 1,
        config: { 'retention.ms': -1, 'cleanup.policy': 'delete', 'min.insync.replicas': 1 },
      },
    };
  });
}

export { DEFAULT_PARTITIONS };
