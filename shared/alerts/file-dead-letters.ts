import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DeadLetter, DeadLetterSink } from './dead-letters';

/** The local run's dead letters: appended to a JSON-lines file (`dead-letters.jsonl` in the data folder). */
export class FileDeadLetters implements DeadLetterSink {
  constructor(private readonly file: string) {}

  async put(letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    await mkdir(dirname(this.file), { recursive: true });
    await appendFile(this.file, letters.map((l) => `${JSON.stringify(l)}\n`).join(''));
  }
}
