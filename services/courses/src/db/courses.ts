import type { Database } from '@edu/platform/db';
import { and, desc, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import type { CatalogCursor } from '../domain/catalog-cursor.ts';
import type { Course } from '../domain/course.ts';
import { prefixQuery } from '../domain/search.ts';
import { type CourseRow, courses } from './schema.ts';

/** The stored row as the API shows it (without the search document). */
export function toCourse(row: CourseRow): Course {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    status: row.status,
    priceCents: row.priceCents,
    currency: row.currency,
    instructorId: row.instructorId,
    lessonCount: row.lessonCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function insertCourse(tx: Database, values: typeof courses.$inferInsert): Promise<CourseRow> {
  const [row] = await tx.insert(courses).values(values).returning();
  if (!row) throw new Error('insert returned no course');
  return row;
}

export async function findCourse(db: Database, id: string): Promise<CourseRow | null> {
  const [row] = await db.select().from(courses).where(eq(courses.id, id)).limit(1);
  return row ?? null;
}

/** Reads a course and locks it until the transaction ends, so lesson changes to one course run one at a time. */
export async function lockCourse(tx: Database, id: string): Promise<CourseRow | null> {
  const [row] = await tx.select().from(courses).where(eq(courses.id, id)).limit(1).for('update');
  return row ?? null;
}

export async function updateCourse(
  tx: Database,
  id: string,
  changes: Partial<
    Pick<CourseRow, 'title' | 'description' | 'priceCents' | 'currency' | 'status' | 'lessonCount'>
  > & {
    publishedAt?: Date;
  },
): Promise<CourseRow> {
  const [row] = await tx
    .update(courses)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(courses.id, id))
    .returning();
  if (!row) throw new Error(`course ${id} vanished inside its transaction`);
  return row;
}

export interface CatalogQuery {
  q?: string | undefined;
  instructorId?: string | undefined;
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
  limit: number;
  cursor?: CatalogCursor | undefined;
}

interface CatalogPage {
  items: Course[];
  next: CatalogCursor | null;
}

function catalogFilters(query: CatalogQuery): SQL[] {
  const filters: SQL[] = [eq(courses.status, 'published')];
  if (query.instructorId !== undefined) filters.push(eq(courses.instructorId, query.instructorId));
  if (query.minPrice !== undefined) filters.push(gte(courses.priceCents, query.minPrice));
  if (query.maxPrice !== undefined) filters.push(lte(courses.priceCents, query.maxPrice));
  return filters;
}

/** Published courses, newest first, or ranked by relevance when `q` is given. */
export async function listCatalog(db: Database, query: CatalogQuery): Promise<CatalogPage> {
  return query.q === undefined ? browseCatalog(db, query) : searchCatalog(db, query, query.q);
}

async function browseCatalog(db: Database, query: CatalogQuery): Promise<CatalogPage> {
  const filters = catalogFilters(query);
  if (query.cursor) filters.push(sql`${courses.id} < ${query.cursor.id}`);
  // One row more than asked tells whether another page exists.
  const rows = await db
    .select()
    .from(courses)
    .where(and(...filters))
    .orderBy(desc(courses.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toCourse),
    next: rows.length > query.limit && last ? { id: last.id } : null,
  };
}

/**
 * Full-text search with PostgreSQL's own ranking. Plain words become a prefix query (see
 * domain/search.ts); anything else goes to websearch_to_tsquery, which accepts any text
 * (quotes, operators, SQL) without syntax errors. Either way the text is a bound parameter.
 */
async function searchCatalog(db: Database, query: CatalogQuery, q: string): Promise<CatalogPage> {
  const prefix = prefixQuery(q);
  const tsQuery =
    prefix === null ? sql`websearch_to_tsquery('english', ${q})` : sql`to_tsquery('english', ${prefix})`;
  const rank = sql<string>`ts_rank(${courses.search}, ${tsQuery})`;
  const filters = catalogFilters(query);
  filters.push(sql`${courses.search} @@ ${tsQuery}`);
  if (query.cursor && 'rank' in query.cursor) {
    filters.push(sql`(${rank}, ${courses.id}) < (${query.cursor.rank}::real, ${query.cursor.id})`);
  }
  const rows = await db
    .select({ course: courses, rank: sql<string>`${rank}::text` })
    .from(courses)
    .where(and(...filters))
    .orderBy(sql`${rank} desc`, desc(courses.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => toCourse(row.course)),
    next: rows.length > query.limit && last ? { id: last.course.id, rank: last.rank } : null,
  };
}
