import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { StoreError } from '../../shared/errors';
import { startLocalStore, type LocalStore } from '../../shared/store/local-store';
import { isConditionFailure, Table } from '../../shared/store/table';

let store: LocalStore;
let table: Table;

beforeEach(async () => {
  store = await startLocalStore(mkdtempSync(join(tmpdir(), 'newsalert-table-')));
  table = new Table(store.client, store.tableName);
});
afterEach(() => store.close());

describe('the table layer (dynalite)', () => {
  it('puts an item once, answers false to a failed condition, and reads it back', async () => {
    expect(await table.putIfAbsent('put a', { pk: 'A', sk: '1', n: 1 })).toBe(true);
    expect(await table.putIfAbsent('put a again', { pk: 'A', sk: '1', n: 2 })).toBe(false);
    const bump = (below: number) =>
      table.conditional('bump a', () =>
        table.doc.send(
          new UpdateCommand({
            TableName: store.tableName,
            Key: { pk: 'A', sk: '1' },
            UpdateExpression: 'SET n = n + :one',
            ConditionExpression: 'n < :max',
            ExpressionAttributeValues: { ':one': 1, ':max': below },
          }),
        ),
      );
    expect(await bump(2)).toBe(true);
    expect(await bump(2)).toBe(false);
    expect(await table.get('read a', { pk: 'A', sk: '1' })).toEqual({ pk: 'A', sk: '1', n: 2 });
  });

  it('pages through a query, and stops at a limit', async () => {
    const items = Array.from({ length: 60 }, (_, i) => ({
      pk: 'P',
      sk: String(i).padStart(3, '0'),
      pad: 'x'.repeat(20_000),
    }));
    await table.batchWrite('write 60', items);
    const query = {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'P' },
      ProjectionExpression: 'sk',
    };
    // 60 items of 20 KB are more than one 1 MB page.
    expect((await table.queryAll('list P', query)).map((i) => i.sk)).toEqual(items.map((i) => i.sk));
    expect(await table.queryAll('list P', query, 7)).toHaveLength(7);
    const found = await table.batchGet(
      'get 60',
      items.map(({ pk, sk }) => ({ pk, sk })),
      { projection: 'sk' },
    );
    expect(found).toHaveLength(60);
  });

  it('maps a failure to a StoreError naming the table and what was done; a failed condition is recognised', async () => {
    const missing = new Table(store.client, 'no-such-table');
    const err = await missing.get('read feed x', { pk: 'A', sk: '1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toMatch(/^no-such-table: cannot read feed x: /);
    expect(
      isConditionFailure(Object.assign(new Error('x'), { name: 'ConditionalCheckFailedException' })),
    ).toBe(true);
    expect(isConditionFailure(err)).toBe(false);
  });
});
