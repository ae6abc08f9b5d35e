/** Every topic the platform uses, from this one definition (infra creates them, services name them). */
export const TOPICS = {
  intake: 'intake.events',
  dv: 'dv.events',
  legalAid: 'legal-aid.events',
  elderCare: 'elder-care.events',
  oversight: 'oversight.events',
} as const;
export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

export const DEFAULT_PARTITIONS = 3;
export const dlqOf = (topic: string): string => `${topic}.dlq`;

/** All topics with their dead-letter twins, as infra creates them. */
export function topicDefinitions(prefix = ''): { topic: string; numPartitions: number }[] {
  return Object.values(TOPICS).flatMap((t) => [
    { topic: prefix + t, numPartitions: DEFAULT_PARTITIONS },
    { topic: prefix + dlqOf(t), numPartitions: DEFAULT_PARTITIONS },
  ]);
}
