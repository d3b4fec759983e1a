import { startTestApp } from '../support/app';
import { describeSessionScenarios } from '../support/session-scenarios';

describe('sessions on a standalone Redis', () => {
  describeSessionScenarios(startTestApp);
});
