import { Client, ClientOptions, connectivityState, credentials } from '@grpc/grpc-js';
import type { Readiness } from '../health/readiness';
import type { ServiceName } from '../topology/service-topology';
import { CLIENT_CHANNEL_OPTIONS } from './channel-options';
import type { ServiceIdentity } from './service-identity/service-identity';

type ClientConstructor<C extends Client> = new (
  address: string,
  creds: ReturnType<typeof credentials.createInsecure>,
  options?: Partial<ClientOptions>,
) => C;

/**
 * One long-lived channel to a peer service, created at start and reused for
 * every call; each call carries this service's token for that peer.
 */
export function createGrpcClient<C extends Client>(
  ctor: ClientConstructor<C>,
  peer: { readonly service: ServiceName; readonly address: string },
  identity: ServiceIdentity,
): C {
  return new ctor(peer.address, credentials.createInsecure(), { ...CLIENT_CHANNEL_OPTIONS, ...identity.clientOptions(peer.service) });
}

/** /readyz reports this peer ready only while its channel is connected. */
export function registerChannelReadiness(readiness: Readiness, name: string, client: Client): void {
  const channel = client.getChannel();
  readiness.register(name, () => channel.getConnectivityState(true) === connectivityState.READY);
}

/** Waits until the channel connects, or rejects after the deadline. */
export function waitForChannel(client: Client, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    client.waitForReady(Date.now() + timeoutMs, (error) => (error ? reject(error) : resolve()));
  });
}
