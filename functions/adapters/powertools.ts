// One Logger and one Metrics for every function (structured JSON and CloudWatch EMF; the
// service name comes from POWERTOOLS_SERVICE_NAME).
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'one-stop' });
export const metrics = new Metrics({ namespace: 'OneStop', serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'one-stop' });
