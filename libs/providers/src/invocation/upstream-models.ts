import type { DeploymentTarget } from '@switchyard/contracts';
import type { FamilyCodec, Mapped, UpstreamCredential, UpstreamModel } from '../provider-adapter';
import { transportError } from '../upstream/transport-error';
import { readBody } from '../upstream/upstream-client';
import type { UpstreamClient } from '../upstream/upstream-client';
import { credentialUnavailable, unsupported } from './attempt-failures';
import { Deadline } from './deadline';
import { providerError } from './provider-error';

/** Lists the models a deployment's own endpoint serves, through its family's models request. */
export async function listUpstreamModels(
  client: UpstreamClient,
  family: FamilyCodec,
  target: DeploymentTarget,
  credential: UpstreamCredential | undefined,
  defaultTimeoutMs: number,
): Promise<Mapped<UpstreamModel[]>> {
  if (!family.modelsRequest || !family.modelsResponse)
    return { ok: false, error: unsupported(`The ${family.family} provider family has no model listing.`) };
  if (!credential) return { ok: false, error: credentialUnavailable(target) };
  const deadline = new Deadline(Date.now() + (target.timeoutMs > 0 ? target.timeoutMs : defaultTimeoutMs));
  try {
    const res = await client.send(
      family.modelsRequest(target, credential),
      { firstByteMs: deadline.remainingMs(), idleMs: deadline.remainingMs() },
      deadline.signal,
    );
    const mapped = family.modelsResponse(res.status, res.headers, await readBody(res.body));
    return mapped.ok ? mapped : { ok: false, error: providerError(mapped.error, target) };
  } catch (error) {
    return { ok: false, error: transportError(error, false, deadline.expired()) };
  } finally {
    deadline.dispose();
  }
}
