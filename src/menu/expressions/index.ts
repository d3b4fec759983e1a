/**
 * CEL expressions in menus (spec: Expressions). See `compile-expression.ts` for the API:
 * compile at load, evaluate on a hop to a plain value or a reported failure, check in the lint.
 */
export { checkExpression, type ExpectedResult, type ExpressionIssue } from './check-expression.js';
export { compileExpression, type Expression } from './compile-expression.js';
export { collectFailures, reportFailure, type ExpressionFailure } from './failures.js';
export { isExpressionValue, expressionOf, type Settable } from './settable.js';
export { showValue, type Value } from './value.js';
