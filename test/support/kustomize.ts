import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are untyped YAML trees */
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; [k: string]: any };

/**
 * A small, documented subset of `kustomize build`, enough for k8s/ and menus/ (no kustomize
 * binary ships with Debian or npm; where kubectl is installed, the test compares this output with
 * `kubectl kustomize` object by object). Supported, with kustomize's semantics:
 * - `resources`: YAML files (several documents each) and directories holding a kustomization;
 * - `configMapGenerator` with `files` (key = file name) and `options.labels`: the name gets
 *   kustomize's content-hash suffix, and references to the ConfigMap (volumes, envFrom,
 *   configMapKeyRef) follow the new name;
 * - `patches` by `path`, as strategic merge patches matched by kind and name: maps merge, `null`
 *   deletes, lists of objects with `name` merge by name (the patch's items first, in its order, each
 *   merged with the base's item of that name; then the base's other items; `$patch: delete` removes),
 *   other lists are replaced;
 * - `namespace`, `images` (`newName`, `newTag`), `replicas`.
 * Any other field in a kustomization is an error, so nothing is silently ignored.
 */
export function kustomize(dir: string): K8sObject[] {
  return build(dir).objects;
}

const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'configMapGenerator', 'patches', 'namespace', 'images', 'replicas']);

function build(dir: string): { objects: K8sObject[]; renames: Map<string, string> } {
  const k = readYaml(join(dir, 'kustomization.yaml'))[0] as any;
  const unsupported = Object.keys(k).filter((key) => !SUPPORTED.has(key));
  if (unsupported.length > 0) throw new Error(`${dir}/kustomization.yaml: not in the supported subset: ${unsupported.join(', ')}`);
  let objects: K8sObject[] = [];
  const renames = new Map<string, string>();
  for (const r of (k.resources ?? []) as string[]) {
    const path = join(dir, r);
    if (statSync(path).isDirectory()) {
      const sub = build(path);
      objects.push(...sub.objects);
      for (const [from, to] of sub.renames) renames.set(from, to);
    } else objects.push(...(readYaml(path) as K8sObject[]));
  }
  for (const g of (k.configMapGenerator ?? []) as any[]) {
    const data = Object.fromEntries((g.files as string[]).map((f) => [basename(f), readFileSync(join(dir, f), 'utf8')]));
    const name = `${g.name}-${configMapHash(data)}`;
    renames.set(g.name, name);
    objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(g.options?.labels ? { labels: g.options.labels } : {}) }, data });
  }
  for (const p of (k.patches ?? []) as { path: string }[]) {
    const patch = readYaml(join(dir, p.path))[0] as K8sObject;
    const i = objects.findIndex((o) => o.kind === patch.kind && o.metadata.name === patch.metadata.name);
    if (i === -1) throw new Error(`${p.path}: no ${patch.kind} ${patch.metadata.name} to patch`);
    objects[i] = merge(objects[i], patch);
  }
  objects = objects.map((o) => transform(o, k, renames));
  return { objects, renames };
}

function transform(o: K8sObject, k: any, renames: Map<string, string>): K8sObject {
  if (k.namespace && o.kind !== 'Namespace') o.metadata.namespace = k.namespace;
  const count = (k.replicas as { name: string; count: number }[] | undefined)?.find((r) => r.name === o.metadata.name && o.kind === 'Deployment');
  if (count) o.spec.replicas = count.count;
  const pod = o.spec?.template?.spec;
  if (!pod) return o;
  for (const c of [...(pod.containers ?? []), ...(pod.initContainers ?? [])]) {
    const image = (k.images as { name: string; newName?: string; newTag?: string }[] | undefined)?.find((i) => c.image.split(/[:@]/)[0] === i.name);
    if (image) c.image = `${image.newName ?? image.name}${image.newTag ? `:${image.newTag}` : ''}`;
    for (const e of c.env ?? []) if (e.valueFrom?.configMapKeyRef) e.valueFrom.configMapKeyRef.name = renamed(e.valueFrom.configMapKeyRef.name, renames);
    for (const e of c.envFrom ?? []) if (e.configMapRef) e.configMapRef.name = renamed(e.configMapRef.name, renames);
  }
  for (const v of pod.volumes ?? []) if (v.configMap) v.configMap.name = renamed(v.configMap.name, renames);
  return o;
}

const renamed = (name: string, renames: Map<string, string>) => renames.get(name) ?? name;

/** Strategic merge, the subset described above. */
function merge(base: any, patch: any): any {
  if (Array.isArray(patch)) {
    const named = (l: unknown[]) => l.every((x) => typeof x === 'object' && x !== null && 'name' in x);
    if (!Array.isArray(base) || !named(base) || !named(patch)) return patch;
    const inPatch = new Set(patch.map((p: any) => p.name));
    const patched = patch.filter((p: any) => p.$patch !== 'delete').map((p: any) => {
      const same = base.find((b: any) => b.name === p.name);
      return same ? merge(same, p) : p;
    });
    return [...patched, ...base.filter((b: any) => !inPatch.has(b.name))];
  }
  if (typeof patch !== 'object' || patch === null || typeof base !== 'object' || base === null) return patch;
  const out = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = key in base ? merge(base[key], value) : value;
  }
  return out;
}

/**
 * kustomize's ConfigMap name suffix: sha256 of the Go JSON encoding of {data, kind, name} (the
 * name field is read as empty by kustomize's hasher), first 10 hex digits with 0,1,3,a,e swapped
 * for g,h,k,m,t.
 */
export function configMapHash(data: Record<string, string>): string {
  const sorted = Object.fromEntries(Object.keys(data).sort().map((key) => [key, data[key]]));
  const json = JSON.stringify({ data: sorted, kind: 'ConfigMap', name: '' }).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const swap: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...createHash('sha256').update(json).digest('hex').slice(0, 10)].map((c) => swap[c] ?? c).join('');
}

export function readYaml(path: string): unknown[] {
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((d) => d.toJS() as unknown)
    .filter((d) => d !== null);
}
