import { departmentStatsRoute } from './stats-routes.ts';

// GET /stats/departments (public): per department, reviews received, decided on time, deemed
// approvals, correction requests, median and 90th percentile working days to decide.
export const handler = departmentStatsRoute();
