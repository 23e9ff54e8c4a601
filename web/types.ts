// The API's JSON, as the pages read it (the server's types live in shared/console).

export interface SnippetPart {
  text: string;
  hit: boolean;
}
export interface RulePart {
  rule: string;
  holds: boolean;
  depth: number;
}
export interface MatchSource {
  storyId: string;
  feedId: string;
  title: string;
  link: string;
  lang?: string;
  publishedAt: string;
}
export interface MatchGroup {
  clusterId: string;
  watchlistId: string;
  watchlistName: string;
  headline: string;
  link: string;
  source: string;
  lang?: string;
  publishedAt: string;
  matchedAt: string;
  updatedAt: string;
  priority: string;
  priorityReasons: string[];
  actors: string[];
  terms: string[];
  snippet: SnippetPart[];
  ruleParts: RulePart[];
  sources: MatchSource[];
}
export interface WatchlistRow {
  id: string;
  name: string;
  version: number;
  enabled: boolean;
  updatedAt: string;
  updatedBy: string;
  action: string;
  actors: { id: string; name: string }[];
}
export interface Problem {
  text: string;
  line: number;
  column?: number;
}
export interface PreviewStory {
  storyId: string;
  feedId: string;
  title: string;
  link: string;
  fetchedAt: string;
  actors: string[];
  terms: string[];
  priority: string;
  snippet: SnippetPart[];
}
export interface Preview {
  watchlistId: string;
  since: string;
  stories: number;
  runningVersion: number | null;
  added: PreviewStory[];
  addedTotal: number;
  dropped: PreviewStory[];
  droppedTotal: number;
  still: number;
  tookMs: number;
}
export interface HistoryVersion {
  version: number;
  when: string;
  who: string;
  action: string;
  changes: string[];
  diff: { op: ' ' | '-' | '+'; text: string }[];
}
export interface FeedRow {
  id: string;
  url: string;
  name: string;
  lang?: string;
  version: number;
  status: string;
  lastCheckedAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  errorCount: number;
  nextCheckAt: string | null;
  intervalMinutes: number | null;
  storiesSeen: number;
}
export interface Me {
  name: string;
  groups: string[];
  canEdit: boolean;
}
