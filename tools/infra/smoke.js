#!/usr/bin/env node
// Smoke test for the local infra started by tools/infra/up.sh.
// Exercises what the services rely on, with the repo's real clients
// (kafkajs, @clickhouse/client), against real Kafka and ClickHouse:
//   Kafka: admin createTopics (plain + cleanup.policy=compact), describeConfigs,
//          idempotent producer, consumer group join + consume + manual commitOffsets,
//          fetchOffsets, fetchTopicOffsets, listGroups, describeGroups, deleteGroups, deleteTopics.
//   ClickHouse: ping, CREATE DATABASE/TABLE, INSERT ... JSONEachRow, SELECT back, DROP.
// Every check runs even if an earlier one failed; exit code 1 if any failed.
//
// Usage: node tools/infra/smoke.js            (both)
//        SMOKE_ONLY=kafka node tools/infra/smoke.js
// Env:   KAFKA_PORT (19092), CLICKHOUSE_HTTP_PORT (18123), or KAFKA_BROKERS / CLICKHOUSE_URL.
'use strict';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
require('./kafkajs-timeout-warning');
const crypto = require('node:crypto');
const { Kafka, logLevel, ConfigResourceTypes } = require('kafkajs');
const { createClient } = require('@clickhouse/client');

const brokers = (process.env.KAFKA_BROKERS || `127.0.0.1:${process.env.KAFKA_PORT || 19092}`).split(',');
const chUrl = process.env.CLICKHOUSE_URL || `http://127.0.0.1:${process.env.CLICKHOUSE_HTTP_PORT || 18123}`;
const only = process.env.SMOKE_ONLY || '';
const runId = `${Date.now()}_${crypto.randomBytes(3).toString('hex')}`;

const failures = [];
async function check(name, fn) {
  const t0 = Date.now();
  try {
    const detail = await fn();
    console.log(`ok    ${name} (${Date.now() - t0} ms)${detail ? ` - ${detail}` : ''}`);
    return true;
  } catch (err) {
    failures.push(name);
    console.log(`FAIL  ${name} (${Date.now() - t0} ms) - ${err && (err.stack || err.message || err)}`);
    return false;
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function kafkaSmoke() {
  console.log(`# kafka ${brokers.join(',')} (kafkajs ${require('kafkajs/package.json').version})`);
  const kafka = new Kafka({
    clientId: `switchyard-smoke-${runId}`,
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 3 },
  });
  const topic = `smoke.events.${runId}`;
  const compacted = `smoke.state.${runId}`;
  const groupId = `smoke-group-${runId}`;
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10000, heartbeatInterval: 1000, maxWaitTimeInMs: 500 });
  const count = 10;

  await check('kafka admin connect + describeCluster', async () => {
    await admin.connect();
    const c = await admin.describeCluster();
    return `cluster ${c.clusterId}, ${c.brokers.length} broker(s), controller ${c.controller}`;
  });

  await check('kafka createTopics (3 partitions + compacted)', async () => {
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic, numPartitions: 3, replicationFactor: 1 },
        {
          topic: compacted,
          numPartitions: 1,
          replicationFactor: 1,
          configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
        },
      ],
    });
    if (!created) throw new Error('createTopics returned false (already exists?)');
    return `${topic}, ${compacted}`;
  });

  await check('kafka describeConfigs (compacted topic has cleanup.policy=compact)', async () => {
    const res = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: compacted, configNames: ['cleanup.policy'] }],
    });
    const entry = res.resources[0].configEntries.find((e) => e.configName === 'cleanup.policy');
    if (!entry || entry.configValue !== 'compact') throw new Error(`cleanup.policy=${entry && entry.configValue}`);
    return 'cleanup.policy=compact';
  });

  await check('kafka idempotent producer send (acks=all)', async () => {
    await producer.connect();
    const messages = Array.from({ length: count }, (_, i) => ({ key: `k${i % 4}`, value: JSON.stringify({ i, runId }) }));
    const r1 = await producer.send({ topic, acks: -1, messages });
    const r2 = await producer.send({
      topic: compacted,
      acks: -1,
      messages: [
        { key: 'tenant-a', value: 'v1' },
        { key: 'tenant-a', value: 'v2' },
      ],
    });
    return `${count} to ${topic} (${r1.length} partition(s)), 2 keyed to ${compacted} (${r2.length})`;
  });

  await check('kafka consumer group join + consume + manual commitOffsets', async () => {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const seen = new Set();
    let commits = 0;
    const done = new Promise((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ topic: t, partition, message }) => {
            seen.add(JSON.parse(message.value.toString()).i);
            await consumer.commitOffsets([{ topic: t, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
            commits += 1;
            if (seen.size === count) resolve();
          },
        })
        .catch(reject);
    });
    await withTimeout(done, 30000, `consume ${count} messages`);
    return `${seen.size}/${count} messages, ${commits} commits`;
  });

  await check('kafka fetchOffsets (committed offsets add up)', async () => {
    const res = await admin.fetchOffsets({ groupId, topics: [topic] });
    const total = res[0].partitions.reduce((n, p) => n + Number(p.offset), 0);
    if (total !== count) throw new Error(`committed offsets sum to ${total}, want ${count}`);
    return `sum ${total}`;
  });

  await check('kafka fetchTopicOffsets', async () => {
    const offsets = await admin.fetchTopicOffsets(topic);
    const total = offsets.reduce((n, p) => n + Number(p.high), 0);
    if (total !== count) throw new Error(`high watermarks sum to ${total}, want ${count}`);
    return offsets.map((p) => `p${p.partition}:${p.low}-${p.high}`).join(' ');
  });

  await check('kafka listGroups + describeGroups', async () => {
    const { groups } = await admin.listGroups();
    if (!groups.some((g) => g.groupId === groupId)) throw new Error(`${groupId} not in listGroups`);
    const { groups: described } = await admin.describeGroups([groupId]);
    const g = described[0];
    if (g.state !== 'Stable' || g.members.length !== 1) throw new Error(`group state ${g.state}, ${g.members.length} member(s)`);
    return `${groups.length} group(s); ${groupId} ${g.state}, protocol ${g.protocol}, ${g.members.length} member`;
  });

  await check('kafka disconnect producer/consumer', async () => {
    await producer.disconnect();
    await consumer.disconnect();
  });

  await check('kafka deleteGroups', async () => {
    await admin.deleteGroups([groupId]);
  });

  await check('kafka deleteTopics', async () => {
    await admin.deleteTopics({ topics: [topic, compacted], timeout: 10000 });
    const left = (await admin.listTopics()).filter((t) => t === topic || t === compacted);
    if (left.length) throw new Error(`still listed: ${left.join(', ')}`);
  });

  await admin.disconnect().catch(() => {});
}

