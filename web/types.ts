// The API's JSON, as the pages read it: the server's declarations, and who is signed in.

export type {
  FeedRow,
  HistoryVersion,
  MatchGroup,
  MatchSource,
  Preview,
  PreviewStory,
  Problem,
  RulePart,
  SnippetPart,
  WatchlistRow,
} from '../shared/console/console-views';

export interface Me {
  name: string;
  groups: string[];
  canEdit: boolean;
}
