import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('writes JSON lines with service, instance and level label', () => {
    const { lines, stream } = capture();
    const log = createLogger({ service: 'router', instance: 'r-1', level: 'info', destination: stream });
    log.child({ requestId: 'req-1' }).info('routed');
    const line = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(line).toMatchObject({ service: 'router', instance: 'r-1', level: 'info', requestId: 'req-1', msg: 'routed' });
  });

  it('redacts secrets wherever they appear', () => {
    const { lines, stream } = capture();
    const log = createLogger({ service: 's', instance: 'i', level: 'info', destination: stream });
    log.info({ headers: { authorization: 'Bearer sy_secret' }, credential: { apiKey: 'sk-live' } }, 'x');
    expect(lines[0]).not.toContain('sy_secret');
    expect(lines[0]).not.toContain('sk-live');
    expect(lines[0]).toContain('[redacted]');
  });
});
