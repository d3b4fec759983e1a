import { reportFailure, type Expression, type Value } from './expressions/index.js';
import type { Lookup } from './template.js';
import type { LocalText } from './texts.js';

/** Most items and label length `menus:check` assumes for a list whose variable declares none. */
export const DEFAULT_MAX_ITEMS = 10;
export const DEFAULT_LABEL_LENGTH = 20;

/** A menu's generated option list (spec: Generated option lists), compiled. */
export interface CompiledList {
  /** The expression giving the items (`=vouchers`). */
  items: Expression;
  /** Each item's label, with `item` and `index` (from 1) in scope. */
  label: LocalText;
  /** The variable that keeps the chosen item. */
  save: string | undefined;
  goto: string;
  /** Shown instead when the list is empty, or not a list. */
  empty: string;
  /** The worst case the length check lays out: `vars.<name>.maxItems` items at `maxLength` characters. */
  worst: { count: number; width: number };
}

/** The items now: an empty list when the expression failed or gave something else (reported: the `empty` screen shows). */
export function listItems(list: CompiledList, lookup: Lookup): readonly Value[] {
  const v = list.items.evaluate(lookup);
  if (Array.isArray(v)) return v;
  if (v !== undefined) reportFailure({ where: list.items.where, source: list.items.source, error: `a list was expected, not ${v === null ? 'null' : typeof v}: showing the empty screen`, severe: true });
  return [];
}

/** The scope of an item's label: `item` and `index` (from 1) over the session's names. */
export function itemLookup(lookup: Lookup, item: Value, index: number): Lookup {
  return (name) => (name === 'item' ? item : name === 'index' ? index : lookup(name));
}
