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

/**
 * Settings of the platform under bench: load from one address and one account is exactly what
 * the gateway's per-address and per-user limits refuse, so they are raised out of reach. The
 * limiter still counts every request, so its cost is part of what is measured.
 */
export const BENCH_RATE_LIMITS = {
  RATE_LIMIT_PER_IP_PER_MINUTE: '1000000000',
  RATE_LIMIT_PER_USER_PER_MINUTE: '1000000000',
} as const;

export interface Scenario {
  name: string;
  prepare(origin: string): Promise<BenchRequest>;
}

/** Signs in a demo account (the platform under bench is seeded) and returns its bearer header. */
async function bearer(origin: string, username: string, password: string): Promise<Record<string, string>> {
  const response = await fetch(`${origin}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`bench: login as ${username} failed with ${response.status}`);
  const { access_token: token } = (await response.json()) as { access_token: string };
  return { authorization: `Bearer ${token}` };
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'GET /api/v1/health (gateway → 5 services)',
    prepare: async () => ({ path: '/api/v1/health' }),
  },
  {
    name: 'GET /api/v1/auth/me (JWT verified at the gateway)',
    prepare: async (origin) => ({
      path: '/api/v1/auth/me',
      headers: await bearer(origin, 'learner@example.com', 'learner-password'),
    }),
  },
  {
    name: 'GET /api/v1/courses (catalog, warm cache)',
    prepare: async () => ({ path: '/api/v1/courses' }),
  },
  {
    name: 'GET /api/v1/courses?q=typescript (search, warm cache)',
    prepare: async () => ({ path: '/api/v1/courses?q=typescript' }),
  },
  {
    name: 'GET /courses (catalog page, Astro SSR through the gateway)',
    prepare: async () => ({ path: '/courses', headers: { accept: 'text/html' } }),
  },
  {
    name: 'POST /api/v1/progress/lessons/{id} (mark complete, through the gateway)',
    prepare: async (origin) => {
      const headers = await bearer(origin, 'learner@example.com', 'learner-password');
      const catalog = (await (await fetch(`${origin}/api/v1/courses`)).json()) as {
        items: Array<{ id: string }>;
      };
      const course = catalog.items[0];
      if (!course) throw new Error('bench: the catalog is empty');
      await fetch(`${origin}/api/v1/payments/courses/${course.id}`, { method: 'POST', headers });
      const lessons = (await (await fetch(`${origin}/api/v1/courses/${course.id}/lessons`)).json()) as {
        items: Array<{ id: string }>;
      };
      const path = `/api/v1/progress/lessons/${lessons.items[0]?.id ?? ''}`;
      // The progress service learns of the purchase through events; wait until it accepts the learner.
      for (let attempt = 0; attempt < 100; attempt++) {
        const response = await fetch(`${origin}${path}`, { method: 'POST', headers });
        if (response.ok) break;
        await Bun.sleep(100);
      }
      return { method: 'POST', path, headers };
    },
  },
];
