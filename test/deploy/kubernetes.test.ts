import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { menuFilesIn, menusKustomization } from '../../src/cli/kustomization-text';
import { loadConfig, requireInProduction, SESSION_SECRET } from '../../src/config';
import { menuSourceSettings } from '../../src/infra/menu-files';
import { parseCidrs } from '../../src/gateways/cidr';
import { PROVIDER_URL_VARIABLES } from '../../src/sandbox/local-providers';
import { startTestApp } from '../support/app';
import { schemaProblems } from '../support/k8s-schema';
import { configMapHash, kustomize, type K8sObject } from '../support/kustomize';

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are untyped YAML trees */
// Rendered from a copy of k8s/ and menus/ whose kustomization is generated as `npm run
// menus:kustomization` (run before every deploy and by CI) writes it: whatever menu files exist.
const tree = mkdtempSync(join(tmpdir(), 'k8s-'));
for (const d of ['k8s', 'menus']) cpSync(d, join(tree, d), { recursive: true });
writeFileSync(join(tree, 'menus', 'kustomization.yaml'), menusKustomization(menuFilesIn('menus')));
afterAll(() => rmSync(tree, { recursive: true, force: true }));
const DIRS = { base: join(tree, 'k8s/base'), production: join(tree, 'k8s/overlays/production') } as const;
const rendered = { base: kustomize(DIRS.base), production: kustomize(DIRS.production) };
const id = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;
const find = (objs: K8sObject[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name) as any;
const menuFiles = readdirSync('menus').filter((f) => f.endsWith('.menu.yaml')).sort();
const menusConfigMap = `ussd-menus-${configMapHash(Object.fromEntries(menuFiles.map((f) => [f, readFileSync(`menus/${f}`, 'utf8')])))}`;
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!kubectl) console.warn('kubectl is not installed: the manifests are rendered by test/support/kustomize.ts only, without the comparison with kubectl kustomize');

/** A container's environment, a Secret's value standing in as a placeholder of the shape it must have. */
const envOf = (container: any): Record<string, string> =>
  Object.fromEntries(
    (container.env as any[]).map((e) => [e.name, e.value ?? (e.name === 'REDIS_CLUSTER_NODES' ? 'redis-0.redis:6379,redis-1.redis:6379' : e.name.startsWith(SESSION_SECRET) || e.name === 'ADMIN_TOKEN' ? 'x'.repeat(44) : `<${e.name}>`)]),
  );

