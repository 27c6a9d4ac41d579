import { ClientDuplexStream, credentials, Metadata, ServiceError, status } from '@grpc/grpc-js';
import { ProviderAdaptersClient, RouterClient } from '@switchyard/contracts';
import { SERVICE_TOKEN_METADATA, ServiceName, signServiceToken } from '@switchyard/platform';
import { generateKeyPairSync, KeyObject } from 'node:crypto';
import OpenAI from 'openai';
import { TestStack } from './test-stack';

/**
 * gRPC between services needs a service token of a caller SERVICE_TOPOLOGY
 * allows: the session streams of router and provider-adapters refuse anything else.
 */
describe('service identity on gRPC between services', () => {
  let t: TestStack;
  let key = '';

  beforeAll(async () => {
    t = await TestStack.start({ services: ['provider-adapters', 'router', 'ingress'] });
    key = (await t.tenantWithModel('ten_identity')).plaintext;
  });

  afterAll(async () => {
    await t?.stop();
  });

  const token = (privateKey: KeyObject, caller: ServiceName, audience: ServiceName, issuedAtMs = Date.now()): string =>
    signServiceToken(privateKey, { caller, audience, issuedAtMs, expiresAtMs: issuedAtMs + 60_000 });
  const keyOf = (name: ServiceName): KeyObject => t.stack.serviceKeys.get(name)!;

  /** Opens a session stream with this token (or none) and resolves with the status it ends with. */
  function sessionStatus(callee: 'router' | 'provider-adapters', serviceToken: string | undefined): Promise<number> {
    const address = t.stack.service(callee).grpcAddress;
    const client =
      callee === 'router'
        ? new RouterClient(address, credentials.createInsecure())
        : new ProviderAdaptersClient(address, credentials.createInsecure());
    const metadata = new Metadata();
    if (serviceToken) metadata.set(SERVICE_TOKEN_METADATA, serviceToken);
    const stream = client.session(metadata) as ClientDuplexStream<unknown, unknown>;
    return new Promise<number>((resolve) => {
      const timer = setTimeout(() => {
        stream.cancel();
        resolve(status.OK);
      }, 2_000);
      stream.on('error', (error: ServiceError) => {
        clearTimeout(timer);
        client.close();
        resolve(error.code);
      });
      stream.on('data', () => undefined);
    });
  }

  it('refuses a call without a token, with a token of an unknown key, or an expired one', async () => {
    expect(await sessionStatus('router', undefined)).toBe(status.UNAUTHENTICATED);
    const stranger = generateKeyPairSync('ed25519').privateKey;
    expect(await sessionStatus('router', token(stranger, 'ingress', 'router'))).toBe(status.UNAUTHENTICATED);
    expect(await sessionStatus('router', token(keyOf('ingress'), 'ingress', 'router', Date.now() - 120_000))).toBe(status.UNAUTHENTICATED);
    expect(await sessionStatus('provider-adapters', token(keyOf('ingress'), 'ingress', 'router'))).toBe(status.UNAUTHENTICATED);
  });

  it('refuses a valid token of a service that may not call this one', async () => {
    expect(await sessionStatus('router', token(keyOf('metering'), 'metering', 'router'))).toBe(status.PERMISSION_DENIED);
    expect(await sessionStatus('provider-adapters', token(keyOf('audit'), 'audit', 'provider-adapters'))).toBe(status.PERMISSION_DENIED);
  });

  it('lets the allowed callers through: a chat completion goes ingress -> router -> provider-adapters', async () => {
    expect(await sessionStatus('router', token(keyOf('ingress'), 'ingress', 'router'))).toBe(status.OK);
    const openai = new OpenAI({ apiKey: key, baseURL: t.stack.openAiBaseUrl, maxRetries: 0 });
    const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]?.message.content).toBeTruthy();
  });
});
