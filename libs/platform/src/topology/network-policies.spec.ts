import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NAMES, peersOf } from './service-topology';

const file = join(__dirname, '../../../../deploy/k8s/07-network-policies.yaml');
// The file keeps each selector on one line in flow style, so a line match reads it
// without adding a YAML parser dependency.
const subject = /^ {2}podSelector: \{ matchLabels: \{ app\.kubernetes\.io\/name: ([\w-]+) \} \}$/m;
const caller = /^ {4}- from: \[\{ podSelector: \{ matchLabels: \{ app\.kubernetes\.io\/name: ([\w-]+) \} \} \}\]$/gm;

/** Pod-to-pod edges "caller->callee" the policies allow (gRPC between services). */
function policyEdges(): string[] {
  const edges: string[] = [];
  for (const doc of readFileSync(file, 'utf8').split(/^---$/m)) {
    const callee = subject.exec(doc)?.[1];
    if (!callee || callee === 'ingress') continue; // ingress is open to the outside
    for (const match of doc.matchAll(caller)) edges.push(`${match[1]}->${callee}`);
  }
  return edges.sort();
}

describe('07-network-policies.yaml', () => {
  it('allows exactly the gRPC edges of SERVICE_TOPOLOGY between services', () => {
    const topology = SERVICE_NAMES.flatMap((name) => peersOf(name).map((peer) => `${name}->${peer}`)).sort();
    expect(topology.length).toBeGreaterThan(0);
    expect(policyEdges()).toEqual(topology);
  });

  it('denies ingress by default in the namespace', () => {
    expect(readFileSync(file, 'utf8')).toMatch(/name: default-deny-ingress[\s\S]*?podSelector: \{\}\n {2}policyTypes: \[Ingress\]/);
  });
});
