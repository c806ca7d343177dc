// One Logger for every function (structured JSON; the service name comes from
// POWERTOOLS_SERVICE_NAME).
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'one-stop' });
