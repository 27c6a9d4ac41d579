import 'reflect-metadata';
import { AUDIO_MAX_BYTES } from '@switchyard/openai-api';
import { loadSettings, runService } from '@switchyard/platform';
import { IngressModule } from './ingress.module';
import { ingressSettingsSpec } from './settings';

async function main(): Promise<void> {
  const settings = loadSettings(ingressSettingsSpec);
  await runService({
    service: 'ingress',
    module: (runtime) => IngressModule.register(settings, runtime),
    http: {
      host: settings.httpHost,
      port: settings.httpPort,
      bodyLimitBytes: settings.maxBodyBytes,
      trustedProxies: settings.trustedProxies,
      // Audio uploads: the file limit plus room for the form's other fields.
      rawBodies: [{ contentType: 'multipart/form-data', bodyLimitBytes: AUDIO_MAX_BYTES + 1024 * 1024 }],
    },
    logLevel: settings.logLevel,
    identity: settings,
    shutdown: { graceMs: settings.shutdownGraceMs, timeoutMs: settings.shutdownTimeoutMs },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', service: 'ingress', msg: 'failed to start', err: String(error instanceof Error ? error.stack : error) })}\n`,
  );
  process.exit(1);
});
