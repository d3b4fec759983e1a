/** `.` or `..`, written plainly or percent-encoded (`%2e`, `.%2E`): what URL parsers resolve as a dot segment. */
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/**
 * Whether a call's path (before its query) has a dot segment. Inserted values are URL-encoded, but
 * encoding leaves `.` as it is, so a caller who types `..` into `/accounts/{{acct}}/balance` would
 * make `/accounts/../balance`: a server, or any proxy in front of it, resolves that to `/balance`,
 * another path of the company's API. Such a call is never made.
 */
export function hasDotSegment(target: string): boolean {
  const query = target.indexOf('?');
  const path = query === -1 ? target : target.slice(0, query);
  return path.split('/').some((segment) => DOT_SEGMENT.test(segment));
}
