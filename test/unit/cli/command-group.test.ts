import { Command } from 'commander';
import { commandGroup } from '../../../cli/command-group';
import { parseSince } from '../../../cli/since';

describe('commandGroup', () => {
  it('whichever file registers first, both sets of subcommands end up on one group', () => {
    for (const order of [
      ['ops', 'other'],
      ['other', 'ops'],
    ]) {
      const program = new Command('newsalert');
      for (const who of order) {
        const group = commandGroup(program, 'watchlists', 'watchlists');
        if (who === 'ops') group.command('apply <path>');
        else group.command('validate <path>');
      }
      expect(program.commands.map((c) => c.name())).toEqual(['watchlists']);
      expect(program.commands[0]!.commands.map((c) => c.name()).sort()).toEqual(['apply', 'validate']);
    }
  });
});

describe('parseSince', () => {
  const now = new Date('2025-12-08T12:00:00.000Z');
  it.each([
    ['7d', '2025-12-01T12:00:00.000Z'],
    ['24h', '2025-12-07T12:00:00.000Z'],
    ['30m', '2025-12-08T11:30:00.000Z'],
    ['2w', '2025-11-24T12:00:00.000Z'],
    ['2025-12-01', '2025-12-01T00:00:00.000Z'],
    ['2025-12-01T08:00:00Z', '2025-12-01T08:00:00.000Z'],
  ])('%s', (value, expected) => {
    expect(parseSince(value, now).toISOString()).toBe(expected);
  });

  it('refuses anything else, naming the value and the forms it takes', () => {
    expect(() => parseSince('a week', now)).toThrow(
      '--since a week: give a duration such as 24h or 7d, or an ISO date such as 2025-12-01',
    );
  });
});
