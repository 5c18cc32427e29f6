// Powertools logger and metrics shared by every handler. Log lines carry record ids and counts,
// never a record's raw text: personal ID numbers exist only masked and hashed after parsing.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const logger = new Logger({ serviceName: 'fenji' });
export const metrics = new Metrics({ namespace: 'fenji', serviceName: 'fenji' });
