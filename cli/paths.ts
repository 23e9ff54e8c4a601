import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';

/** config/ of the current folder when it has one, else the project's own config/. */
export const DEFAULT_CONFIG_DIR = existsSync('config/feeds.yaml')
  ? 'config'
  : relative(process.cwd(), join(__dirname, '..', 'config')) || 'config';
