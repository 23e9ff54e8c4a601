import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { matchToItem, storyToItem } from '../../../shared/store/item-mappers';
import { matchesFromStream } from '../../../shared/store/stream-matches';
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
