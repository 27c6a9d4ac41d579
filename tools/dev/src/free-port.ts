import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

// Ports are picked before services bind them, seconds later. A port from the
// kernel's ephemeral range can meanwhile become the local end of an outgoing
// connection (Kafka clients open many), so pick below that range.
const EPHEMERAL_START = ephemeralRangeStart();
const LOW = 20_000;
const HIGH = Math.min(EPHEMERAL_START, 32_768) - 1;
const taken = new Set<number>();

/** A port that is free right now, outside the ephemeral range, and not handed out before by this process. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (taken.has(port)) continue;
    if (await canListen(port)) {
      taken.add(port);
      return port;
    }
  }
  throw new Error(`no free port found between ${LOW} and ${HIGH}`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function ephemeralRangeStart(): number {
  try {
    const [start] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const value = Number(start);
    return Number.isInteger(value) && value > LOW + 1000 ? value : 32_768;
  } catch {
    return 32_768;
  }
}
