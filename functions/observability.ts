import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { MetricUnit } from '@aws-lambda-powertools/metrics/types';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';
import { describeError } from '../shared/errors';
import type { MetricPoint } from '../shared/pipeline/pipeline-metrics';
import { redactText } from '../shared/redact';

/**
 * Powertools Logger, Metrics (EMF) and Tracer for one function, set up from the environment
 * the stack gives every function (POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE,
 * POWERTOOLS_LOG_LEVEL). Built once per container, at module load.
 */
export class Observability {
  // Every string logged passes through redactText: feed URLs may carry tokens and passwords.
  readonly logger = new Logger({
    jsonReplacerFn: (_key: string, value: unknown) => (typeof value === 'string' ? redactText(value) : value),
  });
  readonly metrics = new Metrics();
  readonly tracer = new Tracer();

  /** Traces an AWS SDK v3 client's calls as subsegments (Powertools Tracer). */
  readonly capture = <T>(client: T): T => this.tracer.captureAWSv3Client(client);

  /** Adds the points to the metrics published when the invocation ends. */
  record(points: readonly MetricPoint[]): void {
    for (const p of points) {
      if (!p.dimensions) {
        this.metrics.addMetric(p.name, p.unit as MetricUnit, p.value);
        continue;
      }
      // A metric with its own dimensions is flushed on its own (the others keep `service` only).
      const single = this.metrics.singleMetric();
      for (const [name, value] of Object.entries(p.dimensions)) single.addDimension(name, value);
      single.addMetric(p.name, p.unit as MetricUnit, p.value);
    }
  }

  /**
   * Wraps a handler: Lambda context in every log line, a traced `## handler` subsegment with
   * cold-start and service annotations, errors logged once (one line) and traced, and the
   * metrics flushed whatever happens. Powertools' middy middlewares do the same; this saves
   * the middy dependency for three short handlers.
   */
  instrument<E, R>(
    handler: (event: E, context: Context) => Promise<R>,
  ): (event: E, context: Context) => Promise<R> {
    return async (event, context) => {
      this.logger.addContext(context);
      const segment = this.tracer.getSegment();
      const subsegment = segment?.addNewSubsegment(`## ${process.env._HANDLER ?? 'handler'}`);
      if (subsegment) this.tracer.setSegment(subsegment);
      this.tracer.annotateColdStart();
      this.tracer.addServiceNameAnnotation();
      try {
        return await handler(event, context);
      } catch (err) {
        this.logger.error(describeError(err), { error: err as Error });
        this.tracer.addErrorAsMetadata(err as Error);
        throw err;
      } finally {
        // Empty metrics are fine (a run with nothing due): no warning, nothing written.
        if (this.metrics.hasStoredMetrics()) this.metrics.publishStoredMetrics();
        subsegment?.close();
        if (segment) this.tracer.setSegment(segment);
        this.logger.resetKeys();
      }
    };
  }
}
