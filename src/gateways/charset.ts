/** The charset a `Content-Type` names (`text/plain; charset="ISO-8859-1"` → `iso-8859-1`), lower-cased; undefined when it names none. */
export function charsetOf(contentType: string | undefined): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
}
