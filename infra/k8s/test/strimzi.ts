// What the Strimzi CRDs (kafka.strimzi.io/v1beta2: Kafka, KafkaNodePool, KafkaTopic) require of
// the fields these manifests use, checked by hand: no package the test can fetch offline bundles
// the CRDs' openAPIV3Schema. Rules from the CRDs' schemas and Strimzi's documented constraints
// (KRaft with node pools; listener names, ports and types; pool roles and storage; topic fields).

type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
};

const LISTENER_TYPES = ['internal', 'route', 'loadbalancer', 'nodeport', 'ingress', 'cluster-ip'];
const ROLES = ['controller', 'broker'];
const STORAGE = ['ephemeral', 'persistent-claim', 'jbod'];
const isInt = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER) =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function strimziProblems(objects: Obj[]): string[] {
  const out: string[] = [];
  const strimzi = objects.filter((o) => o.apiVersion.startsWith('kafka.strimzi.io/'));
  for (const o of strimzi)
    if (o.apiVersion !== 'kafka.strimzi.io/v1beta2')
      out.push(`${o.kind} ${o.metadata.name}: apiVersion must be kafka.strimzi.io/v1beta2`);
  const clusters = strimzi.filter((o) => o.kind === 'Kafka');
  if (clusters.length !== 1) out.push(`exactly one Kafka expected, found ${clusters.length}`);
  const kafka = clusters[0];
  const name = kafka?.metadata.name;

  if (kafka) {
    const p = (m: string) => out.push(`Kafka ${name}: ${m}`);
    const a = kafka.metadata.annotations ?? {};
    if (a['strimzi.io/kraft'] !== 'enabled') p('annotation strimzi.io/kraft must be enabled (KRaft)');
    if (a['strimzi.io/node-pools'] !== 'enabled') p('annotation strimzi.io/node-pools must be enabled');
    const k = kafka.spec?.kafka;
    if (!k) p('spec.kafka is required');
    const listeners = (k?.listeners ?? []) as { name?: unknown; port?: unknown; type?: unknown; tls?: unknown }[];
    if (!Array.isArray(k?.listeners) || listeners.length === 0) p('spec.kafka.listeners is required (at least one)');
    const names = new Set<unknown>();
    for (const l of listeners) {
      if (typeof l.name !== 'string' || !/^[a-z0-9]{1,11}$/.test(l.name))
        p(`listener name ${String(l.name)} must match ^[a-z0-9]{1,11}$`);
      if (!isInt(l.port, 9092) || l.port === 9404 || l.port === 9999)
        p(`listener ${String(l.name)}: port must be an integer ≥ 9092 (not 9404, 9999)`);
      if (!LISTENER_TYPES.includes(l.type as string))
        p(`listener ${String(l.name)}: type must be one of ${LISTENER_TYPES.join(', ')}`);
      if (typeof l.tls !== 'boolean') p(`listener ${String(l.name)}: tls (boolean) is required`);
      if (names.has(l.name)) p(`listener name ${String(l.name)} is not unique`);
      names.add(l.name);
    }
    if (k?.version !== undefined && !/^\d+\.\d+\.\d+$/.test(String(k.version)))
      p('spec.kafka.version must look like 3.9.0');
    if (k?.config && typeof k.config !== 'object') p('spec.kafka.config must be an object');
    if (!kafka.spec?.entityOperator?.topicOperator)
      p('spec.entityOperator.topicOperator is required for the KafkaTopic objects to be reconciled');
    if (kafka.spec?.zookeeper) p('spec.zookeeper must not be set in KRaft mode');
  }

  const pools = strimzi.filter((o) => o.kind === 'KafkaNodePool');
  let controllers = 0;
  let brokers = 0;
  for (const pool of pools) {
    const p = (m: string) => out.push(`KafkaNodePool ${pool.metadata.name}: ${m}`);
    if (pool.metadata.labels?.['strimzi.io/cluster'] !== name)
      p(`label strimzi.io/cluster must name the Kafka (${String(name)})`);
    const s = pool.spec ?? {};
    if (!isInt(s.replicas, 0)) p('spec.replicas must be an integer ≥ 0');
    if (!Array.isArray(s.roles) || s.roles.length === 0 || s.roles.some((r: unknown) => !ROLES.includes(r as string)))
      p(`spec.roles must be a non-empty subset of ${ROLES.join(', ')}`);
    if (!s.storage || !STORAGE.includes(s.storage.type)) p(`spec.storage.type must be one of ${STORAGE.join(', ')}`);
    if (s.storage?.type === 'jbod') {
      const vols = s.storage.volumes as { id?: unknown; type?: unknown; size?: unknown }[] | undefined;
      if (!Array.isArray(vols) || vols.length === 0) p('jbod storage needs volumes');
      for (const v of vols ?? []) {
        if (!isInt(v.id, 0)) p('every jbod volume needs an integer id');
        if (!['ephemeral', 'persistent-claim'].includes(v.type as string))
          p('a jbod volume type is ephemeral or persistent-claim');
        if (v.type === 'persistent-claim' && !/^\d+(Mi|Gi|Ti)$/.test(String(v.size)))
          p('a persistent-claim volume needs a size like 10Gi');
      }
    }
    if (s.storage?.type === 'persistent-claim' && !/^\d+(Mi|Gi|Ti)$/.test(String(s.storage.size)))
      p('persistent-claim storage needs a size like 10Gi');
    if (Array.isArray(s.roles) && s.roles.includes('controller')) controllers += Number(s.replicas) || 0;
    if (Array.isArray(s.roles) && s.roles.includes('broker')) brokers += Number(s.replicas) || 0;
  }
  if (kafka) {
    if (controllers < 1) out.push(`Kafka ${name}: no node pool has the controller role`);
    if (brokers < 1) out.push(`Kafka ${name}: no node pool has the broker role`);
    if (controllers % 2 === 0 && controllers > 0)
      out.push(`Kafka ${name}: an even number of controllers (${controllers}) gives no extra fault tolerance`);
  }

  const maxReplicas = brokers;
  for (const t of strimzi.filter((o) => o.kind === 'KafkaTopic')) {
    const p = (m: string) => out.push(`KafkaTopic ${t.metadata.name}: ${m}`);
    const s = t.spec ?? {};
    if (!isInt(s.partitions, 1)) p('spec.partitions must be an integer ≥ 1');
    if (!isInt(s.replicas, 1, 32767)) p('spec.replicas must be an integer in 1..32767');
    else if (maxReplicas > 0 && s.replicas > maxReplicas)
      p(`spec.replicas ${s.replicas} exceeds the ${maxReplicas} broker(s)`);
    if (s.config !== undefined && (typeof s.config !== 'object' || Array.isArray(s.config)))
      p('spec.config must be an object');
    if (s.config?.['min.insync.replicas'] !== undefined && s.config['min.insync.replicas'] > s.replicas)
      p('min.insync.replicas exceeds replicas');
    if (s.topicName !== undefined && typeof s.topicName !== 'string') p('spec.topicName must be a string');
    if (!DNS_SUBDOMAIN.test(t.metadata.name) || t.metadata.name.length > 253)
      p('metadata.name must be a DNS subdomain');
    if (t.metadata.labels?.['strimzi.io/cluster'] !== name)
      p(`label strimzi.io/cluster must name the Kafka (${String(name)})`);
  }
  return out;
}
