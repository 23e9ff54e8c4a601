import { renderAmazonQNotification } from '../../../../shared/alerts/channels/amazon-q';
import { oversizedChannelAlert, seedChannelAlert } from '../../../support/channel-alerts';

describe('renderAmazonQNotification', () => {
  test('the custom-notification shape: version 1.0, source custom, title and description', () => {
    const alert = seedChannelAlert({ clusterId: 'c-9' });
    const n = renderAmazonQNotification(alert);
    expect(n).toMatchObject({
      version: '1.0',
      source: 'custom',
      id: alert.id,
      content: { textType: 'client-markdown', title: `:rotating_light: HIGH: ${alert.story.title}` },
      metadata: { threadId: 'c-9', eventType: 'alert.created' },
    });
    expect(n.content.description).toContain('Russian President Vladimir *Putin* will meet');
    expect(n.content.description).toContain(alert.story.link);
  });

  test('long input stays bounded', () => {
    const alert = oversizedChannelAlert();
    const n = renderAmazonQNotification(alert);
    expect(n.content.title.length).toBeLessThanOrEqual(250);
    expect(n.content.description.length).toBeLessThanOrEqual(400 + 400 + 1500 + alert.story.link.length + 3);
    expect(n.content.keywords.length).toBeLessThanOrEqual(10);
  });
});
