import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { matchToItem, storyToItem } from '../../../shared/store/item-mappers';
import { matchesFromStream, matchRecordsFromStream } from '../../../shared/store/stream-matches';
import { seedMatch, seedStory } from '../../support/story-fixture';

function record(eventName: DynamoDBRecord['eventName'], item: Record<string, unknown>): DynamoDBRecord {
  return { eventName, dynamodb: { NewImage: marshall(item, { removeUndefinedValues: true }) as never } };
}

describe('matchesFromStream', () => {
  it('reads inserted match items back into the matches that were stored', () => {
    const match = seedMatch();
    const event: DynamoDBStreamEvent = { Records: [record('INSERT', matchToItem(match))] };
    expect(matchesFromStream(event)).toEqual([match]);
  });

  it('ignores stories, modified items and removals, so only new matches are alerted', () => {
    const match = seedMatch();
    const event: DynamoDBStreamEvent = {
      Records: [
        record('INSERT', storyToItem(seedStory(), 1_800_000_000)),
        record('MODIFY', matchToItem(match)),
        record('REMOVE', matchToItem(match)),
      ],
    };
    expect(matchesFromStream(event)).toEqual([]);
  });
});

describe('matchRecordsFromStream', () => {
  it('gives each match its stream event id (the claim owner of a retried batch) and keeps what richer matchers add', () => {
    const match = { ...seedMatch(), priority: 'high', score: 0.9, snippet: '*Putin* meets *Witkoff*' };
    const event: DynamoDBStreamEvent = {
      Records: [{ ...record('INSERT', matchToItem(match)), eventID: 'ev-1' }],
    };
    expect(matchRecordsFromStream(event)).toEqual([{ match, eventId: 'ev-1' }]);
  });

  it('stores every new match as pending in the sparse index, so a crash cannot lose its alert', () => {
    expect(matchToItem(seedMatch())).toMatchObject({ gsi2pk: 'PENDING', gsi2sk: '2025-12-01T18:10:00.000Z' });
  });
});
