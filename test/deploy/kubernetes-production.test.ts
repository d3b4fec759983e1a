import { loadConfig } from '../../src/config';
import { parseCidrs } from '../../src/gateways/cidr';
import { envOf, find, renderedManifests } from '../support/k8s-manifests';

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are untyped YAML trees */
const { rendered } = renderedManifests();

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

