import type { DynamoDBStreamEvent } from 'aws-lambda';
import { matchRecordsFromStream } from '../store/stream-matches';
import type { StoryMatch } from '../watchlists/story-match';
import type { FeedPollResult } from './poll-feed';

/**
 * A newly stored match with the worker that claims its alert: what the new-matches source
 * hands the notify stage. A retried source must give the same owner for the same match, so
 * it can take over its own claim at once.
 */
export interface NewMatch {
  match: StoryMatch;
  owner: string;
}

/** The source in AWS: the table stream's new match items, owned by their stream records. */
export function newMatchesFromStream(event: DynamoDBStreamEvent): NewMatch[] {
  return matchRecordsFromStream(event).map((r) => ({ match: r.match, owner: `stream:${r.eventId}` }));
}

/**
 * The source of the local run: the matches the poll stage stored now, in feed order. One
 * owner for the data folder, as only one process can open it.
 */
export function newMatchesFromPoll(results: readonly FeedPollResult[], owner: string): NewMatch[] {
  return results.flatMap((r) => r.newMatches.map((match) => ({ match, owner })));
}
