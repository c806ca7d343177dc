import { serviceStatsRoute } from './stats-routes.ts';

// GET /stats/services (public): per service, cases, outcomes, median working days to outcome.
export const handler = serviceStatsRoute();
