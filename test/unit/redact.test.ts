import { isSecretParam, redactText, redactUrl } from '../../shared/redact';

describe('redactUrl', () => {
  it('hides the password, or a user name that stands alone (it may be the token itself)', () => {
    expect(redactUrl('https://reader:hunter2@feeds.example.org/rss')).toBe(
      'https://reader:***@feeds.example.org/rss',
    );
    expect(redactUrl('https://ghp_abc123@feeds.example.org/rss')).toBe('https://***@feeds.example.org/rss');
  });

  it('hides the values of secret-looking query and fragment parameters, keeping the rest as written', () => {
    expect(
      redactUrl(
        'https://api.example.org/feed.xml?lang=en&token=T0K&apiKey=K&api_key=K2&access_token=A&page=2',
      ),
    ).toBe(
      'https://api.example.org/feed.xml?lang=en&token=***&apiKey=***&api_key=***&access_token=***&page=2',
    );
    expect(redactUrl('https://x.example/f?sig=1&signature=2&password=3&secret=4&client_secret=5&key=6')).toBe(
      'https://x.example/f?sig=***&signature=***&password=***&secret=***&client_secret=***&key=***',
    );
    expect(redactUrl('https://b.s3.amazonaws.com/f.xml?X-Amz-Signature=abc&X-Amz-Credential=AKIA%2F1')).toBe(
      'https://b.s3.amazonaws.com/f.xml?X-Amz-Signature=***&X-Amz-Credential=***',
    );
    expect(redactUrl('https://x.example/cb#access_token=abc&state=1')).toBe(
      'https://x.example/cb#access_token=***&state=1',
    );
  });

  it('leaves ordinary URLs and parameters alone', () => {
    for (const url of [
      'https://news.example.org/world/rss.xml?lang=uk&category=politics',
      'https://news.example.org/feed?monkey=1&keyword=peace&id=5#top',
      'not a url',
    ])
      expect(redactUrl(url)).toBe(url);
    expect(isSecretParam('keyword')).toBe(false);
    expect(isSecretParam('monkey')).toBe(false);
    expect(isSecretParam('authToken')).toBe(true);
  });
});

describe('redactText', () => {
  it('redacts every URL in a message, and nothing else', () => {
    expect(
      redactText('https://u:pw@a.example/x?token=1: HTTP 500 (redirected to "https://b.example/y?key=2")'),
    ).toBe('https://u:***@a.example/x?token=***: HTTP 500 (redirected to "https://b.example/y?key=***")');
    expect(redactText('feed world: token expired')).toBe('feed world: token expired');
  });
});
