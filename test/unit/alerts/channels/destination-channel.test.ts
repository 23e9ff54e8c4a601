import { destinationChannel } from '../../../../shared/alerts/channels/destination-channel';
import { SlackChannel } from '../../../../shared/alerts/channels/slack';
import { TeamsChannel } from '../../../../shared/alerts/channels/teams';
import { WebhookChannel } from '../../../../shared/alerts/channels/webhook';

describe('destinationChannel', () => {
  test('one channel of the destination kind, named <kind>:<id>', () => {
    const url = 'https://hooks.example.com/x';
    const slack = destinationChannel({ kind: 'slack', id: 'ops', url });
    const teams = destinationChannel({ kind: 'teams', id: 'ops', url });
    const webhook = destinationChannel({ kind: 'webhook', id: 'siem', url, secret: 's' });
    expect(slack).toBeInstanceOf(SlackChannel);
    expect(teams).toBeInstanceOf(TeamsChannel);
    expect(webhook).toBeInstanceOf(WebhookChannel);
    expect([slack.name, teams.name, webhook.name]).toEqual(['slack:ops', 'teams:ops', 'webhook:siem']);
  });

  test('a webhook destination needs its signing secret', () => {
    expect(() => destinationChannel({ kind: 'webhook', id: 'siem', url: 'https://x.example/' })).toThrow(
      'webhook destination siem has no signing secret',
    );
  });
});