async function clickhouseSmoke() {
  console.log(`# clickhouse ${chUrl} (@clickhouse/client ${require('@clickhouse/client/package.json').version})`);
  const client = createClient({ url: chUrl, username: 'default', password: '', request_timeout: 10000 });
  const db = `smoke_${runId}`;
  const rows = [
    { id: 1, tenant: 'acme', at: '2024-05-01T12:34:56Z', tokens: 120 },
    { id: 2, tenant: 'acme', at: '2024-05-01 12:35:00', tokens: 30 },
    { id: 3, tenant: 'globex', at: '2024-05-02T08:00:00+02:00', tokens: 7 },
  ];

  await check('clickhouse ping + version', async () => {
    const ping = await client.ping();
    if (!ping.success) throw ping.error;
    const rs = await client.query({ query: 'SELECT version() AS v', format: 'JSONEachRow' });
    return `server ${(await rs.json())[0].v}`;
  });

  await check('clickhouse create database + table (LowCardinality, MergeTree)', async () => {
    await client.command({ query: `CREATE DATABASE ${db}` });
    await client.command({
      query: `CREATE TABLE ${db}.usage (id UInt64, tenant LowCardinality(String), at DateTime, tokens UInt32)
              ENGINE = MergeTree ORDER BY (tenant, id)`,
    });
    return db;
  });

  await check('clickhouse insert JSONEachRow (best_effort DateTime)', async () => {
    await client.insert({ table: `${db}.usage`, values: rows, format: 'JSONEachRow' });
    return `${rows.length} rows`;
  });

  await check('clickhouse read back', async () => {
    const rs = await client.query({
      query: `SELECT tenant, count() AS n, sum(tokens) AS tokens, toString(min(at), 'UTC') AS first
              FROM ${db}.usage GROUP BY tenant ORDER BY tenant`,
      format: 'JSONEachRow',
    });
    const got = await rs.json();
    const want = [
      { tenant: 'acme', n: '2', tokens: '150', first: '2024-05-01 12:34:56' },
      { tenant: 'globex', n: '1', tokens: '7', first: '2024-05-02 06:00:00' },
    ];
    if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`got ${JSON.stringify(got)}`);
    return JSON.stringify(got);
  });

  await check('clickhouse drop database', async () => {
    await client.command({ query: `DROP DATABASE ${db}` });
  });

  await client.close();
}

async function main() {
  const t0 = Date.now();
  if (only !== 'clickhouse') await kafkaSmoke();
  if (only !== 'kafka') await clickhouseSmoke();
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (failures.length) {
    console.log(`smoke: ${failures.length} check(s) FAILED in ${secs}s: ${failures.join('; ')}`);
    process.exit(1);
  }
  console.log(`smoke: all checks passed in ${secs}s`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
