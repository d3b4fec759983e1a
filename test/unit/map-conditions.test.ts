import { compileCondition } from '../../src/menu/conditions';
import type { Condition } from '../../src/menu/schema';
import type { Value } from '../../src/menu/expressions';

/* The map form of `when` (spec: Conditions): `{ var, eq | ne | gt | gte | lt | lte | in | exists }`. */

const holds = (c: Condition, vars: Record<string, Value>) => compileCondition(c)((name) => vars[name]);

describe('map-form conditions', () => {
  it('when a number meets a numeric string (a typed input, a profile field), then they compare as numbers', () => {
    expect(holds({ var: 'amount', eq: 5 }, { amount: '5' })).toBe(true);
    expect(holds({ var: 'amount', eq: 5 }, { amount: '5.0' })).toBe(true);
    expect(holds({ var: 'score', eq: '3' }, { score: 3 })).toBe(true);
    expect(holds({ var: 'amount', gte: 100 }, { amount: '250' })).toBe(true);
    expect(holds({ var: 'level', in: [1, 2] }, { level: '2' })).toBe(true);
  });

  it('when both sides are text, then they compare as text: a code typed "123" is not "0123", "5.0" is not "5"', () => {
    expect(holds({ var: 'code', eq: '0123' }, { code: '123' })).toBe(false);
    expect(holds({ var: 'code', eq: '0123' }, { code: '0123' })).toBe(true);
    expect(holds({ var: 'code', ne: '0123' }, { code: '123' })).toBe(true);
    expect(holds({ var: 'size', eq: '5' }, { size: '5.0' })).toBe(false);
    expect(holds({ var: 'branch', in: ['01', '02'] }, { branch: '1' })).toBe(false);
    expect(holds({ var: 'branch', in: ['01', '02'] }, { branch: '02' })).toBe(true);
  });

  it('when the variable is unset, null, a list or a map, then eq and in are false and ne is true', () => {
    for (const vars of [{}, { v: null }, { v: [1] }, { v: { a: 1 } }] as Record<string, Value>[]) {
      expect(holds({ var: 'v', eq: 1 }, vars)).toBe(false);
      expect(holds({ var: 'v', in: [1] }, vars)).toBe(false);
      expect(holds({ var: 'v', ne: 1 }, vars)).toBe(true);
      expect(holds({ var: 'v', gt: 0 }, vars)).toBe(false);
    }
  });
});
