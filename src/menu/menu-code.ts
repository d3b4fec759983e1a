import type { MenuModel } from './model.js';

const bare = (code: string) => code.replace(/^\*+|#+$/g, '');

/**
 * The menu's service code the caller dialled (`*384#`): the longest of its codes the dial starts
 * with, so extra dial parts are left out (they may hold a PIN); its first code when the gateway
 * never said which.
 */
export function menuCodeDialled(model: MenuModel, dialled: string): string {
  const digits = bare(dialled);
  const codes = model.menu.serviceCodes.map(bare).sort((a, b) => b.length - a.length);
  const code = codes.find((c) => digits === c || digits.startsWith(`${c}*`)) ?? bare(model.menu.serviceCodes[0] ?? '');
  return `*${code}#`;
}
