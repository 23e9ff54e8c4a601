import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreError } from '../../shared/errors';
import { startLocalStore } from '../../shared/store/local-store';
import { createTableInput } from '../../shared/store/table-definition';

describe('the local store', () => {
  it('refuses a table made before the pending index existed, saying what to do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsalert-old-store-'));
    const first = await startLocalStore(dir, 'other');
    // The skeleton's table: only the by-watchlist index.
    const old = createTableInput('newsalert');
    await first.client.send(
      new CreateTableCommand({ ...old, GlobalSecondaryIndexes: old.GlobalSecondaryIndexes!.slice(0, 1) }),
    );
    // Closed while still CREATING, dynalite would persist it so, and the reopen would wait on it.
    while (
      (await first.client.send(new DescribeTableCommand({ TableName: 'newsalert' }))).Table?.TableStatus !==
      'ACTIVE'
    )
      await sleep(20);
    await first.close();
    const opening = startLocalStore(dir);
    await expect(opening).rejects.toThrow(StoreError);
    await expect(startLocalStore(dir)).rejects.toThrow(
      "newsalert: the table lacks the index gsi2 (made by an older newsalert); delete the local data folder's dynalite/ to recreate it",
    );
  });
});
