import { everyone, type RouteCase } from './types.ts';

/** Health, metrics and the OpenAPI document. */
export const coreCases: RouteCase[] = [
  { route: 'GET /api/health', expect: everyone(200) },
  // Without METRICS_TOKEN, /metrics answers loopback clients, which every test client is.
  { route: 'GET /metrics', expect: everyone(200) },
  { route: 'GET /api/openapi.json', expect: everyone(200) },
];
