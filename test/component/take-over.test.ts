import { describeTakeOver } from '../support/take-over-scenario';
import { plainRedis } from '../support/redis';

const redis = plainRedis();
afterAll(() => redis.disconnect());

describe('a session taken over by a resume offer, on one Redis server', () => describeTakeOver(() => redis));
