import { join } from 'node:path';
import { parseSeedConfigJson } from '../../../shared/config/seed-config';
import { readBundledConfig } from '../../../shared/config/bundled-config';
import { loadConfig } from '../../../shared/config/load-config';
import { ConfigError } from '../../../shared/errors';

describe('readBundledConfig', () => {
  test('reads the repo config exactly as the full zod check does', () => {
    const json = JSON.stringify(loadConfig(join(__dirname, '..', '..', '..', 'config')));
    expect(readBundledConfig(json)).toEqual(parseSeedConfigJson(json));
  });

  test.each([
    [undefined, 'NEWSALERT_CONFIG: not set'],
    ['{', 'NEWSALERT_CONFIG: not valid JSON'],
    ['[]', 'NEWSALERT_CONFIG: (root): expected an object with feeds and watchlists'],
    ['{"watchlists":[]}', 'NEWSALERT_CONFIG: feeds: expected an array'],
    ['{"feeds":[]}', 'NEWSALERT_CONFIG: watchlists: expected an array'],
    ['{"feeds":[{"id":"a","url":"https://a"},{"id":"b"}],"watchlists":[]}', 'NEWSALERT_CONFIG: feeds.1: expected an object with string id and url'],
    ['{"feeds":[],"watchlists":[{"id":"w","actors":[]}]}', 'NEWSALERT_CONFIG: watchlists.0: expected an object with an id, actors and keywords'],
  ])('%p fails with one line naming the field', (json, message) => {
    expect(() => readBundledConfig(json)).toThrow(ConfigError);
    expect(() => readBundledConfig(json)).toThrow(message);
  });
});
