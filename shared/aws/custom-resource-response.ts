import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { describeError } from '../errors';

/** What a custom resource handler returns on success. */
export interface CustomResourceResult {
  /** Attributes readable with Fn::GetAtt; CloudFormation accepts at most 4 KB. */
  data?: Record<string, string | number>;
}

/** Options of {@link answerCustomResource}. */
export interface AnswerOptions {
  /**
   * The resource's physical id; a fixed one means an update never replaces (and so never
   * deletes) the resource.
   */
  physicalResourceId: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/**
 * Runs `work` for a CloudFormation custom resource event and always answers CloudFormation
 * (a PUT of the result to the event's pre-signed ResponseURL): without an answer a deploy
 * would hang until the resource's timeout. A failure answers FAILED with its one-line reason,
 * which the deploy prints, and rolls the deployment back.
 */
export async function answerCustomResource(
  event: CloudFormationCustomResourceEvent,
  options: AnswerOptions,
  work: () => Promise<CustomResourceResult>,
): Promise<void> {
  let body: Record<string, unknown>;
  const common = {
    PhysicalResourceId: options.physicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  };
  try {
    const result = await work();
    body = { ...common, Status: 'SUCCESS', Data: result.data ?? {} };
  } catch (err) {
    // The reason must stay short: CloudFormation truncates the whole answer at 4 KB.
    body = { ...common, Status: 'FAILED', Reason: describeError(err).slice(0, 1000) };
  }
  const text = JSON.stringify(body);
  // The URL is signed for a PUT without a content type; setting one would break the signature.
  const response = await (options.fetch ?? fetch)(event.ResponseURL, {
    method: 'PUT',
    body: text,
    headers: { 'content-type': '', 'content-length': String(Buffer.byteLength(text)) },
  });
  if (!response.ok) throw new Error(`CloudFormation did not take the answer: HTTP ${response.status}`);
}
