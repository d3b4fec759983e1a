import type { K8sObject } from './kustomize';

interface Model {
  prototype: { validate(this: unknown): void };
}

/**
 * Problems of one object against the Kubernetes OpenAPI schema shipped in `kubernetes-models`:
 * its own errors (types, required fields, formats such as quantities), plus fields the schema does
 * not know (the schemas accept them; the API server would drop or reject them). Unknown fields
 * are found by watching which keys the compiled validator reads: it reads every key it has a
 * schema for, and enumerates only free-form maps (labels, data, resource lists).
 */
export function schemaProblems(obj: K8sObject): string[] {
  // The prometheus-operator's kinds (ServiceMonitor, PrometheusRule) come from their own package.
  const module = obj.apiVersion.startsWith('monitoring.coreos.com/') ? `@kubernetes-models/prometheus-operator/${obj.apiVersion}` : `kubernetes-models/${obj.apiVersion}`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is chosen by the object's apiVersion
  const models = require(module) as Record<string, Model | undefined>;
  const model = models[obj.kind];
  if (!model) return [`no schema for ${obj.apiVersion} ${obj.kind}`];
  const read = new WeakMap<object, Set<string> | 'all'>();
  let problems: string[] = [];
  try {
    model.prototype.validate.call(watch(obj, read));
  } catch (err) {
    problems = (err as Error).message.split(', ');
  }
  return [...problems, ...unknownFields(obj, read, '')];
}

function watch<T>(value: T, read: WeakMap<object, Set<string> | 'all'>): T {
  if (typeof value !== 'object' || value === null) return value;
  const target = value as object;
  read.set(target, new Set());
  const mark = (key: string | symbol) => {
    const seen = read.get(target);
    if (seen !== 'all' && typeof key === 'string') seen?.add(key);
  };
  return new Proxy(target, {
    get(t, key, receiver) {
      mark(key);
      return watch(Reflect.get(t, key, receiver), read);
    },
    has(t, key) {
      mark(key);
      return Reflect.has(t, key);
    },
    ownKeys(t) {
      read.set(t, 'all');
      return Reflect.ownKeys(t);
    },
  }) as T;
}

function unknownFields(value: unknown, read: WeakMap<object, Set<string> | 'all'>, path: string): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const seen = read.get(value);
  const out: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (seen !== 'all' && !Array.isArray(value) && !seen?.has(key)) out.push(`${path}/${key}: unknown field`);
    out.push(...unknownFields(child, read, `${path}/${key}`));
  }
  return out;
}
