import { Deployment } from '@switchyard/contracts';
import { DEFAULT_ROUTING_SETTINGS } from '../routing-settings';
import { DeploymentHealth, replicaShare } from './deployment-health';

describe('deployment limits shared by router replicas', () => {
  it('gives each replica its part of a limit, rounded up; 0 stays unlimited', () => {
    expect(replicaShare(600, 1)).toBe(600);
    expect(replicaShare(600, 2)).toBe(300);
    expect(replicaShare(10, 3)).toBe(4);
    expect(replicaShare(1, 4)).toBe(1);
    expect(replicaShare(0, 2)).toBe(0);
  });

  it('admits only its share of the catalog RPM, and follows the replica count as it changes', () => {
    let replicas = 2;
    const health = new DeploymentHealth(
      DEFAULT_ROUTING_SETTINGS.health,
      () => 0,
      undefined,
      () => replicas,
    );
    const deployment = Deployment.fromPartial({ id: 'd', rpmLimit: 10 });
    const admitted = (n: number) =>
      Array.from({ length: n }, () => health.throttle(deployment).tryTake({ tokens: 1 })).filter(Boolean).length;
    expect(admitted(10)).toBe(5);

    // A replica left: the survivor may use the whole limit (the 5 already taken still count).
    replicas = 1;
    expect(admitted(10)).toBe(5);
    health.shutdown();
  });
});
