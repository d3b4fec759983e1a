import type { ASTNode } from '@marcbachmann/cel-js';

/** A name an expression reads from its scope, and where (offset into the expression). */
export interface NameUse {
  name: string;
  at: number;
}

/** Macros whose first argument names a variable bound inside the other arguments. */
const BINDING_MACROS = new Set(['map', 'filter', 'all', 'exists', 'exists_one', 'transformList', 'transformMap']);

/**
 * The names an expression reads from outside itself, in order: `acct` in `acct.balance > 0`,
 * `profile.lastScore` for a profile field (so the menu knows which fields to load), not `v` in
 * `vouchers.map(v, v.symbol)`.
 */
export function freeNames(root: ASTNode): NameUse[] {
  const out: NameUse[] = [];
  const walk = (node: ASTNode, bound: ReadonlySet<string>): void => {
    switch (node.op) {
      case 'id':
        if (!bound.has(node.args)) out.push({ name: node.args, at: node.start });
        return;
      case 'value':
        return;
      case '.':
      case '.?': {
        const [target, field] = node.args;
        if (target.op === 'id' && target.args === 'profile' && !bound.has('profile')) out.push({ name: `profile.${field}`, at: target.start });
        else walk(target, bound);
        return;
      }
      case 'call':
        for (const a of node.args[1]) walk(a, bound);
        return;
      case 'rcall': {
        const [name, receiver, args] = node.args;
        const [first, ...rest] = args;
        const isBind = name === 'bind' && receiver.op === 'id' && receiver.args === 'cel';
        if (!isBind) walk(receiver, bound);
        if ((isBind || BINDING_MACROS.has(name)) && first?.op === 'id' && rest.length > 0) {
          const inner = new Set(bound).add(first.args);
          // cel.bind(x, init, body): `init` is read outside the binding.
          if (isBind && rest[0]) walk(rest[0], bound);
          for (const a of isBind ? rest.slice(1) : rest) walk(a, inner);
          return;
        }
        for (const a of args) walk(a, bound);
        return;
      }
      case 'list':
        for (const a of node.args) walk(a, bound);
        return;
      case 'map':
        for (const [k, v] of node.args) {
          walk(k, bound);
          walk(v, bound);
        }
        return;
      case '!_':
      case '-_':
        walk(node.args, bound);
        return;
      default:
        for (const a of node.args as readonly ASTNode[]) walk(a, bound);
    }
  };
  walk(root, new Set());
  return out;
}