describe.each(Object.keys(DIRS) as (keyof typeof DIRS)[])('k8s/%s', (which) => {
  const objects = rendered[which];
  const web = find(objects, 'Deployment', 'ussd-web');
  const worker = find(objects, 'Deployment', 'ussd-worker');

  it('when rendered, then it holds exactly the objects the service needs', () => {
    expect(objects.map(id).sort()).toEqual(
      [
        ...(which === 'production'
          ? [
              'Namespace/ussd',
              'Ingress/ussd-web',
              'Service/ussd-worker-metrics',
              'ServiceMonitor/ussd-web',
              'ServiceMonitor/ussd-worker',
              'PrometheusRule/ussd-alerts',
              'ConfigMap/ussd-grafana-dashboard',
            ]
          : []),
        `ConfigMap/${menusConfigMap}`,
        'Deployment/ussd-web',
        'Deployment/ussd-worker',
        'HorizontalPodAutoscaler/ussd-web',
        'NetworkPolicy/ussd-web',
        'NetworkPolicy/ussd-worker',
        'PodDisruptionBudget/ussd-web',
        'PodDisruptionBudget/ussd-worker',
        'Service/ussd-web',
        'ServiceAccount/ussd-engine',
      ].sort(),
    );
  });

  (kubectl ? it : it.skip)('when kubectl kustomize renders it too, then both renderings are the same objects', () => {
    const out = spawnSync('kubectl', ['kustomize', DIRS[which]], { encoding: 'utf8' });
    expect(out.stderr).toBe('');
    const theirs = parseAllDocuments(out.stdout).map((d) => d.toJS() as K8sObject);
    const byId = (objs: K8sObject[]) => Object.fromEntries(objs.map((o) => [id(o), o]));
    expect(byId(objects)).toEqual(byId(theirs));
  });

  it('when every object is checked against the Kubernetes schema, then none has an error or an unknown field', () => {
    expect(Object.fromEntries(objects.map((o) => [id(o), schemaProblems(o)]))).toEqual(Object.fromEntries(objects.map((o) => [id(o), []])));
  });

  it.each(['ussd-web', 'ussd-worker'])('when %s runs, then its environment is a valid configuration and the grace period outlasts its shutdown budget', async (name) => {
    const pod = find(objects, 'Deployment', name).spec.template.spec;
    const env = envOf(pod.containers[0]);
    const config = loadConfig(env);
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(config.SHUTDOWN_TIMEOUT_MS);
    expect(config.ROLE).toBe(name === 'ussd-web' ? 'web' : 'worker');
    // As main.ts checks at start: production, a worker names every provider it calls, a web replica every source its menus read.
    // A worker reads no menus, so only this test holds it to the sources the menus' `call` effects use.
    expect(config.NODE_ENV).toBe('production');
    const required =
      config.ROLE === 'web' ? [...(await menuSourceSettings('menus')), SESSION_SECRET] : [...PROVIDER_URL_VARIABLES, ...(await menuSourceSettings('menus', { calledOnly: true }))];
    expect(() => requireInProduction(config, required, env)).not.toThrow();
  });

  it('when web replicas seal sensitive inputs, then every one reads the same SESSION_SECRET_KEY (and, while it is rotated, the previous one) from the ussd-session Secret, and workers none', () => {
    const [container] = web.spec.template.spec.containers;
    expect((container.env as any[]).filter((e) => e.name.startsWith(SESSION_SECRET))).toEqual([
      { name: SESSION_SECRET, valueFrom: { secretKeyRef: { name: 'ussd-session', key: 'secret-key' } } },
      { name: `${SESSION_SECRET}_PREVIOUS`, valueFrom: { secretKeyRef: { name: 'ussd-session', key: 'previous-secret-key', optional: true } } },
    ]);
    expect((worker.spec.template.spec.containers[0].env as any[]).map((e) => e.name).filter((name) => name.startsWith(SESSION_SECRET))).toEqual([]);
  });

  it('when an operator changes a rollout or opens the queue console, then web pods read ADMIN_TOKEN from the ussd-admin Secret (optional: without it the admin routes do not exist), and workers none', () => {
    const [container] = web.spec.template.spec.containers;
    expect((container.env as any[]).filter((e) => e.name === 'ADMIN_TOKEN')).toEqual([{ name: 'ADMIN_TOKEN', valueFrom: { secretKeyRef: { name: 'ussd-admin', key: 'token', optional: true } } }]);
    expect((worker.spec.template.spec.containers[0].env as any[]).filter((e) => e.name === 'ADMIN_TOKEN')).toEqual([]);
  });

  it.each(['ussd-web', 'ussd-worker'])('when the kubelet probes %s, then readiness asks /readyz and liveness /healthz on the port the app listens on, and the app answers both', async (name) => {
    const [container] = find(objects, 'Deployment', name).spec.template.spec.containers;
    const env = envOf(container);
    const port = container.ports.find((p: any) => p.name === container.readinessProbe.httpGet.port);
    expect([container.readinessProbe.httpGet.path, container.livenessProbe.httpGet.path]).toEqual(['/readyz', '/healthz']);
    expect(container.livenessProbe.httpGet.port).toBe(port.name);
    expect(port.containerPort).toBe(loadConfig(env).PORT);
    const t = await startTestApp({ ROLE: env.ROLE as string });
    try {
      for (const path of ['/readyz', '/healthz']) expect([path, (await request(t.app).get(path)).status]).toEqual([path, 200]);
    } finally {
      await t.close();
    }
  });

  it('when the pods start, then they run as a non-root user on a read-only root filesystem with no capabilities, no API token and bounded resources', () => {
    expect(find(objects, 'ServiceAccount', 'ussd-engine').automountServiceAccountToken).toBe(false);
    for (const d of [web, worker]) {
      const pod = d.spec.template.spec;
      expect(pod).toMatchObject({ serviceAccountName: 'ussd-engine', automountServiceAccountToken: false, securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } } });
      for (const c of pod.containers) {
        expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
        expect(Object.keys(c.resources.requests).sort()).toEqual(['cpu', 'memory']);
        expect(Object.keys(c.resources.limits).sort()).toEqual(['cpu', 'memory']);
      }
    }
  });

  it('when a pod runs near its memory limit, then V8 collects before the limit: the heap cap is at most two thirds of the container limit', () => {
    const mebibytes = (quantity: string) => {
      const m = /^(\d+)(Mi|Gi)$/.exec(quantity);
      if (!m) throw new Error(`not a memory quantity in Mi or Gi: ${quantity}`);
      return Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1);
    };
    for (const d of [web, worker]) {
      const [c] = d.spec.template.spec.containers;
      const options = (c.env as any[]).find((e) => e.name === 'NODE_OPTIONS')?.value as string | undefined;
      const cap = Number(/--max-old-space-size=(\d+)/.exec(options ?? '')?.[1]);
      expect([d.metadata.name, cap > 0]).toEqual([d.metadata.name, true]);
      // Heap beyond the old space (new space, code, buffers) and the process itself need the rest.
      expect([d.metadata.name, cap <= (mebibytes(c.resources.limits.memory) * 2) / 3]).toEqual([d.metadata.name, true]);
    }
  });

  it('when web is scaled and disrupted, then it keeps at least two replicas, autoscales on CPU and loses one pod at a time', () => {
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'ussd-web');
    expect(web.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'ussd-web' });
    expect(web.spec.strategy.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    for (const d of [web, worker]) expect(find(objects, 'PodDisruptionBudget', d.metadata.name).spec).toEqual({ maxUnavailable: 1, selector: d.spec.selector });
  });

  it('when traffic arrives, then the Service and the network policies select the pods they are for, on the port they listen on', () => {
    const service = find(objects, 'Service', 'ussd-web');
    expect(service.spec.selector).toEqual(web.spec.template.metadata.labels);
    expect(service.spec.selector).not.toEqual(worker.spec.template.metadata.labels);
    expect(web.spec.template.spec.containers[0].ports.map((p: any) => p.name)).toContain(service.spec.ports[0].targetPort);
    for (const d of [web, worker]) {
      const policy = find(objects, 'NetworkPolicy', d.metadata.name);
      expect(policy.spec.podSelector).toEqual(d.spec.selector);
      expect(policy.spec.ingress).toEqual([{ ports: [{ protocol: 'TCP', port: d.spec.template.spec.containers[0].ports[0].containerPort }] }]);
      expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    }
  });

  it('when menus change, then the ConfigMap of every menu file gets a new name, and web mounts it where it reads menus', () => {
    const configMap = find(objects, 'ConfigMap', menusConfigMap);
    expect(Object.keys(configMap.data)).toEqual(menuFiles);
    for (const f of menuFiles) expect(configMap.data[f]).toBe(readFileSync(`menus/${f}`, 'utf8'));
    const edited = Object.fromEntries(menuFiles.map((f) => [f, `${readFileSync(`menus/${f}`, 'utf8')}# edited\n`]));
    expect(`ussd-menus-${configMapHash(edited)}`).not.toBe(menusConfigMap);
    const pod = web.spec.template.spec;
    const volume = pod.volumes.find((v: any) => v.configMap?.name === menusConfigMap);
    const mount = pod.containers[0].volumeMounts.find((m: any) => m.name === volume.name);
    expect([mount.mountPath, mount.readOnly]).toEqual([envOf(pod.containers[0]).MENUS_DIR, true]);
  });
});

