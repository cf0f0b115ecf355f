/** Words shorter than this match exactly; longer ones also match as prefixes ("postgres" → PostgreSQL). */
const MIN_PREFIX_LENGTH = 3;
const MAX_WORDS = 8;
const PLAIN_WORDS = /^[\p{L}\p{N}\s]+$/u;

/**
 * For plain words (letters, digits, spaces: what people type into a search box), the text of a
 * `to_tsquery` that ANDs every word as a prefix, so partial and unstemmed words still match.
 * Returns null for anything else (quotes, `-`, `or`, punctuation), which goes to
 * websearch_to_tsquery instead. The result holds only letters, digits, ` & ` and `:*`, so it is
 * always valid tsquery syntax whatever the user typed.
 */
export function prefixQuery(q: string): string | null {
  if (!PLAIN_WORDS.test(q)) return null;
  const words = q.trim().split(/\s+/u).filter(Boolean).slice(0, MAX_WORDS);
  if (words.length === 0 || words.some((word) => word.toLowerCase() === 'or')) return null;
  return words.map((word) => (word.length >= MIN_PREFIX_LENGTH ? `${word}:*` : word)).join(' & ');
}
