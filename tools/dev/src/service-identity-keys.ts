import { privateKeyText, publicKeyText, SERVICE_NAMES, SERVICE_TOPOLOGY } from '@switchyard/platform';
import { generateKeyPairSync } from 'node:crypto';

/** Prints a fresh Ed25519 key per service (for the switchyard-service-identity Secret) and the SERVICE_IDENTITY_PEERS line. */
const peers: string[] = [];
for (const name of SERVICE_NAMES) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  process.stdout.write(`${SERVICE_TOPOLOGY[name].envPrefix}_SERVICE_IDENTITY_KEY=${privateKeyText(privateKey)}\n`);
  peers.push(`${name}=${publicKeyText(publicKey)}`);
}
process.stdout.write(`SERVICE_IDENTITY_PEERS=${peers.join(',')}\n`);
