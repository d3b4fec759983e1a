import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { menuFilesIn, menusKustomization } from '../../src/cli/kustomization-text';
import { SESSION_SECRET } from '../../src/config';
import { configMapHash, kustomize, type K8sObject } from './kustomize';

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are untyped YAML trees */

/**
 * k8s/ rendered for the deploy tests, from a copy of k8s/ and menus/ whose kustomization is
 * generated as `npm run menus:kustomization` (run before every deploy and by CI) writes it:
 * whatever menu files exist. Call from a test file: the copy is removed after its tests.
 */
export function renderedManifests() {
  const tree = mkdtempSync(join(tmpdir(), 'k8s-'));
  for (const d of ['k8s', 'menus']) cpSync(d, join(tree, d), { recursive: true });
  writeFileSync(join(tree, 'menus', 'kustomization.yaml'), menusKustomization(menuFilesIn('menus')));
  afterAll(() => rmSync(tree, { recursive: true, force: true }));
  const dirs = { base: join(tree, 'k8s/base'), production: join(tree, 'k8s/overlays/production') } as const;
  return { dirs, rendered: { base: kustomize(dirs.base), production: kustomize(dirs.production) } };
}

export const id = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;
export const find = (objs: K8sObject[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name) as any;

/** The menu files that exist now, and the name kustomize gives their ConfigMap. */
export const menuFiles = readdirSync('menus').filter((f) => f.endsWith('.menu.yaml')).sort();
export const menusConfigMap = `ussd-menus-${configMapHash(Object.fromEntries(menuFiles.map((f) => [f, readFileSync(`menus/${f}`, 'utf8')])))}`;

export const kubectlInstalled = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

/** A container's environment, a Secret's value standing in as a placeholder of the shape it must have. */
export const envOf = (container: any): Record<string, string> =>
  Object.fromEntries(
    (container.env as any[]).map((e) => [e.name, e.value ?? (e.name === 'REDIS_CLUSTER_NODES' ? 'redis-0.redis:6379,redis-1.redis:6379' : e.name.startsWith(SESSION_SECRET) || e.name === 'ADMIN_TOKEN' ? 'x'.repeat(44) : `<${e.name}>`)]),
  );
