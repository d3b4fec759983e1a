import { Cluster } from 'ioredis';
import { sessionKey } from '../../src/session/keys';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { completeMathQuiz, QUIZ_END, startEffectsHarness, type EffectsHarness } from '../support/effects';
import { startRedisCluster, type LocalCluster } from '../support/redis-cluster';
import { describeSessionScenarios } from '../support/session-scenarios';
import { describeTakeOver } from '../support/take-over-scenario';

let cluster: LocalCluster;
beforeAll(async () => {
  cluster = await startRedisCluster(3);
  console.log(`Redis Cluster of 3 masters up on ${cluster.nodes}`);
}, 30_000);
afterAll(async () => cluster?.stop());

describe('on a real three-master Redis Cluster (REDIS_CLUSTER_NODES)', () => {
  describeSessionScenarios((env = {}) => startTestApp({ REDIS_CLUSTER_NODES: cluster.nodes, ...env }));

  describe('a session taken over by a resume offer, on another shard', () => {
    let client: Cluster;
    beforeAll(() => (client = new Cluster(cluster.ports.map((port) => ({ host: '127.0.0.1', port })))));
    afterAll(() => client.disconnect());
    describeTakeOver(() => client);
  });

  describe('placement', () => {
    let t: TestApp;
    beforeAll(async () => (t = await startTestApp({ REDIS_CLUSTER_NODES: cluster.nodes })));
    afterAll(() => t.close());

    it('when the app connects, then its client is a Cluster client that sees three masters', () => {
      expect(t.deps.redis).toBeInstanceOf(Cluster);
      expect((t.deps.redis as Cluster).nodes('master')).toHaveLength(3);
    });

    it('when many sessions run, then their keys spread over every master, each session on exactly one', async () => {
      const masters = (t.deps.redis as Cluster).nodes('master');
      const callers = Array.from({ length: 30 }, () => atCaller(t.app));
      await Promise.all(callers.map((c) => c.hop('')));
      const used = new Set<number>();
      for (const c of callers) {
        // A master that does not own the key's slot answers MOVED.
        const held = await Promise.all(masters.map((m) => m.exists(sessionKey('at', c.sessionId)).catch((e: Error) => (e.message.startsWith('MOVED') ? -1 : Promise.reject(e)))));
        expect(held.filter((h) => h === 1)).toHaveLength(1);
        expect(held.filter((h) => h === -1)).toHaveLength(2);
        used.add(held.indexOf(1));
      }
      expect(used.size).toBe(3);
    });

    it('when a number goes over its rate limit, then the limiter (rate-limiter-flexible on the Cluster client) ends its next dial politely', async () => {
      const limited = await startTestApp({ REDIS_CLUSTER_NODES: cluster.nodes, RATE_LIMIT_PER_MSISDN: '2/60' });
      try {
        const phoneNumber = `+2547${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;
        const dials = [];
        for (let i = 0; i < 3; i++) dials.push(await atCaller(limited.app, { phoneNumber }).hop(''));
        expect(dials).toEqual([
          'CON Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score',
          'CON Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score',
          'END Too many requests. Wait a few minutes, then dial again.',
        ]);
      } finally {
        await limited.close();
      }
    });

    it("when a key carries a session's hash tag, then it lands in that session's slot", async () => {
      const redis = t.deps.redis;
      const slot = async (key: string) => Number(await redis.call('CLUSTER', 'KEYSLOT', key));
      expect(await slot('ussd:x:{at:ATUid_1}')).toBe(await slot(sessionKey('at', 'ATUid_1')));
    });
  });

  describe('effects (BullMQ under a hash-tagged prefix, the outbox beside the session)', () => {
    let h: EffectsHarness;
    beforeAll(async () => (h = await startEffectsHarness({ env: { REDIS_CLUSTER_NODES: cluster.nodes } })));
    afterAll(async () => h?.close());

    it('when a learner completes the quiz, then the charge and the SMS each run once through the queues and workers on the Cluster, and the outbox is cleared', async () => {
      const at = atCaller(h.app);
      expect(await completeMathQuiz(at.hop)).toBe(QUIZ_END);
      const [chargeId] = await h.jobIds('billing', at.sessionId);
      const [smsId] = await h.jobIds('sms', at.sessionId);
      expect(await h.settled('billing', [chargeId as string])).toEqual(['completed']);
      expect(await h.settled('sms', [smsId as string])).toEqual(['completed']);
      expect(h.billing.ledger.applied().filter((e) => e.key.includes(at.sessionId)).map((e) => [e.key, e.attempts])).toEqual([[chargeId, 1]]);
      expect(h.sms.ledger.applied().filter((e) => e.key.includes(at.sessionId)).map((e) => e.key)).toEqual([smsId]);
      expect(await h.deps.redis.exists(`ussd:o:{at:${at.sessionId}}`)).toBe(0);
    });

    it('when five copies of the final hop arrive at once, then all five get the END and the learner is charged once', async () => {
      const at = atCaller(h.app);
      for (const chain of ['', '1', '1*1', '1*1*2', '1*1*2*1']) await at.hop(chain);
      expect(await Promise.all(Array.from({ length: 5 }, () => at.hop('1*1*2*1*3')))).toEqual(Array(5).fill(QUIZ_END));
      const ids = await h.jobIds('billing', at.sessionId);
      await h.settled('billing', ids);
      expect(h.billing.ledger.applied().filter((e) => e.key.includes(at.sessionId)).map((e) => e.attempts)).toEqual([1]);
    });
  });
});
