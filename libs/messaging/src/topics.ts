// Topic names of contract section 5, under a configurable prefix (KAFKA_TOPIC_PREFIX).

export interface KafkaTopics {
  readonly prefix: string;
  /** `<prefix>.commands.<institutionId>`: matches institution command topics, never the DLQ. */
  readonly commandsPattern: RegExp;
  readonly commandResults: string;
  readonly events: string;
  readonly commandsDlq: string;
  commandsOf(institutionId: string): string;
  /** The acting institution fixed by a command topic; null for any other topic. */
  institutionOf(topic: string): string | null;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Same pattern as contract section 1 (`^[A-Z0-9-]{2,32}$`); `dlq` (lower case) never matches. */
const INSTITUTION = '[A-Z0-9-]{2,32}';

export function kafkaTopics(prefix: string): KafkaTopics {
  const commandsPattern = new RegExp(`^${escapeRegExp(prefix)}\\.commands\\.(?!dlq$)(${INSTITUTION})$`);
  return {
    prefix,
    commandsPattern,
    commandResults: `${prefix}.command-results`,
    events: `${prefix}.events`,
    commandsDlq: `${prefix}.commands.dlq`,
    commandsOf: (institutionId) => `${prefix}.commands.${institutionId}`,
    institutionOf: (topic) => commandsPattern.exec(topic)?.[1] ?? null,
  };
}
