#!/usr/bin/env node
// Kafka health probe used by up.sh / status.sh: one Metadata request via kafkajs.
// Usage: node tools/infra/kafka-health.js 127.0.0.1:19092
// Exit 0 and one line of facts when a broker answers with itself in the metadata.
'use strict';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
require('./kafkajs-timeout-warning');
let kafkajs;
try {
  kafkajs = require('kafkajs');
} catch {
  console.log('kafkajs not installed (run `npm ci` at the repo root)');
  process.exit(2);
}
const { Kafka, logLevel } = kafkajs;

const broker = process.argv[2] || '127.0.0.1:19092';
const kafka = new Kafka({
  clientId: 'switchyard-infra-health',
  brokers: [broker],
  logLevel: logLevel.NOTHING,
  connectionTimeout: 1000,
  requestTimeout: 3000,
  retry: { retries: 0 },
});
const admin = kafka.admin();

(async () => {
  await admin.connect();
  const c = await admin.describeCluster();
  if (c.brokers.length === 0) throw new Error('metadata lists no brokers yet');
  console.log(`Kafka cluster ${c.clusterId}, ${c.brokers.length} broker(s), controller ${c.controller}`);
})()
  .then(() => admin.disconnect().then(() => process.exit(0)))
  .catch((err) => {
    console.log(`${broker}: ${err.message}`);
    process.exit(1);
  });
