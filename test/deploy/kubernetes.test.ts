import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { loadConfig, requireInProduction, SESSION_SECRET } from '../../src/config';
import { menuSourceSettings } from '../../src/infra/menu-files';
import { PROVIDER_URL_VARIABLES } from '../../src/sandbox/local-providers';
import { startTestApp } from '../support/app';
import { envOf, find, id, kubectlInstalled, menuFiles, menusConfigMap, renderedManifests } from '../support/k8s-manifests';
import { schemaProblems } from '../support/k8s-schema';
import { configMapHash, type K8sObject } from '../support/kustomize';

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are untyped YAML trees */
// The base and the production overlay, object by object (the overlay's own: kubernetes-production.test.ts).
const { dirs, rendered } = renderedManifests();
if (!kubectlInstalled) console.warn('kubectl is not installed: the manifests are rendered by test/support/kustomize.ts only, without the comparison with kubectl kustomize');

describe.each(Object.keys(dirs) as (keyof typeof dirs)[])('k8s/%s', (which) => {
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

  (kubectlInstalled ? it : it.skip)('when kubectl kustomize renders it too, then both renderings are the same objects', () => {
    const out = spawnSync('kubectl', ['kustomize', dirs[which]], { encoding: 'utf8' });
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

  it('when a pod calls what its environment names (providers, sources, a legacy app, a collector), then its network policy lets it out on that port', () => {
    const outbound = (name: string) => /^(BILLING_URL|SMS_URL|OTEL_EXPORTER_OTLP_ENDPOINT|SOURCE_\w+_URL|LEGACY_\w+_URL)$/.test(name);
    const portOf = (u: URL) => Number(u.port || (u.protocol === 'https:' ? 443 : 80));
    for (const d of [web, worker]) {
      const policy = find(objects, 'NetworkPolicy', d.metadata.name);
      const open = new Set((policy.spec.egress as any[]).flatMap((rule) => (rule.ports as any[]).filter((p) => p.protocol === 'TCP').map((p) => p.port as number)));
      const env = envOf(d.spec.template.spec.containers[0]);
      const needed = Object.entries(env).filter(([name, value]) => outbound(name) && URL.canParse(value)).map(([name, value]) => [name, portOf(new URL(value))] as const);
      expect([d.metadata.name, needed.filter(([, port]) => !open.has(port))]).toEqual([d.metadata.name, []]);
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

