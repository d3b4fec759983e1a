/** The part of a zod issue `describeIssues` reads; a union's issue carries each alternative's issues. */
interface Issue {
  path: PropertyKey[];
  message: string;
  code?: string;
  expected?: string;
  errors?: readonly (readonly Issue[])[];
}

/** Zod issues as short lines naming the field: `sessionId: expected string`. */
export function describeIssues(issues: readonly Issue[]): string[] {
  return issues.map((i) => {
    const described = describe(i);
    const message = /received undefined$/.test(described) ? 'required' : described;
    return i.path.length > 0 ? `${i.path.map(String).join('.')}: ${message}` : message;
  });
}

/**
 * One issue's text without zod's `Invalid input:` prefix. A union that fails says only `Invalid
 * input`, which tells a gateway nothing: say instead what its alternatives take and what came
 * (`expected string or number, received array`), or, when the value had an alternative's type
 * and failed its check, what that check wants.
 */
function describe(i: Issue): string {
  if (i.code !== 'invalid_union' || i.message !== 'Invalid input' || !i.errors) return i.message.replace(/^Invalid (?:input|option|string): /, '');
  const branches = i.errors.map((b) => b[0]).filter((b): b is Issue => b !== undefined);
  const checked = branches.find((b) => b.code !== 'invalid_type');
  if (checked) return describe(checked);
  const received = /received (\w+)$/.exec(branches[0]?.message ?? '')?.[1];
  const expected = [...new Set(branches.map((b) => b.expected ?? '?'))].join(' or ');
  return `expected ${expected}${received ? `, received ${received}` : ''}`;
}
