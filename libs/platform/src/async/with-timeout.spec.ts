import { withTimeout } from './with-timeout';

describe('withTimeout', () => {
  it('settles as the promise does when it is in time', async () => {
    await expect(withTimeout(Promise.resolve(7), 1_000, 'late')).resolves.toBe(7);
    await expect(withTimeout(Promise.reject(new Error('boom')), 1_000, 'late')).rejects.toThrow('boom');
    await expect(withTimeout(Promise.reject('text'), 1_000, 'late')).rejects.toThrow('text');
  });

  it('rejects with the message when the promise is late', async () => {
    await expect(withTimeout(new Promise(() => undefined), 5, 'Kafka did not answer within 5 ms')).rejects.toThrow(
      'Kafka did not answer within 5 ms',
    );
  });
});
