#!/usr/bin/env node
// Which protocol version kafkajs will use for each Kafka API against a broker:
// kafkajs' implemented versions vs the broker's ApiVersions answer. Run it when
// bumping kafka.version in tools/infra/kafka/pom.xml (Kafka 4.x dropped old versions,
// KIP-896); any "NO COMMON VERSION" row is an API kafkajs can no longer call.
// Usage: node tools/infra/kafkajs-api-versions.js [127.0.0.1:19092]
// Reads kafkajs internals (pinned 2.2.4); exit 1 if some API has no common version.
'use strict';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
require('./kafkajs-timeout-warning');
const fs = require('node:fs');
const path = require('node:path');
const { Kafka, logLevel } = require('kafkajs');

const requestsDir = path.join(path.dirname(require.resolve('kafkajs/package.json')), 'src/protocol/requests');
const apiKeys = require(path.join(requestsDir, 'apiKeys.js'));
const broker = process.argv[2] || `127.0.0.1:${process.env.KAFKA_PORT || 19092}`;

(async () => {
  const kafka = new Kafka({ brokers: [broker], logLevel: logLevel.NOTHING });
  // The Kafka instance keeps its cluster factory under a private symbol.
  const createCluster = Object.getOwnPropertySymbols(kafka).find((s) => String(s).includes('createCluster'));
  const cluster = kafka[createCluster]({ metadataMaxAge: 300000, allowAutoTopicCreation: false });
  await cluster.connect();
  const brokerVersions = cluster.brokerPool.versions; // apiKey -> { minVersion, maxVersion }

  let missing = 0;
  for (const dir of fs.readdirSync(requestsDir).sort()) {
    const file = path.join(requestsDir, dir, 'index.js');
    if (!fs.existsSync(file)) continue;
    const ours = Object.keys(require(file).versions).map(Number);
    const name = dir[0].toUpperCase() + dir.slice(1);
    const key = apiKeys[name] ?? (name === 'FindCoordinator' ? apiKeys.GroupCoordinator : undefined);
    const theirs = brokerVersions[key];
    const common = theirs ? ours.filter((v) => v >= theirs.minVersion && v <= theirs.maxVersion) : [];
    if (!common.length) missing += 1;
    console.log(
      `${name.padEnd(28)} kafkajs v${Math.min(...ours)}-v${Math.max(...ours)}  ` +
        `broker ${theirs ? `v${theirs.minVersion}-v${theirs.maxVersion}` : 'none'}  ` +
        (common.length ? `uses v${Math.max(...common)}` : 'NO COMMON VERSION'),
    );
  }
  await cluster.disconnect();
  process.exit(missing ? 1 : 0);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
