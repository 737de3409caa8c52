import { describe, expect, it } from '@jest/globals';
import { kafkaTopics } from './topics.js';

describe('kafkaTopics', () => {
  const t = kafkaTopics('learning-account');

  it('names the four topics of contract section 5', () => {
    expect([t.commandsOf('UGENT'), t.commandResults, t.events, t.commandsDlq]).toEqual([
      'learning-account.commands.UGENT',
      'learning-account.command-results',
      'learning-account.events',
      'learning-account.commands.dlq',
    ]);
  });

  it('matches institution command topics only, never the DLQ or another prefix', () => {
    expect(t.institutionOf('learning-account.commands.UGENT')).toBe('UGENT');
    expect(t.institutionOf('learning-account.commands.KU-LEUVEN2')).toBe('KU-LEUVEN2');
    for (const other of [
      'learning-account.commands.dlq',
      'learning-account.command-results',
      'learning-account.events',
      'learning-account.commands.ugent',
      'learning-account.commands.U',
      'learning-accountXcommands.UGENT',
      'other.commands.UGENT',
      'learning-account.commands.UGENT.extra',
    ]) {
      expect(t.institutionOf(other)).toBeNull();
      expect(t.commandsPattern.test(other)).toBe(false);
    }
  });

  it('escapes the prefix', () => {
    const p = kafkaTopics('a.b+c');
    expect(p.institutionOf('a.b+c.commands.VUB')).toBe('VUB');
    expect(p.institutionOf('aXb+c.commands.VUB')).toBeNull();
  });
});
