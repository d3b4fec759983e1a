import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedFiles, K8S_DIR } from './monitoring-objects';

/** `npm run monitoring:generate`: writes the PrometheusRule and the dashboard ConfigMap into k8s/monitoring/. */
for (const [name, content] of Object.entries(generatedFiles())) {
  writeFileSync(join(K8S_DIR, name), content);
  process.stdout.write(`wrote k8s/monitoring/${name}\n`);
}
