/**
 * What `npm run bench` measures, in order. Each issue adds its hot paths here.
 * `prepare` runs once against the running platform (e.g. to sign in) and returns the
 * request to repeat.
 */
export interface BenchRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Scenario {
  name: string;
  prepare(origin: string): Promise<BenchRequest>;
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'GET /api/v1/health (gateway → 5 services)',
    prepare: async () => ({ path: '/api/v1/health' }),
  },
];
