/** The demo catalog of docs/API.md: published courses by the demo instructor, with fixed ids. */
interface DemoCourse {
  id: string;
  title: string;
  description: string;
  priceCents: number;
  currency: string;
  lessons: Array<{ id: string; title: string; durationSec: number; freePreview: boolean; content: string }>;
}

export const DEMO_COURSES: DemoCourse[] = [
  {
    id: '01930000-0000-7000-8000-0000000c0001',
    title: 'TypeScript from Zero to Production',
    description:
      'Learn TypeScript the way teams use it: strict types, generics, narrowing and modules, then ship a small typed HTTP service with tests.',
    priceCents: 4900,
    currency: 'EUR',
    lessons: [
      {
        id: '01930000-0000-7000-8000-0000000c0101',
        title: 'Why types pay off',
        durationSec: 420,
        freePreview: true,
        content:
          '# Why types pay off\n\nTypes are documentation the compiler checks.\n\n```ts\nfunction total(prices: number[]): number {\n  return prices.reduce((sum, price) => sum + price, 0);\n}\n```\n\n- Catch mistakes before they run\n- Refactor with confidence',
      },
      {
        id: '01930000-0000-7000-8000-0000000c0102',
        title: 'Narrowing and union types',
        durationSec: 780,
        freePreview: false,
        content:
          '# Narrowing\n\nA union says *one of these*; narrowing tells the compiler **which**.\n\n```ts\ntype Result = { ok: true; value: number } | { ok: false; error: string };\nif (result.ok) console.log(result.value);\n```',
      },
      {
        id: '01930000-0000-7000-8000-0000000c0103',
        title: 'Generics without fear',
        durationSec: 900,
        freePreview: false,
        content:
          '# Generics\n\nA generic is a function over types.\n\n```ts\nfunction first<T>(items: T[]): T | undefined {\n  return items[0];\n}\n```',
      },
    ],
  },
  {
    id: '01930000-0000-7000-8000-0000000c0002',
    title: 'PostgreSQL for Application Developers',
    description:
      'Model data with confidence: schemas, indexes, transactions and isolation, full-text search and reading query plans with EXPLAIN.',
    priceCents: 5900,
    currency: 'EUR',
    lessons: [
      {
        id: '01930000-0000-7000-8000-0000000c0201',
        title: 'Tables, keys and constraints',
        durationSec: 600,
        freePreview: true,
        content:
          '# Tables and constraints\n\nLet the database guard your invariants.\n\n```sql\ncreate table accounts (\n  id uuid primary key,\n  balance_cents bigint not null check (balance_cents >= 0)\n);\n```',
      },
      {
        id: '01930000-0000-7000-8000-0000000c0202',
        title: 'Indexes and EXPLAIN',
        durationSec: 840,
        freePreview: false,
        content:
          '# Indexes\n\nRead the plan before adding an index.\n\n```sql\nexplain analyze select * from orders where customer_id = $1;\n```\n\nLook for *Seq Scan* on large tables.',
      },
      {
        id: '01930000-0000-7000-8000-0000000c0203',
        title: 'Transactions and isolation',
        durationSec: 960,
        freePreview: false,
        content:
          '# Transactions\n\n`read committed` is the default; `serializable` removes anomalies at the cost of retries.\n\n> Keep transactions short.',
      },
      {
        id: '01930000-0000-7000-8000-0000000c0204',
        title: 'Full-text search',
        durationSec: 720,
        freePreview: false,
        content:
          "# Full-text search\n\n```sql\nselect title from courses\nwhere search @@ websearch_to_tsquery('english', $1)\norder by ts_rank(search, websearch_to_tsquery('english', $1)) desc;\n```",
      },
    ],
  },
  {
    id: '01930000-0000-7000-8000-0000000c0003',
    title: 'Designing Event-Driven Systems',
    description:
      'Outbox and inbox patterns, idempotent consumers, ordering by key and dead-letter handling: build services that stay consistent when the network does not.',
    priceCents: 7900,
    currency: 'USD',
    lessons: [
      {
        id: '01930000-0000-7000-8000-0000000c0301',
        title: 'Events versus commands',
        durationSec: 540,
        freePreview: true,
        content:
          '# Events versus commands\n\nA **command** asks for something to happen; an **event** says it already did.\n\n- `PublishCourse` is a command\n- `COURSE_PUBLISHED` is an event',
      },
      {
        id: '01930000-0000-7000-8000-0000000c0302',
        title: 'The transactional outbox',
        durationSec: 900,
        freePreview: false,
        content:
          '# The outbox\n\nWrite the state change and the event in **one transaction**; a relay publishes later.\n\n1. Insert the row\n2. Insert the outbox event\n3. Commit',
      },
      {
        id: '01930000-0000-7000-8000-0000000c0303',
        title: 'Idempotent consumers',
        durationSec: 780,
        freePreview: false,
        content:
          '# Idempotent consumers\n\nDelivery is at least once, so record handled event ids with the effect:\n\n```sql\ninsert into inbox (consumer, event_id) values ($1, $2) on conflict do nothing;\n```',
      },
    ],
  },
];
