import { SNSClient } from '@aws-sdk/client-sns';
import { ConfigError } from '../../errors';
import type { Alert } from '../alert';
import type { Channel } from '../channel';
import type { DeliverySettings } from '../delivery-settings';
import { destinationChannel, type DestinationConfig } from './destination-channel';
import { SnsAlertPublisher } from '../sns-publisher';
import { outboxChannel } from './outbox-channel';
import { SnsChannel } from './sns-channel';

/** What a channel may be built from. */
export interface ChannelSetup {
  /** Environment variables (the stack sets them on notify and digest; the local run passes its own). */
  env: Record<string, string | undefined>;
  settings: DeliverySettings;
  /** Wraps each AWS SDK client (Powertools Tracer). @default none */
  capture?: <T>(client: T) => T;
  /** The stored Slack, Teams and webhook destinations (read from the table). @default none */
  destinations?: readonly DestinationConfig[];
  /** Called for a stored destination that cannot be opened (it is left out, the others send). */
  onBadDestination?: (id: string, problem: string) => void;
  /** Set by the local run only: the outbox that stands in for SNS. */
  local?: {
    outboxFile: string;
    /** Announces each message written (the terminal). */
    print?: (alert: Alert, recipients: string[]) => void;
    /** The local subscribers a message would reach. */
    recipients?: (alert: Alert) => string[];
  };
}

/**
 * One channel kind: its name and how to build its channels from the setup; none when it is
 * off. A kind may open several channels (one per destination), each named apart in the ledger.
 */
export interface ChannelEntry {
  name: string;
  open(setup: ChannelSetup): Channel[];
}

/**
 * Every channel kind, in the order they send. To add a channel: its file beside these
 * (implementing `Channel`), one line here, and its settings and infra wiring.
 */
export const CHANNELS: readonly ChannelEntry[] = [
  { name: 'sns', open: openSnsChannel },
  { name: 'outbox', open: openOutboxChannel },
  { name: 'destinations', open: openDestinationChannels },
];

/** The channels that are on for this setup. */
export function openChannels(setup: ChannelSetup, entries: readonly ChannelEntry[] = CHANNELS): Channel[] {
  return entries.flatMap((entry) => entry.open(setup));
}

/** SNS is on in AWS (never in the local run, where the outbox stands in); `TOPIC_ARN` is required there. */
function openSnsChannel(setup: ChannelSetup): Channel[] {
  if (setup.local) return [];
  const topicArn = setup.env.TOPIC_ARN?.trim();
  if (!topicArn) throw new ConfigError('TOPIC_ARN is not set (the stack binds it to the alert topic)');
  const capture = setup.capture ?? ((client) => client);
  // maxAttempts 1: the publisher retries, entry by entry, with backoff. SDK retries on top of it
  // would resend a whole batch whose answer was lost after SNS accepted it (3 copies per attempt).
  return [
    new SnsChannel(new SnsAlertPublisher(capture(new SNSClient({ maxAttempts: 1 })), topicArn), {
      smsSegments: setup.settings.smsSegments,
    }),
  ];
}

function openOutboxChannel(setup: ChannelSetup): Channel[] {
  if (!setup.local) return [];
  const { outboxFile, print, recipients } = setup.local;
  return [outboxChannel(outboxFile, { print, recipients, smsSegments: setup.settings.smsSegments })];
}

/** One channel per stored destination; one that cannot be opened is reported and left out. */
function openDestinationChannels(setup: ChannelSetup): Channel[] {
  return (setup.destinations ?? []).flatMap((destination) => {
    try {
      return [destinationChannel(destination)];
    } catch (err) {
      setup.onBadDestination?.(destination.id, (err as Error).message);
      return [];
    }
  });
}
