import { ChannelOptions, Client, connectivityState, credentials } from '@grpc/grpc-js';
import type { Readiness } from '../health/readiness';
import { CLIENT_CHANNEL_OPTIONS } from './channel-options';

type ClientConstructor<C extends Client> = new (
  address: string,
  creds: ReturnType<typeof credentials.createInsecure>,
  options?: ChannelOptions,
) => C;

/** One long-lived channel per peer, created at start and reused for every call. */
export function createGrpcClient<C extends Client>(ctor: ClientConstructor<C>, address: string): C {
  return new ctor(address, credentials.createInsecure(), CLIENT_CHANNEL_OPTIONS);
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
