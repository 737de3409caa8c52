// A producer that is replaced after a failed send: a fresh idempotent producer gets a new
// producer id, so a send that failed half way never leaves a broken sequence behind.
import type { MessageBus, MessageProducer, OutgoingMessage } from './message-bus.port.js';

export class ResilientProducer {
  private current: Promise<MessageProducer> | undefined;

  constructor(
    private readonly bus: MessageBus,
    private readonly idempotent = true,
  ) {}

  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    this.current ??= this.bus.producer({ idempotent: this.idempotent });
    const attempt = this.current;
    try {
      const producer = await attempt;
      await producer.send(messages);
    } catch (err) {
      if (this.current === attempt) this.current = undefined;
      attempt.then((p) => p.disconnect()).catch(() => undefined);
      throw err;
    }
  }

  async close(): Promise<void> {
    const p = this.current;
    this.current = undefined;
    if (p) await p.then((x) => x.disconnect()).catch(() => undefined);
  }
}