describe('k8s/overlays/production', () => {
  const objects = rendered.production;

  it('when applied, then everything lands in the ussd namespace, which enforces the restricted Pod Security Standard', () => {
    expect(objects.filter((o) => o.kind !== 'Namespace').map((o) => o.metadata.namespace)).toEqual(objects.filter((o) => o.kind !== 'Namespace').map(() => 'ussd'));
    expect(find(objects, 'Namespace', 'ussd').metadata.labels).toEqual({ 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' });
  });

  it('when the pods start, then they run a released image tag against the Redis Cluster named in a Secret, with the simulator off and the workers on real providers', () => {
    for (const name of ['ussd-web', 'ussd-worker']) {
      const [c] = find(objects, 'Deployment', name).spec.template.spec.containers;
      expect(c.image).toMatch(/^registry\.example\.com\/ussd-engine:\d+\.\d+\.\d+$/);
      const env = Object.fromEntries((c.env as any[]).map((e) => [e.name, e]));
      expect(env.REDIS_CLUSTER_NODES).toEqual({ name: 'REDIS_CLUSTER_NODES', valueFrom: { secretKeyRef: { name: 'ussd-redis', key: 'cluster-nodes' } } });
      expect(env.REDIS_URL).toBeUndefined();
    }
    const [web] = find(objects, 'Deployment', 'ussd-web').spec.template.spec.containers;
    expect(loadConfig(envOf(web)).SIMULATOR_ENABLED).toBe(false);
    const [worker] = find(objects, 'Deployment', 'ussd-worker').spec.template.spec.containers;
    const workerConfig = loadConfig(envOf(worker));
    expect([workerConfig.BILLING_URL, workerConfig.SMS_URL]).toEqual([expect.stringMatching(/^https:\/\//), expect.stringMatching(/^https:\/\//)]);
  });
});

describe('the production Ingress', () => {
  const objects = rendered.production;
  const ingress = find(objects, 'Ingress', 'ussd-web');
  const annotation = (name: string): string => ingress.metadata.annotations[`nginx.ingress.kubernetes.io/${name}`];
  const webConfig = loadConfig(envOf(find(objects, 'Deployment', 'ussd-web').spec.template.spec.containers[0]));
  const bytes = (size: string): number => {
    const m = /^(\d+)([kKmM]?)$/.exec(size);
    if (!m) throw new Error(`not an nginx size: ${size}`);
    return Number(m[1]) * ({ '': 1, k: 1024, m: 1024 * 1024 } as Record<string, number>)[(m[2] ?? '').toLowerCase()]!;
  };

  it('when a callback larger than MAX_BODY_BYTES comes, then the ingress refuses it at the same size the web pods do', () => {
    expect(bytes(annotation('proxy-body-size'))).toBe(webConfig.MAX_BODY_BYTES);
  });

  it('when a turn runs long, then the ingress waits longer than RESPONSE_DEADLINE_MS (the deadline guard answers first) but not a second more', () => {
    for (const name of ['proxy-read-timeout', 'proxy-send-timeout']) {
      const ms = Number(annotation(name)) * 1000;
      expect([name, ms > webConfig.RESPONSE_DEADLINE_MS, ms <= webConfig.RESPONSE_DEADLINE_MS + 1000]).toEqual([name, true, true]);
    }
  });

  it('when anyone but a gateway calls, then only the listed source ranges get through, over TLS, to /ussd/ alone on the web Service', () => {
    const ranges = parseCidrs(annotation('whitelist-source-range'));
    expect(ranges.ok).toBe(true);
    const hosts = ingress.spec.rules.map((r: any) => r.host);
    expect(ingress.spec.tls).toEqual([{ hosts, secretName: expect.stringMatching(/^[a-z0-9-]+$/) }]);
    const paths = ingress.spec.rules.flatMap((r: any) => r.http.paths);
    expect(paths.map((p: any) => [p.path, p.pathType])).toEqual([['/ussd/', 'Prefix']]);
    const service = find(objects, 'Service', 'ussd-web');
    for (const p of paths) expect(service.spec.ports.map((port: any) => port.name)).toContain(p.backend.service.port.name);
    expect(paths.map((p: any) => p.backend.service.name)).toEqual(['ussd-web']);
  });
});

describe('menus/kustomization.yaml', () => {
  it('when a menu file is added, then npm run menus:kustomization lists it with the others, sorted, and the committed file is its output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'menus-'));
    try {
      for (const f of ['soko.menu.yaml', 'eneza.menu.yaml', 'notes.yaml']) writeFileSync(join(dir, f), 'id: x\n');
      const [k] = parseAllDocuments(menusKustomization(menuFilesIn(dir))).map((d) => d.toJS());
      expect(k.configMapGenerator).toEqual([
        { name: 'ussd-menus', files: ['eneza.menu.yaml', 'soko.menu.yaml'], options: { labels: { 'app.kubernetes.io/name': 'ussd-engine', 'app.kubernetes.io/component': 'menus' } } },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const committed = readFileSync('menus/kustomization.yaml', 'utf8');
    const [listed] = parseAllDocuments(committed).map((d) => (d.toJS()).configMapGenerator[0].files as string[]);
    expect(committed).toBe(menusKustomization(listed ?? []));
  });
});
