import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The gateway's Prometheus metrics, in one registry per app instance. */
export interface Metrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'route' | 'method' | 'status'>;
  readonly httpDuration: Histogram<'route' | 'method'>;
  readonly upstreamDuration: Histogram<'stream'>;
  readonly timeToFirstToken: Histogram<'model'>;
  readonly upstreamErrors: Counter<'code'>;
  readonly openStreams: Gauge;
  readonly chatLogWrites: Counter<'result'>;
}

const SECONDS_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function createMetrics(): Metrics {
  const registry = new Registry();
  return {
    registry,
    httpRequests: new Counter({
      name: 'portcullis_http_requests_total',
      help: 'HTTP requests by route, method and status.',
      labelNames: ['route', 'method', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'portcullis_http_request_duration_seconds',
      help: 'Time from request to the end of the response, in seconds.',
      labelNames: ['route', 'method'],
      buckets: SECONDS_BUCKETS,
      registers: [registry],
    }),
    upstreamDuration: new Histogram({
      name: 'portcullis_upstream_duration_seconds',
      help: 'Duration of upstream chat calls, in seconds.',
      labelNames: ['stream'],
      buckets: SECONDS_BUCKETS,
      registers: [registry],
    }),
    timeToFirstToken: new Histogram({
      name: 'portcullis_time_to_first_token_seconds',
      help: 'Time from request to the first streamed content, in seconds.',
      labelNames: ['model'],
      buckets: SECONDS_BUCKETS,
      registers: [registry],
    }),
    upstreamErrors: new Counter({
      name: 'portcullis_upstream_errors_total',
      help: 'Failed upstream calls by error code.',
      labelNames: ['code'],
      registers: [registry],
    }),
    openStreams: new Gauge({
      name: 'portcullis_open_streams',
      help: 'Streamed responses currently open.',
      registers: [registry],
    }),
    chatLogWrites: new Counter({
      name: 'portcullis_chat_log_writes_total',
      help: 'Chat log rows written, by result.',
      labelNames: ['result'],
      registers: [registry],
    }),
  };
}
