import { canonicalUrl, isTrackingParam } from '../../../shared/stories/canonical-url';
import { storyId } from '../../../shared/stories/story-id';

describe('canonicalUrl', () => {
  it('lower-cases the host, drops the default port, the fragment and tracking parameters', () => {
    expect(
      canonicalUrl('https://NEWS.Example.org:443/World/Story?utm_source=rss&id=42&fbclid=X&UTM_Medium=m#top'),
    ).toBe('https://news.example.org/World/Story?id=42');
    expect(
      canonicalUrl('https://example.org/a?gclid=1&mc_cid=2&mc_eid=3&at_medium=RSS&xtor=RSS-1&CMP=share'),
    ).toBe('https://example.org/a');
  });

  it('keeps other parameters in their order, and the path as written', () => {
    expect(canonicalUrl('http://example.org/a/?b=2&a=1&ref=home')).toBe(
      'http://example.org/a/?b=2&a=1&ref=home',
    );
  });

  it('resolves relative links against a base', () => {
    expect(canonicalUrl('../b?utm_campaign=x', 'https://example.org/news/a/')).toBe(
      'https://example.org/news/b',
    );
    expect(canonicalUrl('//cdn.example.org/x', 'https://example.org/')).toBe('https://cdn.example.org/x');
  });

  it('returns "" for what is not an http(s) URL', () => {
    expect(canonicalUrl('javascript:alert(1)')).toBe('');
    expect(canonicalUrl('mailto:desk@example.org')).toBe('');
    expect(canonicalUrl('/relative/without/base')).toBe('');
    expect(canonicalUrl('  ')).toBe('');
    expect(canonicalUrl(undefined)).toBe('');
  });

  it('drops credentials and a trailing dot in the host', () => {
    expect(canonicalUrl('https://user:secret@example.org./a')).toBe('https://example.org/a');
  });

  it('knows tracking parameter families', () => {
    expect(
      ['utm_content', 'fbclid', 'gclid', 'ns_mchannel', 'pk_campaign', 'WT.mc_id'].every(isTrackingParam),
    ).toBe(true);
    expect(['id', 'page', 'q', 'article'].some(isTrackingParam)).toBe(false);
  });
});

describe('storyId', () => {
  it('prefers the GUID, then the link, then title and summary, scoped to the feed', () => {
    const a = storyId('f1', { guid: 'g', link: 'https://x.org/1', title: 't' });
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(storyId('f1', { guid: ' g ', link: 'https://x.org/other' })).toBe(a);
    expect(storyId('f1', { link: 'https://x.org/1', title: 'one' })).toBe(
      storyId('f1', { link: 'https://x.org/1', title: 'two' }),
    );
    expect(storyId('f1', { title: 'one', summary: 's' })).not.toBe(
      storyId('f1', { title: 'two', summary: 's' }),
    );
    expect(storyId('f2', { guid: 'g' })).not.toBe(a);
  });
});
