import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The folder of the project's fixture feeds. */
export const FIXTURE_FEEDS = join(__dirname, '..', 'fixtures', 'feeds');

/** The bytes of a fixture feed (test/fixtures/feeds/<name>). */
export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURE_FEEDS, name));
}
