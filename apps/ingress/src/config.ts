import { kafkaConfigSpec, publisherConfigSpec } from '@switchyard/event-bus';
import { ConfigOf, intVar, serviceConfigSpec, stringVar } from '@switchyard/platform';

export const ingressConfigSpec = {
  ...serviceConfigSpec('INGRESS', 8080, 50051),
  ...kafkaConfigSpec,
  ...publisherConfigSpec,
  routerAddress: stringVar('ROUTER_ADDRESS', 'host:port of the router gRPC server', { default: '127.0.0.1:50061' }),
  maxBodyBytes: intVar('INGRESS_MAX_BODY_BYTES', 'Largest request body accepted (images travel inline as base64)', { default: 8 * 1024 * 1024, min: 1024 }),
};

export type IngressConfig = ConfigOf<typeof ingressConfigSpec>;
